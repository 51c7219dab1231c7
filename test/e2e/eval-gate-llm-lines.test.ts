/**
 * LLM eval lines (scores, tokens, error, cost, latency) through the eval-gate bundle: the metrics equal what
 * JSON.parse of every line gives, computed here independently, with escaped score names, extra members and
 * errors among the lines; a bad value is reported at its file, line and field.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { makeWorkspace, runAction } from './runner.js';

/** A seeded generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lines as LLM evals write them, some with what the fast reader leaves to JSON.parse. */
function lines(count: number): string[] {
  const next = random(19);
  return Array.from({ length: count }, (_, i) => {
    const y = next() < 0.3 ? 1 : 0;
    const p = Math.min(1, Math.max(0, y ? 0.7 + 0.3 * next() - 0.2 : 0.4 * next()));
    const faithfulness = Math.round(next() * 1000) / 1000;
    const name = i % 17 === 0 ? '"\\u0066aithfulness"' : '"faithfulness"'; // the same name, escaped
    const relevance = i % 3 === 0 ? `,"relevance":${i % 6 === 0 ? '-0' : next()}` : '';
    const tokens = `{"input":${400 + (i % 800)},"output":${20 + (i % 300)}${i % 11 === 0 ? ',"total":1' : ''}}`;
    const cost = Math.round((400 + (i % 800)) * 150 + (20 + (i % 300)) * 600) / 1e9;
    const common = `"latency_ms":${Math.round(800 * (0.5 + next()))},"tokens":${tokens},"cost_usd":${cost}`;
    if (i % 50 === 7) {
      const error = i % 100 === 7 ? 'provider timeout' : 'said \\"no\\" \\u00e9';
      return `{"id":"case-${i}","expected":"${y}","error":"${error}",${common}}`;
    }
    const scores = `{${name}:${faithfulness}${relevance}}`;
    const predicted = p >= 0.5 ? 1 : 0;
    return `{"id":"case-${i}","expected":"${y}","predicted":"${predicted}","probability":${p},"scores":${scores},${common}}`;
  });
}

/** The metrics computed here from JSON.parse of every line. */
function expectedMetrics(texts: string[]) {
  type Row = {
    scores?: Record<string, number>;
    error?: string;
    tokens: { input: number; output: number };
    cost_usd: number;
  };
  const rows = texts.map((text) => JSON.parse(text) as Row);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const scored = (name: string) =>
    rows.flatMap((row) => (row.scores?.[name] === undefined ? [] : [row.scores[name]]));
  return {
    faithfulness: mean(scored('faithfulness')),
    relevance: mean(scored('relevance')),
    error_rate: rows.filter((row) => row.error !== undefined).length / rows.length,
    tokens_input: rows.reduce((sum, row) => sum + row.tokens.input, 0),
    tokens_output: rows.reduce((sum, row) => sum + row.tokens.output, 0),
    cost_usd: rows.reduce((sum, row) => sum + row.cost_usd, 0),
  };
}

describe('eval-gate on LLM eval lines (dist/eval-gate/index.js)', () => {
  it('gives the metrics JSON.parse of every line gives', () => {
    const texts = lines(3000);
    const workspace = makeWorkspace({});
    writeFileSync(path.join(workspace, 'results.jsonl'), `${texts.join('\n')}\n`);
    const run = runAction('eval-gate', workspace, { results: 'results.jsonl', 'report-path': 'report.json' });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(path.join(workspace, 'report.json'), 'utf8')) as {
      metrics: Record<string, { value: number }>;
      cases: unknown[][];
      caseColumns: string[];
    };
    const expected = expectedMetrics(texts);
    for (const [name, value] of Object.entries(expected))
      expect([name, report.metrics[name].value]).toEqual([name, expect.closeTo(value, 9) as unknown]);
    expect(report.cases).toHaveLength(3000);
    // Every case's error text and scores as JSON.parse reads them (escapes decoded, -0 written as 0).
    const at = (column: string) => report.caseColumns.indexOf(column);
    texts.forEach((text, i) => {
      const row = JSON.parse(text) as { error?: string; scores?: Record<string, number> };
      expect([i, report.cases[i][at('error')] ?? undefined]).toEqual([i, row.error]);
      const scores = row.scores && (JSON.parse(JSON.stringify(row.scores)) as unknown); // -0 is written 0
      expect([i, report.cases[i][at('scores')] ?? undefined]).toEqual([i, scores]);
    });
  });

  it('names the file, line and field of a bad score or token count among fast-read lines', () => {
    for (const [bad, field] of [
      ['"scores":{"faithfulness":"high"}', 'scores.faithfulness'],
      ['"scores":{"\\u0066aithfulness":null,"r":1e400}', 'scores.r'],
      ['"tokens":{"input":1.5,"output":2}', 'tokens.input'],
    ]) {
      const texts = lines(400);
      const member = bad.startsWith('"scores"') ? /"scores":\{[^}]*\}/ : /"tokens":\{[^}]*\}/;
      texts[249] = texts[249].replace(member, bad);
      expect(texts[249]).toContain(bad);
      const workspace = makeWorkspace({});
      writeFileSync(path.join(workspace, 'results.jsonl'), `${texts.join('\n')}\n`);
      const run = runAction('eval-gate', workspace, { results: 'results.jsonl' });
      expect(run.exitCode).toBe(1);
      expect(run.annotations[0]).toMatchObject({ level: 'error', file: 'results.jsonl', line: 250 });
      expect(run.annotations[0].message).toContain(field);
    }
  });
});
