/**
 * lineage-tag's pipeline, runner or not: digests the model, reads the data, parameters and reports that produced
 * it, picks the version (and tags it, through a tag store), writes the in-toto manifest and the model card, uploads
 * the artifact (through an uploader), and returns everything the step publishes.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  checkPathPolicy,
  ConfigurationError,
  displayPath,
  readDataReport,
  readEvalReport,
  type DataReport,
  type EvalReport,
  type Logger,
  type StepResult,
} from '@mlgate/core';
import { resolveData, readParams } from './data.js';
import { manifestText, modelId, resolveArtifacts, type Subject } from './digest.js';
import { renderModelCard } from './model-card.js';
import {
  buildStatement,
  codeInfoFromEnv,
  environmentFromEnv,
  serializeManifest,
  type CodeInfo,
  type LineageInput,
  type LineageStatement,
} from './statement.js';
import type { LineageTagInputs } from './tag-inputs.js';
import { renderLineageTagSummary } from './tag-summary.js';
import {
  claimVersion,
  planVersion,
  type ExistingVersion,
  type TagAttempt,
  type VersionPlan,
  type VersionRequest,
} from './versioning.js';
import { gitHead, gitState, workspaceEnvironment } from './workspace.js';

/** What an mlgate model tag records in its message (after the first, human line): the model, its manifest's digest and the run that tagged it. */
export interface ModelTagRecord {
  modelId: string;
  manifestSha256?: string;
  runId?: string;
  runAttempt?: string;
  artifactName?: string;
}

/**
 * Where a model's versions are recorded (git tags model/<name>/v<version>): the repository's tags through the GitHub
 * API in an action, the clone's own tags on a laptop (read only).
 */
export interface ModelTagStore {
  /** Every version of the model so far. */
  list: (name: string) => Promise<ExistingVersion[]>;
  /** Creates a version's tag; the creation is the lock. Absent: the store only reads, no tag is created. */
  create?: (tag: {
    name: string;
    version: string;
    commit: string;
    record: ModelTagRecord;
  }) => Promise<TagAttempt>;
  /** The order of versions. */
  compare: (a: string, b: string) => number;
  /** A read-only store says why it creates no tag (shown in the log). */
  readOnlyReason?: string;
}

/** Uploads files as a workflow artifact (a GitHub Actions job's artifact service). */
export type ArtifactUploader = (artifact: {
  name: string;
  files: string[];
  rootDirectory: string;
  retentionDays?: number;
}) => Promise<{ id: number; url?: string }>;

