/**
 * @mlgate/lineage — model lineage: digests, DVC files, in-toto statements, model cards, verification and versions.
 * Exports what other packages, the actions, the CLI and their tests use; this package's own modules and tests
 * import by relative path.
 */
export { resolveArtifacts } from './digest.js';
export { buildStatement, lineageManifestSchema, readManifest } from './statement.js';
export type { EvaluationSummary } from './statement.js';
export { describeManifest, describeProblem, verifyManifest } from './verify.js';
export type { ExistingVersion } from './versioning.js';
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
