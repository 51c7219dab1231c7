/**
 * The lineage manifest: an in-toto Statement v1 whose subjects are the model files and whose predicate links them to
 * the code, data, parameters, environment and evaluation that produced them. Also its JSON Schema and reader.
 */
import { readFile } from 'node:fs/promises';
import {
  compileSchema,
  describeSchemaError,
  gateLacksBaseline,
  inconclusiveReason,
  InputDataError,
  MLGATE_VERSION,
  mostSpecificError,
  parseJson,
  runContextFromEnv,
  type DataReport,
  type EvalReport,
  type InconclusiveReason,
  type MetricNumber,
  type Outcome,
} from '@mlgate/core';
import { compareBytes, modelId, type Subject } from './digest.js';

export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const LINEAGE_PREDICATE_TYPE = 'https://mlgate.dev/lineage/v1';

/**
 * Digest algorithms a manifest may name, with their hex lengths: the in-toto DigestSet names mlgate writes or may
 * meet, plus DVC's two md5 flavours. The set is closed so that a misspelt algorithm ("sha-256") is an error, not a
 * digest every verifier silently ignores.
 */
export const DIGEST_ALGORITHMS = {
  sha256: 64,
  sha384: 96,
  sha512: 128,
  sha1: 40,
  md5: 32,
  /** in-toto's directory hash: SHA-256 of the sorted sha256sum listing (what `digestTree` computes). */
  dirHash: 64,
  gitCommit: 40,
  gitTree: 40,
  gitBlob: 40,
  /** DVC 2's md5 of a file after CRLF → LF conversion of text; may differ from md5sum. */
  'md5-dos2unix': 32,
  /** DVC's md5 of its `.dir` listing object for a directory (the `.dir` suffix removed). */
  dvcDirMd5: 32,
} as const;
export type DigestAlgorithm = keyof typeof DIGEST_ALGORITHMS;
export type DigestSet = Partial<Record<DigestAlgorithm, string>>;

/** in-toto ResourceDescriptor v1 (all fields optional; at least one of uri, digest, content). */
export interface ResourceDescriptor {
  name?: string;
  uri?: string;
  digest?: DigestSet;
  content?: string;
  downloadLocation?: string;
  mediaType?: string;
  annotations?: Record<string, unknown>;
}

export interface NamedDigest {
  name: string;
  sha256: string;
}

export interface ModelInfo {
  name: string;
  version: string;
  /** `sha256:` + hex, see `modelId`. */
  id: string;
  files: Subject[];
  format: string;
}

export interface CodeInfo {
  repository?: string;
  ref?: string;
  commit?: string;
  /** Git tree of the commit, when known: identifies the code even across rebases. */
  tree?: string;
  /** The working tree had uncommitted changes: the commit alone does not reproduce the model. */
  dirty?: boolean;
  workflow?: { path: string; ref?: string };
  runId?: string;
  runAttempt?: string;
  runUrl?: string;
}

export interface ParamsInfo {
  /** Parsed content of each params file, keyed by its workspace-relative name. */
  values: Record<string, unknown>;
  files: NamedDigest[];
}

export interface EnvironmentInfo {
  runnerOs?: string;
  runnerArch?: string;
  node: string;
  python?: string;
  /** Dependency lock files (requirements.txt, poetry.lock, uv.lock …) and their digests. */
  lockfiles: NamedDigest[];
}

export interface MetricValue {
  value: MetricNumber;
  ci?: [MetricNumber, MetricNumber];
  higherIsBetter?: boolean;
}

export interface GateCounts {
  total: number;
  passed: number;
  failed: number;
  warned: number;
  inconclusive: number;
  /** Of the inconclusive gates, those inconclusive only because there was no baseline yet. */
  noBaseline?: number;
}

export interface EvaluationSummary {
  reportSha256: string;
  outcome: Outcome;
  /** Why an inconclusive outcome is inconclusive: no baseline yet, or the data cannot decide. */
  inconclusiveReason?: InconclusiveReason;
  passed: boolean;
  summary: string;
  task?: string;
  cases?: number;
  /** The eval report's headline metrics with their confidence intervals. */
  metrics: Record<string, MetricValue>;
  gates: GateCounts;
}

