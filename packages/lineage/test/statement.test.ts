import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compileSchema, InputDataError, type EvalReport } from '@mlgate/core';
import { readParams, resolveData } from '../src/data.js';
import { resolveArtifacts } from '../src/digest.js';
import {
  buildStatement,
  codeInfoFromEnv,
  IN_TOTO_STATEMENT_TYPE,
  LINEAGE_PREDICATE_TYPE,
  lineageManifestSchema,
  modelFormat,
  readManifest,
  serializeManifest,
  validateManifest,
  type LineageStatement,
} from '../src/statement.js';
import {
  coreutilsDirHash,
  coreutilsSha256,
  coreutilsSha256Text,
  removeDir,
  supportTriageReport,
  tempDir,
  writeTree,
} from './helpers.js';

const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/real/dvc',
);

let workspace: string;
let report: EvalReport;
let statement: LineageStatement;

/** A deep copy to tamper with. */
const copy = (): Record<string, unknown> => JSON.parse(JSON.stringify(statement)) as Record<string, unknown>;
const failure = (value: unknown): InputDataError => {
  try {
    validateManifest(value, 'lineage.json');
  } catch (error) {
    if (error instanceof InputDataError) return error;
    throw error;
  }
  throw new Error('the manifest was accepted');
};

beforeAll(async () => {
  workspace = await tempDir();
  await writeTree(workspace, {
    'models/classifier.onnx': 'onnx weights',
    'models/tokenizer/vocab.txt': 'a\nb\nc\n',
    'data/train.csv': 'text,label\nhello,greeting\n',
    'data/images/1.png': 'png1',
    'data/images/2.png': 'png2',
    'params.yaml': 'train:\n  lr: 0.001\n  epochs: 3\n',
    'requirements.txt': 'scikit-learn==1.5.0\n',
  });
  await copyFile(path.join(fixtures, 'emotion-detection-dvc3.lock'), path.join(workspace, 'dvc.lock'));
  report = await supportTriageReport();
  const files = await resolveArtifacts(['models'], workspace);
  const data = await resolveData(['dvc.lock', 'data/train.csv', 'data/images'], workspace);
  statement = buildStatement({
    name: 'support-triage',
    version: '1.4.0',
    files,
    code: codeInfoFromEnv({
      GITHUB_REPOSITORY: 'acme/support',
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_WORKFLOW_REF: 'acme/support/.github/workflows/train.yml@refs/heads/main',
    }),
    data: data.descriptors,
    params: await readParams(['params.yaml'], workspace),
    environment: {
      runnerOs: 'Linux',
      runnerArch: 'X64',
      node: 'v20.0.0',
      lockfiles: [
        { name: 'requirements.txt', sha256: coreutilsSha256(path.join(workspace, 'requirements.txt')) },
      ],
    },
    evaluation: { report, sha256: 'e'.repeat(64) },
    previous: { version: '1.3.0', tag: 'support-triage-v1.3.0', modelId: `sha256:${'d'.repeat(64)}` },
    createdAt: new Date('2025-01-02T03:04:05Z'),
  });
});
afterAll(async () => {
  await removeDir(workspace);
});

