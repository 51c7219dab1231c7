import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CommandProvider, parseCommandOutput } from '../src/metrics/command.js';
import { HttpProvider } from '../src/metrics/http.js';
import { parseJsonPath, selectJsonPath } from '../src/metrics/json-path.js';
import { parsePrometheusResult, PrometheusProvider } from '../src/metrics/prometheus.js';

const vector = (...values: string[]) => ({
  status: 'success' as const,
  data: {
    resultType: 'vector' as const,
    result: values.map((value, i) => ({ metric: { instance: `i${i}` }, value: [1700000000, value] })),
  },
});

describe('Prometheus result parsing', () => {
  test('one series is a value; an empty vector is no data; NaN stays NaN', () => {
    expect(parsePrometheusResult(vector('0.012'), 'q', false)).toEqual({ query: 'q', value: 0.012 });
    expect(parsePrometheusResult(vector(), 'q', false)).toEqual({ query: 'q' });
    expect(parsePrometheusResult(vector('NaN'), 'q', false).value).toBeNaN();
    expect(parsePrometheusResult(vector('+Inf'), 'q', false).value).toBe(Infinity);
  });

  test('several series are samples only when asked for', () => {
    expect(() => parsePrometheusResult(vector('1', '2'), 'q', false)).toThrow(/2 series; aggregate/);
    expect(parsePrometheusResult(vector('1', '3'), 'q', true)).toEqual({
      query: 'q',
      value: 2,
      samples: [1, 3],
    });
  });

  test('a range vector gives samples; scalars are values; errors are errors', () => {
    const matrix = {
      status: 'success' as const,
      data: {
        resultType: 'matrix' as const,
        result: [
          {
            metric: {},
            values: [
              [1, '10'],
              [2, '20'],
            ],
          },
        ],
      },
    };
    expect(parsePrometheusResult(matrix, 'q', true).samples).toEqual([10, 20]);
    expect(
      parsePrometheusResult(
        { status: 'success', data: { resultType: 'scalar', result: [1, '4'] } },
        'q',
        false,
      ).value,
    ).toBe(4);
    expect(() =>
      parsePrometheusResult({ status: 'error', errorType: 'bad_data', error: 'parse error' }, 'q', false),
    ).toThrow('Prometheus query failed: bad_data: parse error');
  });
});

describe('providers over HTTP', () => {
  const requests: string[] = [];
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
      const url = new URL(req.url ?? '/', 'http://x');
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/api/v1/query') {
        const query = url.searchParams.get('query') ?? '';
        if (query.includes('broken')) {
          res.statusCode = 400;
          res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: '1:1: parse error' }));
        } else
          res.end(
            JSON.stringify(
              vector(query.includes('empty') ? '' : '0.5').data.result[0]?.value[1] === ''
                ? { status: 'success', data: { resultType: 'vector', result: [] } }
                : vector('0.5'),
            ),
          );
      } else if (url.pathname === '/stats')
        res.end(JSON.stringify({ model: { errors: [0.1, 0.2], rate: '0.03', missing: null } }));
      else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('Prometheus: GET /api/v1/query with the query, bearer token from the environment', async () => {
    process.env.TEST_PROM_TOKEN = 'secret-token';
    const provider = new PrometheusProvider({ url: `${base}/`, bearerTokenEnv: 'TEST_PROM_TOKEN' });
    const result = await provider.measure({ query: 'sum(rate(x{version="v2"}[1m]))', samples: false });
    expect(result.value).toBe(0.5);
    const [method, target, ...auth] = requests.at(-1)!.split(' ');
    expect([
      method,
      new URL(target, base).pathname,
      new URL(target, base).searchParams.get('query'),
      auth.join(' '),
    ]).toEqual(['GET', '/api/v1/query', 'sum(rate(x{version="v2"}[1m]))', 'Bearer secret-token']);
    expect((await provider.measure({ query: 'empty', samples: false })).value).toBeUndefined();
    await expect(provider.measure({ query: 'broken', samples: false })).rejects.toThrow(
      'bad_data: 1:1: parse error',
    );
  });

  test('http: picks a number or samples with a JSON path; null is no data; HTTP errors throw', async () => {
    const provider = new HttpProvider();
    expect(
      await provider.measure({ url: `${base}/stats`, jsonPath: '$.model.rate', samples: false }),
    ).toEqual({ query: `${base}/stats`, value: 0.03 });
    expect(
      (await provider.measure({ url: `${base}/stats`, jsonPath: '$.model.errors', samples: true })).samples,
    ).toEqual([0.1, 0.2]);
    expect(
      (await provider.measure({ url: `${base}/stats`, jsonPath: "$['model'].missing", samples: false }))
        .value,
    ).toBeUndefined();
    await expect(provider.measure({ url: `${base}/nope`, samples: false })).rejects.toThrow(/HTTP 404/);
  });
});