export interface ValidationSummary {
  reportSha256: string;
  dataset: string;
  outcome: 'pass' | 'warn' | 'fail';
  rows?: number;
}

export interface PreviousVersion {
  version: string;
  tag?: string;
  modelId: string;
}

export interface LineagePredicate {
  model: ModelInfo;
  code: CodeInfo;
  data: ResourceDescriptor[];
  params: ParamsInfo;
  environment: EnvironmentInfo;
  evaluation?: EvaluationSummary;
  validation?: ValidationSummary[];
  previous?: PreviousVersion;
  createdAt: string;
  mlgateVersion: string;
}

export interface StatementSubject {
  name: string;
  digest: DigestSet & { sha256: string };
}

export interface LineageStatement {
  _type: typeof IN_TOTO_STATEMENT_TYPE;
  subject: StatementSubject[];
  predicateType: typeof LINEAGE_PREDICATE_TYPE;
  predicate: LineagePredicate;
}

export interface LineageInput {
  name: string;
  version: string;
  /** The model files, e.g. from `resolveArtifacts`. */
  files: Subject[];
  /** Overrides the format guessed from the file names. */
  format?: string;
  code: CodeInfo;
  data: ResourceDescriptor[];
  params?: ParamsInfo;
  environment: EnvironmentInfo;
  evaluation?: { report: EvalReport; sha256: string };
  validation?: { report: DataReport; sha256: string }[];
  previous?: PreviousVersion;
  /** Defaults to now. */
  createdAt?: Date | string;
}

/** File extension → format name, for the model card and for tools choosing a loader. */
const FORMATS: [RegExp, string][] = [
  [/\.safetensors$/i, 'safetensors'],
  [/\.gguf$/i, 'gguf'],
  [/\.onnx$/i, 'onnx'],
  [/\.tflite$/i, 'tflite'],
  [/(^|\/)saved_model\.pbt?x?t?$/i, 'tensorflow-savedmodel'],
  [/\.(keras|h5|hdf5)$/i, 'keras'],
  [/\.(pt|pth)$/i, 'pytorch'],
  [/\.joblib$/i, 'joblib'],
  [/\.(pkl|pickle)$/i, 'pickle'],
  [/\.(ubj|xgb)$/i, 'xgboost'],
  [/\.mlmodel$/i, 'coreml'],
  [/\.bin$/i, 'bin'],
];

/**
 * The model's format from its file names: one name when all weight files agree, several joined with "+" when they
 * do not (a Hugging Face directory often ships both safetensors and bin), "directory" when no name is recognised
 * among several files, "unknown" for a single unrecognised file.
 */
export function modelFormat(names: readonly string[]): string {
  const found = new Set<string>();
  for (const name of names) {
    const format = FORMATS.find(([pattern]) => pattern.test(name))?.[1];
    if (format) found.add(format);
  }
  if (found.size > 0) return [...found].sort().join('+');
  return names.length > 1 ? 'directory' : 'unknown';
}

/** The parts of an eval report lineage keeps: outcome, headline metrics with intervals, gate counts. */
export function summariseEvaluation(report: EvalReport, sha256: string): EvaluationSummary {
  const count = (status: string) => report.gates.filter((gate) => gate.status === status).length;
  const reason = inconclusiveReason(report);
  const metrics: Record<string, MetricValue> = {};
  for (const [name, metric] of Object.entries(report.metrics)) {
    metrics[name] = {
      value: metric.value,
      ...(metric.ci ? { ci: metric.ci } : {}),
      higherIsBetter: metric.higherIsBetter,
    };
  }
  return {
    reportSha256: sha256,
    outcome: report.outcome,
    ...(reason ? { inconclusiveReason: reason } : {}),
    passed: report.passed,
    summary: report.summary,
    task: report.task,
    cases: report.counts.cases,
    metrics,
    gates: {
      total: report.gates.length,
      passed: count('pass'),
      failed: count('fail'),
      warned: count('warn'),
      inconclusive: count('inconclusive'),
      noBaseline: report.gates.filter(gateLacksBaseline).length,
    },
  };
}

