/** Data contracts: types, JSON Schema, loader, Frictionless value parsing, safe patterns and --infer. */
export * from './types.js';
export { contractSchema, quantileStatPattern } from './schema.js';
export {
  loadContract,
  parseContract,
  defaultDrift,
  type ContractDocument,
  type FieldDocument,
} from './load.js';
export * from './values.js';
// The pattern checker (regex.ts) is not re-exported: load.ts loads it by import() when a contract has patterns.
export type { PatternVerdict, SafePattern } from './regex.js';
export {
  classifyJsonValue,
  inferContract,
  inferType,
  maxEnumValues,
  minEnumCount,
  nullFractionBound,
  rangeMargin,
  renderContractYaml,
  widenRange,
  type ColumnSummary,
  type InferredContract,
  type InferredFrom,
} from './infer.js';
