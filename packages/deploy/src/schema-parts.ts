/** JSON Schema pieces the sections of the deploy config share (router settings and analysis). */

export const stringList = { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 } as const;
/** A command without a shell: program and arguments. */
export const argv = stringList;
/** Names of environment variables the user's commands may see (childEnvironment in @mlgate/core). */
export const environmentNames = {
  type: 'array',
  items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
} as const;
export const identifier = { type: 'string', pattern: '^[A-Za-z0-9_]+$' } as const;
/** "500ms", "30s", "5m", "1h", or a number of seconds (parseDeployDuration). */
export const duration = { type: ['string', 'number'] } as const;
export const headers = { type: 'object', additionalProperties: { type: 'string' } } as const;
