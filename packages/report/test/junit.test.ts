/** The JUnit XML writer: hostile case text stays well-formed XML, and mlgate's own JUnit importer reads it back. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '@mlgate/core';
import { runEvalGate } from '@mlgate/eval';
import { importResultsFile } from '../../eval/src/importers/index.js';
import { renderJunitXml } from '../src/junit.js';

const directory = mkdtempSync(path.join(tmpdir(), 'mlgate-junit-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('renderJunitXml', () => {
  it('escapes hostile text, drops characters XML forbids, and reads back as the same cases', async () => {
    const hostile = 'a <b> & "c" \'d\' ]]> \u0000\u0007\u001b[31m end';
    const rows = [
      { id: 'ok', pass: true, scores: { faithfulness: 0.9 }, latency_ms: 1500, output: hostile },
      { id: hostile, pass: false, scores: { faithfulness: 0.2 }, input: hostile },
      { id: 'crashed', error: `Traceback\n${hostile}` },
    ];
    writeFileSync(path.join(directory, 'results.jsonl'), rows.map((row) => JSON.stringify(row)).join('\n'));
    const report = await runEvalGate(
      {
        results: ['results.jsonl'],
        format: 'auto',
        task: 'auto',
        significance: 0.05,
        workspace: directory,
        context: {},
      },
      new MemoryLogger(),
    );
    const xml = renderJunitXml(report);
    const forbidden = [...xml].filter((char) => char < ' ' && !'\t\n\r'.includes(char));
    expect(forbidden).toEqual([]);
    const file = path.join(directory, 'junit.xml');
    writeFileSync(file, xml);
    // Read back with the JUnit importer (fast-xml-parser, strict): same ids, verdicts, errors, times and scores.
    const imported = await importResultsFile(file, 'junit');
    const cleaned = [...hostile].filter((char) => char >= ' ').join('');
    expect(imported.cases.map((item) => [item.id, item.pass, item.error?.split('\n')[0]])).toEqual([
      ['mlgate.eval::ok', true, undefined],
      [`mlgate.eval::${cleaned}`, false, undefined],
      ['mlgate.eval::crashed', false, 'Traceback'],
    ]);
    expect(imported.cases[0]).toMatchObject({
      latencyMs: 1500,
      output: cleaned,
      scores: { 'score:faithfulness': 0.9 },
    });
  });
});
