/**
 * @mlgate/lineage — model lineage: digests, DVC files, in-toto statements, model cards, verification and versions.
 * Exports what other packages, the actions, the CLI and their tests use; this package's own modules and tests
 * import by relative path.
 */
export { manifestText, modelId, resolveArtifacts } from './digest.js';
export { readParams, resolveData } from './data.js';
export {
  buildStatement,
  codeInfoFromEnv,
  environmentFromEnv,
  lineageManifestSchema,
  readManifest,
  serializeManifest,
} from './statement.js';
export type { EvaluationSummary, LineageStatement } from './statement.js';
export { renderModelCard } from './model-card.js';
export { describeManifest, describeProblem, verifyManifest } from './verify.js';
export { gitState, workspaceEnvironment } from './workspace.js';
export { claimVersion, planVersion } from './versioning.js';
export type { ExistingVersion, VersionPlan } from './versioning.js';
export { parseLineageTagInputs } from './tag-inputs.js';
export type { LineageTagInputs } from './tag-inputs.js';
export { runLineageTag } from './tag.js';
export type {
  ArtifactUploader,
  LineageTagResult,
  LineageTagServices,
  ModelTagRecord,
  ModelTagStore,
} from './tag.js';
