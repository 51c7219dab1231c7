/**
 * The results formats documented in docs/eval-gate.md are the ones eval-gate reads: every example file under
 * "## Results" (```json, ```csv and ```xml blocks; several JSON lines are a JSONL file) is imported with
 * `format: auto` and gives cases (or aggregate metrics) in the format its section names; every ```yaml block of the
 * docs that is a gates file (a top-level `gates` list) loads with the gates file's own schema.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { importResultsFile } from '../../packages/eval/src/importers/index.js';
import { RESULTS_FORMATS } from '../../packages/eval/src/types.js';
import { loadGatesFile } from '../../packages/eval/src/gates/gates-file.js';
import { repoRoot } from '../e2e/runner.js';
import { codeBlocks, isYamlBlock, markdownFiles, type CodeBlock } from './snippets.js';

const GUIDE = 'docs/eval-gate.md';
const guide = readFileSync(path.join(repoRoot, GUIDE), 'utf8');
const results = guide.slice(guide.indexOf('\n## Results'), guide.indexOf('\n## Tasks'));
const offset = guide.slice(0, guide.indexOf('\n## Results')).split('\n').length - 1;

/** The format each example section documents (the heading above the block). */
const SECTION_FORMAT: Record<string, string> = {
  'The canonical format (JSONL, one object per case or per repeat of a case)': 'jsonl|csv',
  promptfoo: 'promptfoo',
  'lm-evaluation-harness samples': 'lm-eval',
  'JUnit XML': 'junit',
  DeepEval: 'deepeval',
  'Inspect AI': 'inspect',
  'pytest-json-report': 'pytest-json-report',
  'OpenAI Evals': 'openai-evals',
  'Every Eval Ever': 'every-eval-ever',
  HELM: 'helm',
  'Aggregate-only results': 'lm-eval',
};

function sectionOf(block: CodeBlock): string {
  const before = results.split('\n').slice(0, block.line - 1);
  const heading = before.reverse().find((line) => line.startsWith('### '));
  return heading ? heading.slice(4) : '';
}

function extensionOf(block: CodeBlock): string {
  if (block.lang === 'csv') return '.csv';
  if (block.lang === 'xml') return '.xml';
  const lines = block.text.trim().split('\n');
  const oneObjectPerLine = lines.every((line) => /^\{.*\}$/.test(line.trim()));
  return oneObjectPerLine ? '.jsonl' : '.json';
}

const examples = codeBlocks(GUIDE, results)
  .filter((block) => ['json', 'csv', 'xml'].includes(block.lang))
  .map((block) => ({ block, section: sectionOf(block), where: `${GUIDE}:${block.line + offset}` }));

describe('the documented results examples', () => {
  it('the formats table lists every format eval-gate reads', () => {
    for (const format of RESULTS_FORMATS) expect(results).toContain(`| \`${format}\` |`);
  });

  it('every format section has an example', () => {
    expect([...new Set(examples.map((example) => example.section))].sort()).toEqual(
      Object.keys(SECTION_FORMAT).sort(),
    );
  });

  it.each(examples.map((example) => [example.where, example] as const))(
    '%s imports with format auto as its section says',
    async (_where, { block, section }) => {
      const file = path.join(
        mkdtempSync(path.join(tmpdir(), 'mlgate-docs-')),
        `example${extensionOf(block)}`,
      );
      writeFileSync(file, block.text);
      const imported = await importResultsFile(file, 'auto');
      expect(SECTION_FORMAT[section].split('|')).toContain(imported.format);
      expect(imported.cases.length + (imported.aggregates?.length ?? 0)).toBeGreaterThan(0);
    },
  );
});

describe('the documented gates files', () => {
  const gatesBlocks = markdownFiles(repoRoot)
    .flatMap((file) => codeBlocks(file, readFileSync(path.join(repoRoot, file), 'utf8')))
    .filter(isYamlBlock)
    .filter((block) => {
      const document: unknown = parse(block.text);
      return (
        typeof document === 'object' &&
        document !== null &&
        Array.isArray((document as { gates?: unknown }).gates)
      );
    });

  it.each(gatesBlocks.map((block) => [`${block.file}:${block.line}`, block] as const))(
    '%s loads as a gates file',
    async (_where, block) => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'mlgate-docs-')), 'gates.yml');
      writeFileSync(file, block.text);
      await expect(loadGatesFile(file)).resolves.toMatchObject({ gates: expect.any(Array) });
    },
  );
});
