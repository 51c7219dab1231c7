/**
 * The specialised CSV cell readers (ColumnValidator.csvBlockReader, block by block) against the general path
 * (addBytes, cell by cell) on the same cells: the same profile, the same failures with the same samples, on
 * generated and edge-case values.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadContract } from '../../src/contract/index.js';
import { compileSafePattern } from '../../src/contract/regex.js';
import { matchesAscii } from '../../src/contract/ascii-dfa.js';
import { PLAIN, QUOTED } from '../../src/readers/csv.js';
import { hashAsciiAccepted, hashString } from '../../src/sketch/index.js';
import { CELL_BLOCK_ROWS, CsvCellBlock } from '../../src/validate/cell-block.js';
import { ColumnValidator } from '../../src/validate/column.js';
import { buildRules, contractData } from '../../src/validate/rules.js';

const dir = mkdtempSync(join(tmpdir(), 'mlgate-cells-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONTRACT = `
fields:
  - { name: n, type: number, constraints: { minimum: -1000, maximum: 1e6 } }
  - { name: i, type: integer, constraints: { minimum: 0, maximum: 5000 } }
  - { name: d, type: date, constraints: { minimum: '2020-01-01' } }
  - { name: t, type: datetime, constraints: { maximum: '2030-01-01T00:00:00Z' } }
  - { name: b, type: boolean }
  - { name: e, type: string, constraints: { enum: [red, green, blue, '1,5'] } }
  - name: id
    type: string
    drift: false
    constraints: { minLength: 6, maxLength: 8, pattern: '[a-f0-9]{3}-[a-f0-9]{2,4}' }
  - { name: s, type: string, constraints: { maxLength: 12 } }
`;

/** Deterministic values of every shape a cell takes: valid, edge, invalid, empty, non-ASCII. */
function* values(seed: number): Generator<string> {
  let state = seed;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const edge = [
    ...['', '0', '-0', '+0', '007', '-12', '+12', '.5', '-.5', '1.', '1.e3', '1e3', '1E-3', '1e+3', '2.5e-3'],
    ...['1e', 'e5', '--1', '+-1', '1_000', '1,000', '1 000', 'NaN', 'INF', '-INF', 'inf', 'Infinity'],
    ...['١٢٣', '１２', '12a', ' 12', '12 ', '0x1F', '9007199254740993', '123456789012345678', '5000', '5001'],
    ...['2024-02-29', '2023-02-29', '2019-12-31', '2020-1-01', '2024-02-29T23:59:59Z', '2024-02-29 10:00:00'],
    ...['2029-12-31T23:59:59.999+01:00', '2030-01-01T00:00:00.001Z', '2024-13-01T00:00:00Z', 'T10:00'],
    ...['true', 'false', 'True', 'FALSE', '1', '0', 'yes', 'TRUE ', 'red', 'green', 'blue', 'Red', '1,5'],
    ...['abc-12', 'abc-1234', 'abc-12345', 'ABC-12', 'abc_12', 'abé-12', 'fff-ff', 'Zoë', '日本語', '👍🏽'],
  ];
  for (const text of edge) yield text;
  for (let k = 0; k < 3000; k++) {
    const r = random();
    if (r < 0.2) yield String(Math.floor(random() * 7000) - 1000);
    else if (r < 0.35) yield (random() * 2e6 - 1e3).toFixed(Math.floor(random() * 4));
    else if (r < 0.45) yield `${(random() * 10).toFixed(3)}e${Math.floor(random() * 8) - 4}`;
    else if (r < 0.55) yield new Date(Date.UTC(2018, 0, 1) + random() * 4e11).toISOString();
    else if (r < 0.6) yield new Date(Date.UTC(2018, 0, 1) + random() * 4e11).toISOString().slice(0, 10);
    else if (r < 0.7) yield ['red', 'green', 'blue', 'purple', 'true', 'false', ''][Math.floor(random() * 7)];
    else if (r < 0.85) {
      const hex = () => Math.floor(random() * 16).toString(16);
      yield `${hex()}${hex()}${hex()}-${Array.from({ length: 1 + Math.floor(random() * 5) }, hex).join('')}`;
    } else yield edge[Math.floor(random() * edge.length)];
  }
}

async function twoColumns(name: string): Promise<[ColumnValidator, ColumnValidator]> {
  const file = join(dir, 'contract.yml');
  writeFileSync(file, CONTRACT);
  const rules = buildRules(contractData(await loadContract(file, 'contract.yml')));
  const field = rules.fields.find((candidate) => candidate.name === name)!;
  return [new ColumnValidator(name, field, undefined), new ColumnValidator(name, field, undefined)];
}

function outcome(column: ColumnValidator) {
  return {
    profile: column.profile.toJSON(),
    failures: [...column.failures.byCheck].map(([check, log]) => [check, log.count, log.samples]),
  };
}

describe('CSV cell readers', () => {
  it.each(['n', 'i', 'd', 't', 'b', 'e', 'id', 's'])(
    'column %s: the specialised reader and addBytes agree on every cell',
    async (name) => {
      const [special, general] = await twoColumns(name);
      const read = special.csvBlockReader();
      // Every cell in one chunk, read in blocks of CELL_BLOCK_ROWS rows as a CSV sink does.
      const texts = [...values(name.charCodeAt(0))];
      const buf = Buffer.from(texts.map((text) => `,${text},`).join(''));
      const block = new CsvCellBlock(1);
      const row = {
        buf,
        starts: new Int32Array(1),
        ends: new Int32Array(1),
        quoted: new Uint8Array(1),
        count: 1,
        line: 1,
      };
      let line = 1;
      let rows = 0;
      let at = 0;
      for (const text of texts) {
        const start = at + 1;
        const end = start + Buffer.byteLength(text);
        at = end + 1;
        // Each value plain and, when it has no quote, also quoted (a quoted empty cell is not missing).
        for (const quoted of [PLAIN, QUOTED]) {
          line++;
          rows++;
          [row.starts[0], row.ends[0], row.quoted[0], row.line] = [start, end, quoted, line];
          block.add(row);
          if (block.rows === CELL_BLOCK_ROWS) {
            read(block, 0, 'd.csv');
            block.clear();
          }
          general.addBytes(buf, start, end, quoted, 'd.csv', line);
        }
      }
      read(block, 0, 'd.csv');
      special.addRows(rows);
      general.addRows(rows);
      expect(outcome(special)).toEqual(outcome(general));
      expect(special.profile.count).toBe(rows);
    },
  );
});

describe('hashAsciiAccepted', () => {
  it('is hashString of an ASCII value its pattern accepts, else -1', () => {
    const pattern = compileSafePattern('[a-f0-9]{3}-[a-f0-9]{2,4}', { file: 'c.yml', line: 1 });
    const dfa = pattern.ascii!;
    let checked = 0;
    for (const text of values(7)) {
      for (let cut = 0; cut <= text.length; cut += Math.max(1, text.length >> 2)) {
        const value = text.slice(cut);
        const buf = Buffer.from(`"${value}"`);
        const end = buf.length - 1;
        const ascii = buf.subarray(1, end).every((byte) => byte < 0x80);
        const expected = ascii && matchesAscii(dfa, buf, 1, end) ? hashString(value) : -1;
        expect(hashAsciiAccepted(buf, 1, end, dfa.next, dfa.accepting)).toBe(expected);
        checked += expected >= 0 ? 1 : 0;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});
