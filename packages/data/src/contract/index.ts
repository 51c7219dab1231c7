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
export { checkPattern, compileSafePattern, type PatternVerdict, type SafePattern } from './regex.js';
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
