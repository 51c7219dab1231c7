/**
 * End to end through dist/validate-data/index.js: healthy data passes (a later batch of the same process,
 * random halves of a real dataset) while a real shift is caught, with the levels used and why in the report.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { makeWorkspace, repoRoot, runAction, type ActionRun } from './runner.js';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

function write(workspace: string, file: string, content: string): void {
  mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
  writeFileSync(path.join(workspace, file), content);
}

interface Drift {
  column: string;
  status: string;
  statistic: string;
  value: number | null;
  warn?: number;
  fail?: number;
  basis?: string;
  on?: string;
}
const driftOf = (run: ActionRun): Drift[] => readJson(run.outputs.report).drift;

/** Orders from `days` days after 2026-01-05 (a Monday): one every 10 minutes in business hours. */
function orders(startDay: number, days: number, options: { night?: boolean } = {}): string {
  const lines = ['order_id,placed_at,placed_on,channel,amount'];
  let id = startDay * 1000;
  for (let d = startDay; d < startDay + days; d++)
    for (let minute = 0; minute < 24 * 60; minute += 10) {
      const hour = Math.floor(minute / 60);
      if ((hour >= 8 && hour < 20) === !!options.night) continue;
      const t = new Date(Date.UTC(2026, 0, 5 + d, 0, minute, (d * 7 + minute) % 60));
      const channel = ['web', 'app', 'store'][(d + minute / 10) % 3];
      const amount = (20 + ((d * 37 + minute * 11) % 80) + ((minute * 7) % 100) / 100).toFixed(2);
      lines.push(`${++id},${t.toISOString()},${t.toISOString().slice(0, 10)},${channel},${amount}`);
    }
  return `${lines.join('\n')}\n`;
}

const ORDERS_CONTRACT = `fields:
  - { name: order_id, type: integer, constraints: { unique: true } }
  - { name: placed_at, type: datetime, constraints: { minimum: '2026-01-01T00:00:00Z' } }
  - { name: placed_on, type: date }
  - { name: channel, type: string, constraints: { enum: [web, app, store] } }
  - { name: amount, type: number, constraints: { minimum: 0 } }
freshness: { column: placed_at, maxAge: 400d }
`;

describe('validate-data: drift only where it means something', () => {
  const workspace = makeWorkspace({});
  write(workspace, 'ref/orders.csv', orders(0, 14));
  write(workspace, 'data/orders.csv', orders(28, 14));
  write(workspace, 'contract.yml', ORDERS_CONTRACT);

  it('a new batch from the same process, two weeks later, passes; event times are range- and freshness-checked only', () => {
    const run = runAction('validate-data', workspace, {
      data: 'data/orders.csv',
      contract: 'contract.yml',
      'reference-data': 'ref/orders.csv',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ outcome: 'pass', 'drifted-columns': '[]' });
    expect(driftOf(run).map((d) => d.column)).toEqual(['channel', 'amount']);
    const checks = readJson(run.outputs.report).checks.map(
      (c: { check: string; column?: string }) => c.check,
    );
    expect(checks).toEqual(expect.arrayContaining(['freshness', 'minimum']));
  });

  it('without a contract, the date and datetime columns are left out of drift too', () => {
    const run = runAction('validate-data', workspace, {
      data: 'data/orders.csv',
      'reference-data': 'ref/orders.csv',
    });
    expect(run.exitCode).toBe(0);
    expect(driftOf(run).map((d) => d.column)).not.toEqual(expect.arrayContaining(['placed_at', 'placed_on']));
  });

  it('drift on the hour of day is opt-in: the same rhythm passes, orders moved to the night fail', () => {
    write(
      workspace,
      'hourly.yml',
      ORDERS_CONTRACT.replace(
        "minimum: '2026-01-01T00:00:00Z' } }",
        "minimum: '2026-01-01T00:00:00Z' }, drift: { on: hourOfDay } }",
      ),
    );
    write(workspace, 'data/night.csv', orders(28, 14, { night: true }));
    const same = runAction('validate-data', workspace, {
      data: 'data/orders.csv',
      contract: 'hourly.yml',
      'reference-data': 'ref/orders.csv',
    });
    expect(same.exitCode).toBe(0);
    expect(driftOf(same).find((d) => d.column === 'placed_at')).toMatchObject({
      on: 'hourOfDay',
      status: 'pass',
    });
    const night = runAction('validate-data', workspace, {
      data: 'data/night.csv',
      contract: 'hourly.yml',
      'reference-data': 'ref/orders.csv',
    });
    expect(night.exitCode).toBe(1);
    expect(driftOf(night).find((d) => d.column === 'placed_at')).toMatchObject({ status: 'fail', value: 1 });
    expect(night.summary).toContain('placed\\_at (hour of day)');
  });
});