export interface LineageTagServices {
  logger: Logger;
  /** Where versions are read and tagged; undefined: every build is version 1 (or the `version` input). */
  tags?: ModelTagStore;
  /** Undefined where there is no artifact service: `upload: true` is then an error. */
  upload?: ArtifactUploader;
  /** GITHUB_SHA, GITHUB_RUN_ID, … (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Everything a lineage-tag run did, and what the step publishes (no annotations: its problems are thrown, with file
 * and line; the summary is HTML).
 */
export interface LineageTagResult extends StepResult {
  summary: string;
  modelId: string;
  version: string;
  /** The tag naming this version ('' when none: tag false, or a read-only store without it). */
  tag: string;
  /** Whether this run created the tag. */
  tagCreated: boolean;
  plan: VersionPlan;
  statement: LineageStatement;
  manifestPath: string;
  modelCardPath: string;
  checksumsPath: string;
  predicatePath: string;
  artifact?: { id: number; url?: string };
  /** The model differs from the previous version (or there is none). */
  changed: boolean;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const artifactName = (name: string, version: string) => `model-${name}-v${version}`;

/** What the build is made of: model files, data, parameters, reports, code and environment. */
interface BuildSources {
  files: Subject[];
  modelId: string;
  data: LineageInput['data'];
  params: LineageInput['params'];
  evaluation?: { report: EvalReport; sha256: string };
  validation: { report: DataReport; sha256: string }[];
  code: CodeInfo;
  /** The commit tagged: GITHUB_SHA, else the code's commit. */
  commit?: string;
  environment: LineageInput['environment'];
}

export async function runLineageTag(
  inputs: LineageTagInputs,
  services: LineageTagServices,
): Promise<LineageTagResult> {
  const { logger } = services;
  const env = services.env ?? process.env;
  logger.info(
    `model: ${inputs.model.join(', ')}; name ${inputs.name}; data: ${inputs.data.join(', ') || 'none'}; params: ${inputs.params.join(', ') || 'none'}; eval report: ${inputs.evalReport ?? 'none'}; tag ${inputs.tag}; upload ${inputs.upload}`,
  );
  if (inputs.upload && !services.upload)
    throw new ConfigurationError(
      'upload: there is no artifact service here (artifacts are uploaded from a step of a GitHub Actions job); set the `upload` input to false',
    );
  const sources = await readSources(inputs, logger, env);
  const store = inputs.tag ? services.tags : undefined;
  if (store?.create && !sources.commit)
    throw new ConfigurationError('GITHUB_SHA is not set: there is no commit to tag.');
  const manifests = manifestsOf(inputs, sources);
  const plan = await chooseVersion(inputs, sources, store, manifests, logger, env);
  const tagName = `model/${inputs.name}/v${plan.version}`;
  const tag = store && (store.create || plan.exists) ? tagName : '';
  logVersion(plan, tagName, store, sources.commit, logger);

  const { statement, json } = manifests(plan);
  const paths = await writeLineageFiles(inputs, plan.version, sources, statement, json);
  logger.info(`manifest: ${paths.manifestPath}`);
  const artifact = await uploadModel(inputs, plan.version, sources.files, paths, services);
  if (artifact) logger.info(`artifact ${artifact.id}${artifact.url ? `: ${artifact.url}` : ''}`);

  // A version another run already tagged for this model is no change; a rerun repeats its first attempt's answer.
  const changed =
    plan.reused !== 'same-model' &&
    (plan.previous?.modelId === undefined || plan.previous.modelId !== sources.modelId);
  const outputs = {
    'model-id': sources.modelId,
    version: plan.version,
    tag,
    manifest: paths.manifestPath,
    'model-card': paths.modelCardPath,
    'artifact-id': artifact ? String(artifact.id) : '',
    'artifact-url': artifact?.url ?? '',
    'subject-digest': sources.files.length === 1 ? `sha256:${sources.files[0].sha256}` : sources.modelId,
    'subject-checksums': paths.checksumsPath,
    changed: String(changed),
  };
  const summary = renderLineageTagSummary({
    name: inputs.name,
    version: plan.version,
    modelId: sources.modelId,
    files: sources.files.length,
    tag,
    commit: sources.commit,
    dataInputs: sources.data.length,
    evaluationOutcome: sources.evaluation?.report.outcome,
    changed,
    artifact,
    manifestPath: paths.manifestPath,
    model: inputs.model[0],
  });
  const tagCreated = Boolean(store?.create) && !plan.exists;
  const tagged = tagCreated ? `tag ${tag} created` : tag ? `tag ${tag} already there` : 'not tagged';
  const verdict = `lineage-tag: ${inputs.name} v${plan.version} is model ${sources.modelId}; ${tagged}${changed ? '' : '; unchanged'}`;
  const result = { modelId: sources.modelId, version: plan.version, tag, tagCreated, plan, statement };
  return { ...result, ...paths, artifact, changed, outputs, annotations: [], summary, lines: [], verdict };
}

/** Digests the model and reads everything it was built from. */
async function readSources(
  inputs: LineageTagInputs,
  logger: Logger,
  env: NodeJS.ProcessEnv,
): Promise<BuildSources> {
  const { workspace } = inputs;
  const files = await logger.group('Digesting the model', async () => {
    const subjects = await resolveArtifacts(inputs.model, workspace, { inputName: 'model' });
    for (const file of subjects) logger.info(`${file.sha256}  ${file.name} (${file.size} bytes)`);
    return subjects;
  });
  const id = modelId(files);
  logger.info(`model id: ${id}`);
  const inputsRead = await logger.group('Reading data, parameters and reports', () =>
    readDataAndReports(inputs, logger),
  );
  const code = { ...codeInfoFromEnv(env), ...(await gitState(workspace)) };
  // Outside a runner (no GITHUB_SHA) the clone's HEAD is the commit built.
  if (!code.commit) {
    const head = await gitHead(workspace);
    if (head) code.commit = head;
  }
  const environment = await workspaceEnvironment(environmentFromEnv(env), workspace);
  return { files, modelId: id, ...inputsRead, code, commit: env.GITHUB_SHA ?? code.commit, environment };
}

async function readDataAndReports(
  inputs: LineageTagInputs,
  logger: Logger,
): Promise<Pick<BuildSources, 'data' | 'params' | 'evaluation' | 'validation'>> {
  const { workspace } = inputs;
  const resolved = await resolveData(inputs.data, workspace);
  for (const descriptor of resolved.descriptors)
    logger.info(`data: ${descriptor.name ?? descriptor.uri} ${JSON.stringify(descriptor.digest)}`);
  // A report's digest is of its bytes as they are; reading it validates it (and names the file when it is not one).
  const readReport = async (file: string) => {
    const absolute = path.resolve(workspace, file);
    return {
      absolute,
      shown: displayPath(absolute, workspace),
      sha256: sha256(await readFile(absolute).catch(() => Buffer.alloc(0))),
    };
  };
  let evaluation;
  if (inputs.evalReport) {
    const file = await readReport(inputs.evalReport);
    evaluation = { report: await readEvalReport(file.absolute, file.shown), sha256: file.sha256 };
    logger.info(`evaluation: ${evaluation.report.outcome} (${file.shown})`);
  }
  const validation = [];
  for (const name of inputs.dataReports) {
    const file = await readReport(name);
    validation.push({ report: await readDataReport(file.absolute, file.shown), sha256: file.sha256 });
  }
  return {
    data: resolved.descriptors,
    params: await readParams(inputs.params, workspace),
    evaluation,
    validation,
  };
}

/** The manifest of a planned version (it names the version and the previous one), built once per plan. */
function manifestsOf(
  inputs: LineageTagInputs,
  sources: BuildSources,
): (plan: VersionPlan) => { statement: LineageStatement; json: string } {
  let prepared: { plan: VersionPlan; statement: LineageStatement; json: string } | undefined;
  return (plan) => {
    if (prepared?.plan === plan) return prepared;
    const { files, code, data, params, environment, evaluation, validation } = sources;
    const previous = plan.previous;
    const statement = buildStatement({
      name: inputs.name,
      version: plan.version,
      files,
      code,
      data,
      params,
      environment,
      evaluation,
      validation,
      previous: previous?.modelId
        ? { version: previous.version, tag: previous.tag, modelId: previous.modelId }
        : undefined,
    });
    prepared = { plan, statement, json: serializeManifest(statement) };
    return prepared;
  };
}

/**
 * The version: claimed by creating its tag when the store can (another run may take a number first), planned from
 * the store's listing when it only reads, the next number from nothing without a store.
 */
async function chooseVersion(
  inputs: LineageTagInputs,
  sources: BuildSources,
  store: ModelTagStore | undefined,
  manifests: ReturnType<typeof manifestsOf>,
  logger: Logger,
  env: NodeJS.ProcessEnv,
): Promise<VersionPlan> {
  const runId = env.GITHUB_RUN_ID;
  const build: VersionRequest = {
    name: inputs.name,
    modelId: sources.modelId,
    commit: sources.commit ?? '',
    runId,
    requested: inputs.version,
  };
  // No store, no versions to order: the next number is 1 (or the version asked for).
  if (!store) return planVersion([], build, () => 0);
  const create = store.create;
  if (!create) return planVersion(await store.list(inputs.name), build, store.compare);
  return claimVersion({
    build,
    compare: store.compare,
    list: () => store.list(inputs.name),
    create: (planned) =>
      create({
        name: inputs.name,
        version: planned.version,
        commit: build.commit,
        record: {
          modelId: sources.modelId,
          manifestSha256: sha256(manifests(planned).json),
          runId,
          runAttempt: env.GITHUB_RUN_ATTEMPT,
          artifactName: inputs.upload ? artifactName(inputs.name, planned.version) : undefined,
        },
      }),
    log: (line) => logger.info(line),
  });
}

function logVersion(
  plan: VersionPlan,
  tagName: string,
  store: ModelTagStore | undefined,
  commit: string | undefined,
  logger: Logger,
): void {
  const reused =
    plan.reused === 'rerun'
      ? ' (already tagged by this workflow run: reused)'
      : plan.reused === 'same-model'
        ? ' (this model was already tagged on this commit: reused, no new tag)'
        : '';
  logger.info(
    `version ${plan.version}${reused}; previous: ${plan.previous ? `${plan.previous.tag} (${plan.previous.modelId ?? 'unknown model'})` : 'none'}`,
  );
  if (store?.create)
    logger.info(
      `tag ${tagName} ${plan.exists ? 'already there: not created again' : 'created'} on ${commit}`,
    );
  else if (store)
    logger.info(
      plan.exists
        ? `tag ${tagName} already there for this model on ${commit}`
        : `tag ${tagName} not created: ${store.readOnlyReason ?? 'the tag store only reads'}`,
    );
}

/** The manifest, its predicate alone (for actions/attest), the sha256sum listing and the model card. */
async function writeLineageFiles(
  inputs: LineageTagInputs,
  version: string,
  sources: BuildSources,
  statement: LineageStatement,
  manifestJson: string,
): Promise<Pick<LineageTagResult, 'manifestPath' | 'modelCardPath' | 'checksumsPath' | 'predicatePath'>> {
  const manifestPath = path.resolve(
    inputs.workspace,
    inputs.manifestPath ?? path.join('mlgate-reports', 'lineage', `${inputs.name}-v${version}.intoto.json`),
  );
  const modelCardPath = manifestPath.replace(/(\.intoto)?\.json$/, '') + '.model-card.md';
  const checksumsPath = `${manifestPath}.sha256`;
  const predicatePath = `${manifestPath}.predicate.json`;
  checkPathPolicy(manifestPath, 'manifest-path');
  await mkdir(path.dirname(manifestPath), { recursive: true });
  await writeFile(manifestPath, manifestJson);
  await writeFile(predicatePath, `${JSON.stringify(statement.predicate, null, 2)}\n`);
  await writeFile(checksumsPath, manifestText(sources.files));
  await writeFile(modelCardPath, renderModelCard(statement, sources.evaluation?.report));
  return { manifestPath, modelCardPath, checksumsPath, predicatePath };
}

/** Uploads the model files, manifest, card and checksums as `model-<name>-v<version>` when asked. */
async function uploadModel(
  inputs: LineageTagInputs,
  version: string,
  files: Subject[],
  paths: Pick<LineageTagResult, 'manifestPath' | 'modelCardPath' | 'checksumsPath'>,
  { upload, logger }: LineageTagServices,
): Promise<{ id: number; url?: string } | undefined> {
  // Without an uploader, upload: true was refused before any work.
  if (!inputs.upload || !upload) return undefined;
  const { workspace } = inputs;
  const modelFiles = files.map((file) => path.resolve(workspace, file.name));
  const outside = [paths.manifestPath, ...modelFiles].find((file) =>
    path.relative(workspace, file).startsWith('..'),
  );
  if (outside)
    throw new ConfigurationError(
      `upload: ${outside} is outside the workspace; keep the model and manifest-path inside it (or set upload: false).`,
    );
  return logger.group('Uploading the artifact', () =>
    upload({
      name: artifactName(inputs.name, version),
      files: [...modelFiles, paths.manifestPath, paths.modelCardPath, paths.checksumsPath],
      rootDirectory: workspace,
      retentionDays: inputs.retentionDays,
    }),
  );
}