describe('JSON path and command output', () => {
  test('the JSON path subset', () => {
    expect(parseJsonPath("$.a[2]['b c'].d")).toEqual(['a', 2, 'b c', 'd']);
    expect(selectJsonPath({ a: [0, 1, { 'b c': { d: 5 } }] }, parseJsonPath("$.a[2]['b c'].d"))).toBe(5);
    expect(() => parseJsonPath('$..a')).toThrow(/not supported/);
  });

  test('stdout: a number, NaN, JSON, JSON + path, empty', () => {
    expect(parseCommandOutput('0.013\n', undefined, 'cmd')).toEqual({ value: 0.013 });
    expect(parseCommandOutput('NaN', undefined, 'cmd').value).toBeNaN();
    expect(parseCommandOutput('[1, 2, 3]', undefined, 'cmd')).toEqual({ samples: [1, 2, 3] });
    expect(parseCommandOutput('{"p95": 120}', '$.p95', 'cmd')).toEqual({ value: 120 });
    expect(parseCommandOutput('', undefined, 'cmd')).toEqual({});
    expect(() => parseCommandOutput('all good', undefined, 'cmd')).toThrow(/expected a number or JSON/);
  });

  test('decimal numbers only: 0x0, 0b1, 0o7 and "information" are not numbers', () => {
    for (const text of ['0x0', '0b1', '0o7', '0x10', '["0x0"]', '{"v": "0b1"}', 'information'])
      expect(() => parseCommandOutput(text, text.startsWith('{') ? '$.v' : undefined, 'cmd')).toThrow(
        /number/,
      );
    expect(parseCommandOutput('1e-3', undefined, 'cmd')).toEqual({ value: 0.001 });
    expect(parseCommandOutput('["-2.5", ".5", "+Inf"]', undefined, 'cmd')).toEqual({
      samples: [-2.5, 0.5, Infinity],
    });
  });

  test("command provider: the minimal environment plus the listed variables, never the runner's tokens", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      ACTIONS_RUNTIME_TOKEN: 'runtime',
      GITHUB_TOKEN: 'ghs',
      LISTED: 'yes',
      OTHER: 'no',
    });
    try {
      const script =
        'const e = process.env; process.stdout.write(String((e.ACTIONS_RUNTIME_TOKEN || e.GITHUB_TOKEN || e.OTHER) ? 1 : e.LISTED === "yes" && e.PATH ? 2 : 3))';
      const result = await new CommandProvider().measure({
        command: [process.execPath, '-e', script],
        samples: false,
        passEnv: ['LISTED'],
      });
      expect(result.value).toBe(2);
    } finally {
      process.env = saved;
    }
  });

  test('command provider: argv without a shell, values in the environment', async () => {
    const provider = new CommandProvider();
    const script =
      'process.stdout.write(JSON.stringify({v: process.env.MLGATE_VERSION, arg: process.argv[1]}.arg === "$(touch /tmp/x)" ? 7 : 0))';
    const result = await provider.measure({
      command: [process.execPath, '-e', script, '$(touch /tmp/x)'],
      samples: false,
      env: { MLGATE_VERSION: 'v2' },
    });
    expect(result.value).toBe(7);
    await expect(
      provider.measure({ command: [process.execPath, '-e', 'process.exit(3)'], samples: false }),
    ).rejects.toThrow(/exit code 3/);
  });
});