describe('validate-data: thresholds that know the sample size', () => {
  const source = readFileSync(path.join(repoRoot, 'test/fixtures/data/breast-cancer.csv'), 'utf8')
    .trimEnd()
    .split('\n');
  const [header, ...rows] = source;

  /** Seeded Fisher-Yates (mulberry32) split of the rows into halves. */
  function halves(seed: number): [string, string] {
    let state = seed >>> 0;
    const uniform = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const order = rows.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(uniform() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const half = Math.floor(rows.length / 2);
    const text = (part: number[]) => `${[header, ...part.map((i) => rows[i])].join('\n')}\n`;
    return [text(order.slice(0, half)), text(order.slice(half))];
  }

  it('random halves of the breast-cancer data raise no dataset drift and at most 2% column warnings', () => {
    const workspace = makeWorkspace({});
    const splits = 12;
    let compared = 0;
    let alarmed = 0;
    for (let seed = 1; seed <= splits; seed++) {
      const [reference, current] = halves(seed);
      write(workspace, `ref-${seed}.csv`, reference);
      write(workspace, `cur-${seed}.csv`, current);
      const run = runAction('validate-data', workspace, {
        data: `cur-${seed}.csv`,
        'reference-data': `ref-${seed}.csv`,
        'report-path': `report-${seed}.json`,
      });
      expect(run.exitCode).toBe(0);
      const report = readJson(run.outputs.report);
      const datasetDrift = report.checks.find((c: { check: string }) => c.check === 'datasetDrift');
      expect(datasetDrift.status).toBe('pass');
      const drift = driftOf(run);
      compared += drift.filter((d) => d.status !== 'insufficient' && d.status !== 'info').length;
      alarmed += drift.filter((d) => d.status === 'warn' || d.status === 'fail').length;
      if (seed === 1) {
        // 284 reference and 285 current rows, ten decile bins: warn at 26.06·(1/284 + 1/285) (scipy chi2.isf);
        // fail at 33.72·(…) = 0.237, raised to its floor 0.25.
        const radius = drift.find((d) => d.column === 'mean_radius')!;
        const v = 1 / 284 + 1 / 285;
        expect(radius.warn).toBeCloseTo(26.0564333 * v, 5);
        expect(33.7199484 * v).toBeLessThan(0.25);
        expect(radius.fail).toBe(0.25);
        expect(radius.basis).toMatch(/n_ref 284, n_cur 285 .*χ²\(9\)/);
        expect(run.summary).toContain('calibrated to the sample sizes');
      }
    }
    expect(compared).toBe(splits * 31);
    expect(alarmed / compared).toBeLessThanOrEqual(0.02);
  });

  it('still catches a one-standard-deviation shift of one column in the same halves', () => {
    const workspace = makeWorkspace({});
    const [reference, current] = halves(7);
    const index = header.split(',').indexOf('mean_texture');
    const values = rows.map((r) => Number(r.split(',')[index]));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
    const shifted = current
      .trimEnd()
      .split('\n')
      .map((line, i) => {
        if (i === 0) return line;
        const cells = line.split(',');
        cells[index] = String(Number(cells[index]) + std);
        return cells.join(',');
      });
    write(workspace, 'ref.csv', reference);
    write(workspace, 'cur.csv', `${shifted.join('\n')}\n`);
    const run = runAction('validate-data', workspace, { data: 'cur.csv', 'reference-data': 'ref.csv' });
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.outputs['drifted-columns'])).toEqual(['mean_texture']);
  });
});

