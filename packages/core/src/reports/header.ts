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