describe('buildStatement', () => {
  it('has exactly the four fields of an in-toto Statement v1', () => {
    expect(Object.keys(statement)).toEqual(['_type', 'subject', 'predicateType', 'predicate']);
    expect(statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(IN_TOTO_STATEMENT_TYPE).toBe('https://in-toto.io/Statement/v1');
    expect(statement.predicateType).toBe(LINEAGE_PREDICATE_TYPE);
    for (const subject of statement.subject) {
      expect(Object.keys(subject)).toEqual(['name', 'digest']);
      expect(Object.keys(subject.digest)).toEqual(['sha256']);
      expect(subject.digest.sha256).toBe(coreutilsSha256(path.join(workspace, subject.name)));
    }
    expect(statement.subject.map((s) => s.name)).toEqual([
      'models/classifier.onnx',
      'models/tokenizer/vocab.txt',
    ]);
  });

  it('gives the model a content-addressed id computed like sha256sum | sha256sum', () => {
    const listing = statement.subject.map((s) => `${s.digest.sha256}  ${s.name}\n`).join('');
    expect(statement.predicate.model.id).toBe(`sha256:${coreutilsSha256Text(listing)}`);
    expect(statement.predicate.model.format).toBe('onnx');
  });

  it('records the code, the run and the workflow from the runner environment', () => {
    expect(statement.predicate.code).toEqual({
      repository: 'acme/support',
      ref: 'refs/heads/main',
      commit: 'a'.repeat(40),
      workflow: { path: '.github/workflows/train.yml', ref: 'refs/heads/main' },
      runId: '42',
      runAttempt: '1',
      runUrl: 'https://github.com/acme/support/actions/runs/42',
    });
  });

  it('records data with sha256 for files, dirHash for directories and DVC hashes for DVC entries', () => {
    const byName = new Map(statement.predicate.data.map((d) => [d.name, d]));
    expect(byName.get('data/train.csv')!.digest).toEqual({
      sha256: coreutilsSha256(path.join(workspace, 'data/train.csv')),
    });
    expect(byName.get('data/images')!.digest).toEqual({
      dirHash: coreutilsDirHash(path.join(workspace, 'data/images')),
    });
    expect(byName.get('dvc.lock')!.digest).toEqual({
      sha256: coreutilsSha256(path.join(workspace, 'dvc.lock')),
    });
    expect(byName.get('data/interim')).toMatchObject({
      digest: { dvcDirMd5: 'c63db29c69b11aaea75c2905d59fc738' },
      annotations: { dvc: { file: 'dvc.lock', nfiles: 2, size: 21495532, hashKind: 'md5', dvcVersion: 3 } },
    });
    expect(statement.predicate.params).toEqual({
      values: { 'params.yaml': { train: { lr: 0.001, epochs: 3 } } },
      files: [{ name: 'params.yaml', sha256: coreutilsSha256(path.join(workspace, 'params.yaml')) }],
    });
  });

  it('keeps the headline metrics with their intervals and the gate counts of the eval report', () => {
    const evaluation = statement.predicate.evaluation!;
    expect(evaluation.outcome).toBe(report.outcome);
    expect(Object.keys(evaluation.metrics)).toEqual(Object.keys(report.metrics));
    expect(evaluation.metrics.accuracy.value).toBe(report.metrics.accuracy.value);
    expect(evaluation.metrics.accuracy.ci).toEqual(report.metrics.accuracy.ci);
    expect(evaluation.gates.total).toBe(report.gates.length);
    expect(
      evaluation.gates.passed +
        evaluation.gates.failed +
        evaluation.gates.warned +
        evaluation.gates.inconclusive,
    ).toBe(report.gates.length);
  });

  it('validates against lineageManifestSchema and survives a round trip through a file', async () => {
    const validate = compileSchema(lineageManifestSchema);
    expect(validate(JSON.parse(serializeManifest(statement)))).toBe(true);
    const file = path.join(workspace, 'lineage.json');
    await writeFile(file, serializeManifest(statement));
    expect(await readManifest(file)).toEqual(statement);
  });
});

describe('validateManifest', () => {
  it('rejects a misspelt digest algorithm, naming the field', () => {
    const value = copy();
    const subject = (value.subject as { digest: Record<string, string> }[])[0];
    subject.digest = { 'sha-256': subject.digest.sha256 };
    const error = failure(value);
    expect(error.location).toMatchObject({ file: 'lineage.json', field: 'subject[0].digest.sha-256' });
    expect(error.message).toMatch(/unknown field "sha-256"/);
  });

  it('rejects a subject without sha256 and a manifest without subject', () => {
    const value = copy();
    (value.subject as { digest: Record<string, string> }[])[1].digest = {};
    expect(failure(value).location?.field).toMatch(/^subject\[1\]\.digest/);
    const noSubject = copy();
    delete noSubject.subject;
    expect(failure(noSubject).location?.field).toBe('subject');
    const emptySubject = copy();
    emptySubject.subject = [];
    expect(failure(emptySubject).location?.field).toBe('subject');
  });

  it('rejects a data digest of the wrong length', () => {
    const value = copy();
    const predicate = value.predicate as { data: { name: string; digest: Record<string, string> }[] };
    predicate.data.find((d) => d.name === 'data/train.csv')!.digest.sha256 = 'abc';
    expect(failure(value).location?.field).toMatch(/^predicate\.data\[\d+\]\.digest\.sha256$/);
  });

  it('rejects another Statement type or predicate type', () => {
    expect(failure({ ...copy(), _type: 'https://in-toto.io/Statement/v0.1' }).location?.field).toBe('_type');
    expect(failure({ ...copy(), predicateType: 'https://slsa.dev/provenance/v1' }).location?.field).toBe(
      'predicateType',
    );
  });

  it('rejects a model id or file list that does not match the subjects', () => {
    const value = copy();
    (value.predicate as { model: { id: string } }).model.id = `sha256:${'0'.repeat(64)}`;
    expect(failure(value).location?.field).toBe('predicate.model.id');
    const files = copy();
    (files.subject as { digest: { sha256: string } }[])[0].digest.sha256 = 'f'.repeat(64);
    expect(failure(files).location?.field).toBe('predicate.model.files');
  });
});

describe('modelFormat', () => {
  it('names the format from extensions', () => {
    expect(modelFormat(['m/model.safetensors', 'm/config.json'])).toBe('safetensors');
    expect(modelFormat(['m/model.safetensors', 'm/pytorch_model.bin'])).toBe('bin+safetensors');
    expect(modelFormat(['model.pkl'])).toBe('pickle');
    expect(modelFormat(['model.joblib'])).toBe('joblib');
    expect(modelFormat(['model.h5'])).toBe('keras');
    expect(modelFormat(['llama.Q4_K_M.gguf'])).toBe('gguf');
    expect(modelFormat(['m/a.txt', 'm/b.txt'])).toBe('directory');
    expect(modelFormat(['weights.xyz'])).toBe('unknown');
  });
});
