/**
 * @mlgate/core — the vocabulary every package shares: errors with locations, the Logger, input parsing, config files, report schemas, Markdown and runner-safe text.
 * Exports what other packages, the actions, the CLI and their tests use; this package's own modules and tests
 * import by relative path.
 */
export { ConfigurationError, InputDataError, describeError, formatLocation, isUserError } from './errors.js';
export type { SourceLocation } from './errors.js';
export { closestKey, didYouMean, editDistance, suggestKey } from './suggest.js';
export { MemoryLogger } from './logger.js';
export type { Logger } from './logger.js';
export { failsOn } from './step-result.js';
export type {
  Annotation,
  BaselineService,
  StepOutcome,
  StepResult,
  StepServices,
  StoredBaseline,
} from './step-result.js';
export { parseBoolean, parseChoice, parseList, parseNumber, requireInput } from './inputs.js';
export type { InputSource } from './inputs.js';
export { displayPath, expandPaths, resolveFiles } from './files.js';
export { codeBlock, escapeMarkdown, escapeTableCell, inlineCode, truncate } from './markdown.js';
export {
  compileSchema,
  describeSchemaError,
  loadConfigFile,
  mostSpecificError,
  parseConfigText,
  readablePath,
} from './config.js';
export type { LoadedConfig } from './config.js';
export {
  CALENDAR_PART_NAMES,
  CASE_STATUSES,
  CASE_TEXT_SHOWN,
  DATA_PROFILE_KIND,
  DATA_PROFILE_VERSION,
  DATA_REPORT_KIND,
  CASE_FIELDS,
  DATA_REPORT_VERSION,
  EVAL_REPORT_KIND,
  EVAL_REPORT_VERSION,
  VALUE_CLASSES,
  baselineCopy,
  dataProfileSchema,
  dataReportSchema,
  evalReportSchema,
  evalVerdictLine,
  gateLacksBaseline,
  inconclusiveReason,
  outcomeLabel,
  parseJson,
  readDataProfile,
  readDataReport,
  readEvalReport,
  readReportFile,
  readReportText,
  reportHeaderProperties,
  reportKind,
  summaryText,
  validateReport,
  writeReportFile,
  writeTextFile,
} from './reports/index.js';
export type {
  BaselineResolution,
  CaseDiffEntry,
  CaseFieldVisitor,
  CaseRecord,
  CaseStatus,
  ColumnProfileJson,
  ColumnReport,
  DataCheckResult,
  DataProfile,
  DataReport,
  DriftResult,
  EvalReport,
  FailingRowSample,
  GateResult,
  GateStatus,
  InconclusiveReason,
  MetricNumber,
  MetricSummary,
  Outcome,
  ProfileFile,
  RunContext,
  ScoreHistogram,
} from './reports/index.js';
export { MLGATE_VERSION } from './version.js';
export { runContextFromEnv } from './context.js';
export { checkPathPolicy } from './path-policy.js';
export { runnerSafe, runnerSafeJson } from './runner-safe.js';
export { childEnvironment } from './child-environment.js';
export { isStackOverflow, rethrowNesting } from './nesting.js';
export {
  describeChange,
  formatChange,
  formatInterval,
  formatNumber,
  formatPValue,
  formatPercent,
  formatSigned,
} from './format.js';
export { formatDuration, parseDuration } from './duration.js';