export function summariseValidation(report: DataReport, sha256: string): ValidationSummary {
  return { reportSha256: sha256, dataset: report.dataset, outcome: report.outcome, rows: report.rows };
}

/** The code identity of a GitHub Actions run, from the runner's environment. */
export function codeInfoFromEnv(env: NodeJS.ProcessEnv = process.env): CodeInfo {
  const context = runContextFromEnv(env);
  // GITHUB_WORKFLOW_REF: "owner/repo/.github/workflows/train.yml@refs/heads/main".
  const workflowRef = env.GITHUB_WORKFLOW_REF;
  const at = workflowRef?.lastIndexOf('@') ?? -1;
  const repoPrefix = context.repository ? `${context.repository}/` : '';
  const workflowPath = workflowRef ? (at >= 0 ? workflowRef.slice(0, at) : workflowRef) : undefined;
  const code: CodeInfo = {
    repository: context.repository,
    ref: context.ref,
    commit: context.commit,
    workflow: workflowPath
      ? {
          path: workflowPath.startsWith(repoPrefix) ? workflowPath.slice(repoPrefix.length) : workflowPath,
          ...(at >= 0 ? { ref: workflowRef!.slice(at + 1) } : {}),
        }
      : undefined,
    runId: context.runId,
    runAttempt: context.runAttempt,
    runUrl: context.runUrl,
  };
  return Object.fromEntries(Object.entries(code).filter(([, value]) => value !== undefined));
}

/** Runner OS/architecture and Node version; Python and lock files are added by the caller when it knows them. */
export function environmentFromEnv(env: NodeJS.ProcessEnv = process.env): EnvironmentInfo {
  return {
    ...(env.RUNNER_OS ? { runnerOs: env.RUNNER_OS } : {}),
    ...(env.RUNNER_ARCH ? { runnerArch: env.RUNNER_ARCH } : {}),
    node: process.version,
    lockfiles: [],
  };
}

/** Builds the manifest. Subjects and files are sorted by name bytes so the same inputs give the same bytes. */
export function buildStatement(input: LineageInput): LineageStatement {
  const files = [...input.files].sort((a, b) => compareBytes(a.name, b.name));
  if (files.length === 0)
    throw new InputDataError('the model has no files', { file: input.name, field: 'model' });
  const createdAt =
    input.createdAt === undefined
      ? new Date().toISOString()
      : typeof input.createdAt === 'string'
        ? input.createdAt
        : input.createdAt.toISOString();
  const predicate: LineagePredicate = {
    model: {
      name: input.name,
      version: input.version,
      id: modelId(files),
      files: files.map(({ name, sha256, size }) => ({ name, sha256, size })),
      format: input.format ?? modelFormat(files.map((file) => file.name)),
    },
    code: input.code,
    data: input.data,
    params: input.params ?? { values: {}, files: [] },
    environment: input.environment,
    ...(input.evaluation
      ? { evaluation: summariseEvaluation(input.evaluation.report, input.evaluation.sha256) }
      : {}),
    ...(input.validation && input.validation.length > 0
      ? { validation: input.validation.map((item) => summariseValidation(item.report, item.sha256)) }
      : {}),
    ...(input.previous ? { previous: input.previous } : {}),
    createdAt,
    mlgateVersion: MLGATE_VERSION,
  };
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: files.map((file) => ({ name: file.name, digest: { sha256: file.sha256 } })),
    predicateType: LINEAGE_PREDICATE_TYPE,
    predicate,
  };
}

