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
import { fixedPositions, matchesAscii } from '../../src/contract/ascii-dfa.js';
import { ESCAPED, PLAIN, QUOTED } from '../../src/readers/csv.js';
import { hashAsciiAccepted, hashAsciiAt, hashString } from '../../src/sketch/index.js';
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
  - name: h
    type: string
    missingValues: ['', NA]
    constraints:
      maxLength: 40
      enum: ['a"b', 'q""q', é, 日本, 👍🏽, ab, a b, ' x', 'x ', "\\uFEFFbom", NA, "x\\r", red, rxd, rad, '', '${'w'.repeat(60)}']
`;

/**
 * Cells that a byte-level reader of an enum could get wrong: quotes and "" escapes, a byte order mark, a CR left
 * by CRLF, multi-byte and invalid UTF-8, spaces around, empty, very long, and values that share their length and
 * first, middle and last bytes with an allowed one.
 */
const HOSTILE: (string | Buffer)[] = [
  ...[
    'a"b',
    'a""b',
    'q"q',
    '"a""b"',
    'é',
    'e\u0301',
    '日本',
    '日本語',
    '日',
    '👍🏽',
    '👍',
    'ab',
    'a b',
    'a  b',
    ' x',
    'x ',
  ],
  ...[
    'x',
    ' x ',
    '\uFEFFbom',
    'bom',
    '\uFEFF',
    'NA',
    'na',
    ' NA',
    'x\r',
    'x\r\n',
    '\r',
    'red',
    'rxd',
    'rad',
    'rod',
  ],
  ...[
    'Red',
    'red ',
    ' red',
    'reed',
    '',
    ' ',
    '"',
    '""',
    'w'.repeat(60),
    'w'.repeat(59),
    'w'.repeat(61),
    'x'.repeat(100_000),
  ],
  Buffer.from([0xff]),
  Buffer.from([0x72, 0xc3, 0x64]),
  Buffer.from([0xe6, 0x97, 0xa5, 0xe6, 0x9c]),
  Buffer.from([0xef, 0xbb, 0xbf, 0x62, 0x6f, 0x6d]),
];

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

/**
 * Reads `cells` (text or raw bytes, each with how it is quoted) into two columns of `name`: block by block with the
 * specialised reader, cell by cell with addBytes; the same outcome is expected.
 */
async function compareReaders(name: string, cells: [string | Buffer, number][]): Promise<void> {
  const [special, general] = await twoColumns(name);
  const read = special.csvBlockReader();
  // Every cell in one chunk, read in blocks of CELL_BLOCK_ROWS rows as a CSV sink does.
  const bytes = cells.map(([cell]) => (typeof cell === 'string' ? Buffer.from(cell) : cell));
  const buf = Buffer.concat(bytes.flatMap((cell) => [Buffer.from(','), cell, Buffer.from(',')]));
  const block = new CsvCellBlock(1);
  const row = {
    buf,
    starts: new Int32Array(1),
    ends: new Int32Array(1),
    quoted: new Uint8Array(1),
    count: 1,
    line: 1,
  };
  let at = 0;
  cells.forEach(([, quoted], k) => {
    const start = at + 1;
    const end = start + bytes[k].length;
    at = end + 1;
    [row.starts[0], row.ends[0], row.quoted[0], row.line] = [start, end, quoted, k + 2];
    block.add(row);
    if (block.rows === CELL_BLOCK_ROWS) {
      read(block, 0, 'd.csv');
      block.clear();
    }
    general.addBytes(buf, start, end, quoted, 'd.csv', k + 2);
  });
  read(block, 0, 'd.csv');
  special.addRows(cells.length);
  general.addRows(cells.length);
  expect(outcome(special)).toEqual(outcome(general));
  expect(special.profile.count).toBe(cells.length);
}

describe('CSV cell readers', () => {
  it.each(['n', 'i', 'd', 't', 'b', 'e', 'id', 's', 'h'])(
    'column %s: the specialised reader and addBytes agree on every cell',
    async (name) => {
      // Each value plain and, when it has no quote, also quoted (a quoted empty cell is not missing).
      const cells = [...values(name.charCodeAt(0))].flatMap((text): [string, number][] => [
        [text, PLAIN],
        [text, QUOTED],
      ]);
      await compareReaders(name, cells);
    },
  );

  it.each(['e', 'h', 's', 'b'])(
    'column %s: the readers agree on hostile cells, plain, quoted and escaped',
    async (name) => {
      const cells = HOSTILE.flatMap((cell): [string | Buffer, number][] => {
        if (typeof cell !== 'string') return [[cell, PLAIN]];
        // A quoted cell holds its quotes doubled ("" escapes), which the reader must undo, not match as they are.
        if (cell.includes('"')) return [[cell.replaceAll('"', '""'), ESCAPED]];
        return [
          [cell, PLAIN],
          [cell, QUOTED],
        ];
      });
      // Each hostile cell again among allowed ones, over several blocks.
      const mixed = Array.from({ length: 3 * CELL_BLOCK_ROWS }, (_, k) => cells[(k * 7) % cells.length]);
      await compareReaders(name, [
        ...cells,
        ...mixed,
        ...cells.map((cell): [string, number] => ['red', cell[1] & 1]),
      ]);
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

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

describe('hashAsciiAt (patterns read by position)', () => {
  const dfaOf = (source: string) => compileSafePattern(source, { file: 'c.yml', line: 1 }).ascii!;

  it('reads by position only patterns whose every value has one length and bytes allowed by position', () => {
    const fixed: [string, number][] = [
      [UUID, 36],
      ['[a-f0-9]{3}-[a-f0-9]{4}', 8],
      ['ab[0-9]', 3],
      ['[A-Z]{2}', 2],
      ['x', 1],
    ];
    for (const [source, length] of fixed) expect(fixedPositions(dfaOf(source))?.length).toBe(128 * length);
    for (const source of ['[a-f0-9]{3}-[a-f0-9]{2,4}', 'a+', 'ab|cd', 'a|bc', '(ab)?', 'a*b', '[a-z]{2}\\d?'])
      expect(fixedPositions(dfaOf(source))).toBeUndefined();
  });

  it.each([UUID, '[a-f0-9]{3}-[a-f0-9]{4}', 'ab[0-9]'])(
    '%s: the same answer as hashAsciiAccepted on valid and hostile values',
    (source) => {
      const dfa = dfaOf(source);
      const allowed = fixedPositions(dfa)!;
      const uuid = '3f2a9c1e-7b4d-4e8f-9a0b-1c2d3e4f5a6b';
      const hostile = [
        ...[
          uuid,
          uuid.toUpperCase(),
          ` ${uuid}`,
          `${uuid} `,
          `${uuid}\r`,
          uuid.slice(1),
          `${uuid}0`,
          '\uFEFF' + uuid,
        ],
        ...[
          uuid.replace('4e8f', '5e8f'),
          uuid.replace('9a0b', 'ca0b'),
          uuid.replace('-', 'é'),
          uuid.replace('a', '日'),
        ],
        ...[
          'abc-1234',
          'abc-123',
          'abc-12345',
          'abc_1234',
          'ABC-1234',
          'abé-1234',
          'ab1',
          'ab12',
          'aB1',
          'ab',
          '',
        ],
        ...['"', 'ab"', '\u0000\u0000\u0000', 'x'.repeat(100_000)],
        ...values(11),
      ];
      let accepted = 0;
      for (const value of hostile) {
        for (const bytes of [
          Buffer.from(`,${value},`),
          Buffer.concat([Buffer.from(','), Buffer.from([0xff, 0x61]), Buffer.from(',')]),
        ]) {
          const expected = hashAsciiAccepted(bytes, 1, bytes.length - 1, dfa.next, dfa.accepting);
          expect(hashAsciiAt(bytes, 1, bytes.length - 1, allowed)).toBe(expected);
          accepted += expected >= 0 ? 1 : 0;
        }
        // Every byte value at every position of a value of the right length: one is enough to refuse it.
      }
      for (let at = 0; at < allowed.length / 128; at++)
        for (let byte = 0; byte < 256; byte += 7) {
          const bytes = Buffer.from('0'.repeat(allowed.length / 128));
          bytes[at] = byte;
          expect(hashAsciiAt(bytes, 0, bytes.length, allowed)).toBe(
            hashAsciiAccepted(bytes, 0, bytes.length, dfa.next, dfa.accepting),
          );
        }
      expect(accepted).toBeGreaterThan(0);
    },
  );
});