describe('validate-data: no pattern can stall a scan', () => {
  const workspace = makeWorkspace({});
  const bypass = `${'a'.repeat(39)}!`;
  const long = `${'a'.repeat(9_999)}!`;
  write(workspace, 'data/codes.csv', `id,code\n1,abc\n2,${bypass}\n3,${long}\n4,${'b'.repeat(10)}\n`);
  write(
    workspace,
    'data/records.jsonl',
    [
      { id: 1, code: 'abc' },
      { id: 2, code: bypass },
      { id: 3, code: long },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n',
  );

  it.each([
    ['(?:\\w{1,10})+$', 'the bypass of nested bounded quantifiers'],
    ['(a{1,3})+b', 'a bounded quantifier repeated'],
  ])('a contract pattern %s (%s) is matched in one pass: the hostile rows are findings', (pattern) => {
    write(
      workspace,
      'codes.yml',
      `fields:\n  - { name: id, type: integer }\n  - name: code\n    constraints: { pattern: '${pattern}' }\n`,
    );
    const run = runAction('validate-data', workspace, { data: 'data/codes.csv', contract: 'codes.yml' });
    expect(run.exitCode).toBe(1);
    const pattern_ = readJson(run.outputs.report).checks.find(
      (c: { check: string }) => c.check === 'pattern',
    );
    expect(pattern_.samples.map((s: { line: number }) => s.line)).toEqual(
      pattern.startsWith('(a') ? [2, 3, 4, 5] : [3, 4],
    );
  });

  it('a record-schema pattern is matched by the same automaton, and an unsafe one is refused at load with its line', () => {
    const schema = (p: string) =>
      `fields:\n  - { name: id, type: integer }\n  - { name: code }\nrecordSchema:\n  type: object\n  properties:\n    code: { type: string, pattern: '${p}' }\n`;
    write(workspace, 'records.yml', schema('^(?:\\w{1,10})+$'));
    const run = runAction('validate-data', workspace, {
      data: 'data/records.jsonl',
      contract: 'records.yml',
    });
    expect(run.exitCode).toBe(1);
    const record = readJson(run.outputs.report).checks.find(
      (c: { check: string }) => c.check === 'recordSchema',
    );
    expect(record.samples.map((s: { line: number }) => s.line)).toEqual([2, 3]);

    write(workspace, 'unsafe.yml', schema('^(a+)+$'));
    const refused = runAction('validate-data', workspace, {
      data: 'data/records.jsonl',
      contract: 'unsafe.yml',
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toMatch(
      /::error title=[^,]*,file=unsafe.yml,line=4::.*pattern "\^\(a\+\)\+\$" can backtrack catastrophically/,
    );
  });
});

describe('validate-data: every error ends the run promptly, scan threads included', () => {
  const workspace = makeWorkspace({});
  const rows = Array.from({ length: 3000 }, (_, i) => `${i + 1},name ${i},${(i * 7) % 100}`);
  const header = 'id,name,score';
  const good = `${header}\n${rows.join('\n')}\n`;
  write(
    workspace,
    'contract.yml',
    'fields:\n  - { name: id, type: integer }\n  - { name: name }\n  - { name: score, type: integer }\n',
  );
  // Threads forced on every file (the default starts them at 64 MiB), two of them.
  const threaded = { MLGATE_SCAN_MIN_BYTES: '0', MLGATE_SCAN_THREADS: '2' };
  const run = (data: string) =>
    runAction('validate-data', workspace, { data, contract: 'contract.yml' }, threaded, 60_000);

  const cases: [string, string, () => void, RegExp][] = [
    [
      'a row longer than 64 MB',
      'data/long-row.csv',
      () =>
        write(workspace, 'data/long-row.csv', `${good}${rows.length + 1},"${'x'.repeat(65 * 1024 * 1024)}`),
      /data\/long-row.csv.*longer than 64 MB/,
    ],
    [
      'an unterminated quote at the end',
      'data/quote.csv',
      () => write(workspace, 'data/quote.csv', `${good}9999,"never closed\n`),
      /unterminated/,
    ],
    [
      'invalid UTF-8 and short rows',
      'data/bytes.csv',
      () =>
        writeFileSync(
          path.join(workspace, 'data/bytes.csv'),
          Buffer.concat([
            Buffer.from(`${good}5000,`),
            Buffer.from([0xc3, 0x28]),
            Buffer.from(',1\n5001,short\n'),
          ]),
        ),
      /invalid UTF-8|fields/,
    ],
    [
      'a truncated gzip file',
      'data/cut.csv.gz',
      () => {
        const zipped = gzipSync(Buffer.from(good.repeat(20)));
        writeFileSync(path.join(workspace, 'data/cut.csv.gz'), zipped.subarray(0, zipped.length >> 1));
      },
      /data\/cut.csv.gz/,
    ],
    ['an empty file', 'data/empty.csv', () => write(workspace, 'data/empty.csv', ''), /data\/empty.csv/],
    [
      'a good file, then a bad one',
      'data/?-*.csv',
      () => {
        write(workspace, 'data/a-good.csv', good);
        write(workspace, 'data/z-long-row.csv', `${good}1,"${'y'.repeat(65 * 1024 * 1024)}`);
      },
      /data\/z-long-row.csv.*longer than 64 MB/,
    ],
  ];

  it.each(cases)('%s: the step fails with its error', (_, data, prepare, message) => {
    prepare();
    const result = run(data);
    // A null exit code means the 60 s timeout killed a process that had stopped working but not exited.
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(message);
  });
});
