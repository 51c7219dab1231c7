import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EvalReport } from '@mlgate/core';
import { dvcDescriptors } from '../src/data.js';
import { resolveArtifacts } from '../src/digest.js';
import { readDvcFile } from '../src/dvc.js';
import { renderModelCard, TODO_END, TODO_START } from '../src/model-card.js';
import { buildStatement, type LineageStatement } from '../src/statement.js';
import { coreutilsSha256, removeDir, supportTriageReport, tempDir, writeTree } from './helpers.js';

const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/real/dvc',
);
const HOSTILE = 'evil|<img src=x onerror=alert(1)> @octocat #1 `tick` *bold* [link](https:∕∕x).bin';

/** The card without its fenced code blocks, where raw text is inert and expected. */
const outsideCode = (markdown: string) => markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');

let workspace: string;
let report: EvalReport;
let statement: LineageStatement;
let card: string;

beforeAll(async () => {
  workspace = await tempDir();
  await writeTree(workspace, { 'model/model.safetensors': 'weights', [`model/${HOSTILE}`]: 'hostile' });
  report = await supportTriageReport();
  const lock = await readDvcFile(path.join(fixtures, 'mlops-transformers-dvc3.lock'), 'dvc.lock');
  statement = buildStatement({
    name: 'support-triage',
    version: '2.0.0',
    files: await resolveArtifacts(['model'], workspace),
    code: {
      repository: 'acme/support',
      commit: 'b'.repeat(40),
      runId: '7',
      runUrl: 'https://github.com/acme/support/actions/runs/7',
    },
    data: dvcDescriptors(lock),
    environment: { node: 'v20.0.0', lockfiles: [] },
    evaluation: { report, sha256: 'e'.repeat(64) },
    previous: { version: '1.9.0', modelId: `sha256:${'d'.repeat(64)}` },
  });
  card = renderModelCard(statement, report);
});
afterAll(async () => {
  await removeDir(workspace);
});

describe('renderModelCard', () => {
  it('shows every headline metric of the real eval report with its 95% interval', () => {
    expect(card).toContain('| Metric | Value | 95% CI |');
    // Every headline metric has a row whose interval column is filled.
    for (const [name, metric] of Object.entries(report.metrics)) {
      const row = card.split('\n').find((line) => line.startsWith(`| ${name.replace(/_/g, '\\_')} | `));
      expect(row).toBeDefined();
      if (metric.ci) expect(row).toMatch(/\| -?[0-9.,]+ – -?[0-9.,]+ \|$/);
    }
    // A concrete value read from the report (accuracy 0.9067 on the example data; its interval's ends depend on the
    // bootstrap's random streams), written with four decimals.
    const { value, ci } = report.metrics.accuracy as { value: number; ci: [number, number] };
    expect(value.toFixed(4)).toBe('0.9067');
    expect(card).toContain(`| accuracy | 0.9067 | ${ci[0].toFixed(4)} – ${ci[1].toFixed(4)} |`);
  });

  it('shows slices, gates and the outcome', () => {
    expect(card).toContain(`**Outcome: ${report.outcome.toUpperCase()}**`);
    expect(card).toContain('### Slices');
    const domains = report.slices!.find((slice) => slice.tag === 'domain')!;
    for (const group of domains.groups) expect(card).toContain(`| ${group.value} | ${group.cases} |`);
    expect(card).toContain('### Gates');
    for (const gate of report.gates) expect(card).toContain(gate.status.toUpperCase());
  });

  it('shows fairness metrics when the report has them', () => {
    const withFairness: EvalReport = {
      ...report,
      fairness: {
        tag: 'language',
        positiveLabel: 'billing',
        groups: [
          { value: 'en', cases: 300, selectionRate: 0.25, tpr: 0.9, fpr: 0.05 },
          { value: '<b>es</b>', cases: 100, selectionRate: 0.2, tpr: 0.8, fpr: 0.1 },
        ],
        demographicParityDifference: 0.05,
        equalizedOddsDifference: 0.1,
        disparateImpactRatio: 0.8,
      },
    };
    const text = renderModelCard(statement, withFairness);
    expect(text).toContain('### Fairness');
    expect(text).toContain('demographic parity difference 0.05');
    expect(text).toContain('| en | 300 | 0.25 | 0.9 | 0.05 |');
    expect(text).toContain('&#60;b&#62;es&#60;/b&#62;');
  });

  it('lists the training data with the DVC hashes and sizes', () => {
    expect(card).toContain('`md5:29850c55ea9a59fe427ba9e3ff6676b1`');
    expect(card).toContain('saved\\_models/model.bin');
    expect(card).toContain('417.7 MiB'); // 437997638 bytes
    expect(card).toContain('out of train\\_and\\_evaluate');
  });

  it('has the three TODO blocks for the owners', () => {
    for (const id of ['intended-use', 'out-of-scope', 'limitations'])
      expect(card).toContain(`${TODO_START} ${id} -->`);
    expect(card.split(TODO_END)).toHaveLength(4);
    expect(card).toContain('## Intended use');
    expect(card).toContain('## Out-of-scope uses');
    expect(card).toContain('## Limitations and risks');
  });

  it('links the commit and the run, and names the previous version', () => {
    expect(card).toContain(`](https://github.com/acme/support/commit/${'b'.repeat(40)})`);
    expect(card).toContain('[7](https://github.com/acme/support/actions/runs/7)');
    expect(card).toContain(`- Previous version: 1.9.0, model id \`sha256:${'d'.repeat(64)}\``);
  });

  it('gives sha256sum lines that verify the model files', () => {
    const safetensors = coreutilsSha256(path.join(workspace, 'model/model.safetensors'));
    expect(card).toContain(`${safetensors}  model/model.safetensors`);
    expect(card).toContain(statement.predicate.model.id);
  });

  it('escapes a hostile file name everywhere outside code blocks', () => {
    const text = outsideCode(card);
    expect(text).not.toContain('<img');
    expect(text).not.toMatch(/@octocat/);
    expect(text).not.toMatch(/#1/);
    expect(text).toContain('&#60;img src=x onerror=alert(1)&#62;');
    // The model files table keeps three cells per row despite the "|" in the name.
    const row = text.split('\n').find((line) => line.includes('onerror'))!;
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(3);
  });
});
