/** The fields every mlgate report starts with: what it is, which version of its schema, who wrote it and when. */

/** Schema properties of the report header; `kind` is the report's own constant. */
export function reportHeaderProperties(kind: string) {
  return {
    kind: { const: kind },
    // Readers accept any minor of their major: new minors only add optional fields.
    schemaVersion: { type: 'string', pattern: '^1\\.[0-9]+$' },
    generatedAt: { type: 'string' },
    tool: {
      type: 'object',
      required: ['name', 'version'],
      properties: { name: { const: 'mlgate' }, version: { type: 'string' } },
    },
  } as const;
}

/** The data files a profile or data report was computed from, with their row counts. */
export const dataFilesSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['path', 'format', 'rows'],
    properties: {
      path: { type: 'string' },
      format: { type: 'string' },
      rows: { type: 'integer', minimum: 0 },
    },
  },
} as const;