/** Stable, readable JSON for the manifest file. */
export function serializeManifest(statement: LineageStatement): string {
  return `${JSON.stringify(statement, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON Schema

const hex = (length: number) => ({ type: 'string', pattern: `^[0-9a-f]{${length}}$` }) as const;
const sha256Hex = hex(64);
const digestSet = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: Object.fromEntries(
    Object.entries(DIGEST_ALGORITHMS).map(([name, length]) => [name, hex(length)]),
  ),
} as const;
const namedDigest = {
  type: 'object',
  required: ['name', 'sha256'],
  properties: { name: { type: 'string', minLength: 1 }, sha256: sha256Hex },
} as const;
const nullableNumber = { type: ['number', 'null'] } as const;
const resourceDescriptor = {
  type: 'object',
  anyOf: [{ required: ['uri'] }, { required: ['digest'] }, { required: ['content'] }],
  properties: {
    name: { type: 'string' },
    uri: { type: 'string', minLength: 1 },
    digest: digestSet,
    content: { type: 'string' },
    downloadLocation: { type: 'string' },
    mediaType: { type: 'string' },
    annotations: { type: 'object' },
  },
} as const;

/**
 * JSON Schema (draft-07) of a lineage manifest. Objects stay open to unknown fields, as in-toto's parsing rules ask
 * (consumers ignore what they do not know, so later minor versions can add fields); digest sets are closed (see
 * DIGEST_ALGORITHMS) and every subject must carry a sha256.
 */
export const lineageManifestSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://mlgate.dev/schemas/lineage-manifest.schema.json',
  title: 'mlgate lineage manifest (in-toto Statement v1 with the mlgate lineage predicate)',
  type: 'object',
  required: ['_type', 'subject', 'predicateType', 'predicate'],
  properties: {
    _type: { const: IN_TOTO_STATEMENT_TYPE },
    subject: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'digest'],
        properties: {
          name: { type: 'string', minLength: 1 },
          digest: { ...digestSet, required: ['sha256'] },
        },
      },
    },
    predicateType: { const: LINEAGE_PREDICATE_TYPE },
    predicate: {
      type: 'object',
      required: ['model', 'code', 'data', 'params', 'environment', 'createdAt', 'mlgateVersion'],
      properties: {
        model: {
          type: 'object',
          required: ['name', 'version', 'id', 'files', 'format'],
          properties: {
            name: { type: 'string', minLength: 1 },
            version: { type: 'string', minLength: 1 },
            id: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
            files: {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                required: ['name', 'sha256', 'size'],
                properties: {
                  name: { type: 'string', minLength: 1 },
                  sha256: sha256Hex,
                  size: { type: 'integer', minimum: 0 },
                },
              },
            },
            format: { type: 'string' },
          },
        },
        code: {
          type: 'object',
          properties: {
            repository: { type: 'string' },
            ref: { type: 'string' },
            commit: { type: 'string', pattern: '^[0-9a-f]{40}([0-9a-f]{24})?$' },
            tree: { type: 'string', pattern: '^[0-9a-f]{40}([0-9a-f]{24})?$' },
            dirty: { type: 'boolean' },
            workflow: {
              type: 'object',
              required: ['path'],
              properties: { path: { type: 'string' }, ref: { type: 'string' } },
            },
            runId: { type: 'string' },
            runAttempt: { type: 'string' },
            runUrl: { type: 'string' },
          },
        },
        data: { type: 'array', items: resourceDescriptor },
        params: {
          type: 'object',
          required: ['values', 'files'],
          properties: { values: { type: 'object' }, files: { type: 'array', items: namedDigest } },
        },
        environment: {
          type: 'object',
          required: ['node', 'lockfiles'],
          properties: {
            runnerOs: { type: 'string' },
            runnerArch: { type: 'string' },
            node: { type: 'string' },
            python: { type: 'string' },
            lockfiles: { type: 'array', items: namedDigest },
          },
        },
        evaluation: {
          type: 'object',
          required: ['reportSha256', 'outcome', 'passed', 'metrics', 'gates'],
          properties: {
            reportSha256: sha256Hex,
            outcome: { enum: ['pass', 'fail', 'inconclusive'] },
            inconclusiveReason: { enum: ['no-baseline', 'undecided'] },
            passed: { type: 'boolean' },
            summary: { type: 'string' },
            task: { type: 'string' },
            cases: { type: 'integer', minimum: 0 },
            metrics: {
              type: 'object',
              additionalProperties: {
                type: 'object',
                required: ['value'],
                properties: {
                  value: nullableNumber,
                  ci: { type: 'array', items: nullableNumber, minItems: 2, maxItems: 2 },
                  higherIsBetter: { type: 'boolean' },
                },
              },
            },
            gates: {
              type: 'object',
              required: ['total', 'passed', 'failed'],
              properties: Object.fromEntries(
                ['total', 'passed', 'failed', 'warned', 'inconclusive', 'noBaseline'].map((key) => [
                  key,
                  { type: 'integer', minimum: 0 },
                ]),
              ),
            },
          },
        },
        validation: {
          type: 'array',
          items: {
            type: 'object',
            required: ['reportSha256', 'dataset', 'outcome'],
            properties: {
              reportSha256: sha256Hex,
              dataset: { type: 'string' },
              outcome: { enum: ['pass', 'warn', 'fail'] },
              rows: { type: 'integer', minimum: 0 },
            },
          },
        },
        previous: {
          type: 'object',
          required: ['version', 'modelId'],
          properties: {
            version: { type: 'string' },
            tag: { type: 'string' },
            modelId: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
          },
        },
        createdAt: {
          type: 'string',
          pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$',
        },
        mlgateVersion: { type: 'string' },
      },
    },
  },
} as const;

/**
 * Validates a parsed manifest: Statement type and predicate type first (the likeliest mistake is another kind of
 * attestation), then the schema, then the facts the schema cannot check: the subjects are exactly the model files
 * and the model id is their content address.
 */
export function validateManifest(value: unknown, file: string): LineageStatement {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new InputDataError('a lineage manifest must be a JSON object', { file });
  const record = value as Record<string, unknown>;
  if (record._type !== IN_TOTO_STATEMENT_TYPE)
    throw new InputDataError(
      `not an in-toto Statement v1: _type is ${JSON.stringify(record._type ?? null)}, expected "${IN_TOTO_STATEMENT_TYPE}"`,
      { file, field: '_type' },
    );
  if (record.predicateType !== LINEAGE_PREDICATE_TYPE)
    throw new InputDataError(
      `not an mlgate lineage manifest: predicateType is ${JSON.stringify(record.predicateType ?? null)}, expected "${LINEAGE_PREDICATE_TYPE}"`,
      { file, field: 'predicateType' },
    );
  const validate = compileSchema(lineageManifestSchema);
  if (!validate(value)) {
    const error = mostSpecificError(validate.errors ?? []);
    const described = describeSchemaError(error);
    // A missing field is named itself ("subject"), not its parent ("(top level)"), so the annotation points at it.
    const missing =
      error.keyword === 'required'
        ? String((error.params as { missingProperty: string }).missingProperty)
        : '';
    const parent = described.field === '(top level)' ? '' : described.field;
    const field = missing ? (parent ? `${parent}.${missing}` : missing) : parent;
    throw new InputDataError(`invalid lineage manifest: ${described.field}: ${described.message}`, {
      file,
      field: field || undefined,
    });
  }
  const statement = value as LineageStatement;
  const model = statement.predicate.model;
  const subjects = new Map(statement.subject.map((subject) => [subject.name, subject.digest.sha256]));
  if (subjects.size !== statement.subject.length)
    throw new InputDataError('invalid lineage manifest: subject names are not unique', {
      file,
      field: 'subject',
    });
  const filesAgree =
    model.files.length === subjects.size &&
    model.files.every((item) => subjects.get(item.name) === item.sha256);
  if (!filesAgree)
    throw new InputDataError('invalid lineage manifest: predicate.model.files differ from subject', {
      file,
      field: 'predicate.model.files',
    });
  const expectedId = modelId(model.files);
  if (model.id !== expectedId)
    throw new InputDataError(
      `invalid lineage manifest: predicate.model.id is ${model.id}, but the files give ${expectedId}`,
      { file, field: 'predicate.model.id' },
    );
  return statement;
}

/** Reads and validates a manifest file. */
export async function readManifest(file: string, displayName = file): Promise<LineageStatement> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InputDataError(
      error.code === 'ENOENT'
        ? 'lineage manifest not found'
        : `cannot read lineage manifest: ${error.message}`,
      { file: displayName },
    );
  });
  return validateManifest(parseJson(text, displayName), displayName);
}
