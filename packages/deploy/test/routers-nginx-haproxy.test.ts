import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { MemoryLogger } from '@mlgate/core';
import { haproxyWeights, HaproxyRouter, parseShowStat } from '../src/routers/haproxy.js';
import {
  NginxRouter,
  nginxPidFile,
  parseNginxInclude,
  renderNginxInclude,
  renderNginxMirror,
  type NginxSettings,
} from '../src/routers/nginx.js';
import { applySplit, ReadBackMismatch, serverWeights } from '../src/routers/types.js';

const settings = (overrides: Partial<NginxSettings> = {}): NginxSettings => ({
  includeFile: '/etc/nginx/mlgate/model.conf',
  upstream: 'model',
  mode: 'weights',
  splitKey: '${request_id}',
  stable: ['10.0.0.1:8000', '10.0.0.2:8000'],
  canary: ['10.0.0.3:8000'],
  nginx: 'nginx',
  reloadWaitMs: 0,
  ...overrides,
});

describe('nginx rendering', () => {
  test('weighted upstream: per-server weights give the exact share', () => {
    expect(renderNginxInclude(settings(), { weight: 10, mirror: 0 })).toBe(
      [
        '# Managed by mlgate canary-deploy; rewritten at every step. Do not edit by hand.',
        '# mlgate: weight=10 mirror=0',
        '',
        'upstream model {',
        '    server 10.0.0.1:8000 weight=9;',
        '    server 10.0.0.2:8000 weight=9;',
        '    server 10.0.0.3:8000 weight=2;',
        '}',
        '',
        'upstream model_stable {',
        '    server 10.0.0.1:8000;',
        '    server 10.0.0.2:8000;',
        '}',
        '',
        'upstream model_canary {',
        '    server 10.0.0.3:8000;',
        '}',
        '',
        'split_clients "${request_id}" $mlgate_model_mirror {',
        '    * 0;',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('0 % and 100 % mark the idle side down (nginx weights must be ≥ 1)', () => {
    expect(renderNginxInclude(settings(), { weight: 0, mirror: 0 })).toContain(
      '    server 10.0.0.3:8000 down;',
    );
    expect(renderNginxInclude(settings(), { weight: 100, mirror: 0 })).toContain(
      '    server 10.0.0.1:8000 down;',
    );
  });

  test('split_clients mode and the mirror share', () => {
    const text = renderNginxInclude(settings({ mode: 'split-clients' }), { weight: 2.5, mirror: 30 });
    expect(text).toContain(
      'split_clients "${request_id}" $mlgate_model {\n    2.5% model_canary;\n    * model_stable;\n}',
    );
    expect(text).toContain('split_clients "${request_id}" $mlgate_model_mirror {\n    30% 1;\n    * 0;\n}');
    expect(text).not.toContain('upstream model {');
  });

  test('the mirror location', () => {
    expect(renderNginxMirror(settings())).toContain(
      'location = /_mlgate_mirror_model {\n    internal;\n    if ($mlgate_model_mirror = 0) {\n        return 204;\n    }\n    proxy_pass http://model_canary$request_uri;\n}',
    );
  });

  test.each([0, 5, 12.5, 50, 99.9, 100])('read back what was rendered: %s %%', (weight) => {
    for (const mode of ['weights', 'split-clients'] as const) {
      const s = settings({ mode });
      expect(parseNginxInclude(s, renderNginxInclude(s, { weight, mirror: 20 }))).toEqual({
        weight,
        mirror: 20,
      });
    }
  });

  test('an upstream with servers mlgate does not own is refused', () => {
    expect(() => parseNginxInclude(settings(), 'upstream model {\n server 10.9.9.9:1;\n}\n')).toThrow(
      /does not own: 10.9.9.9:1/,
    );
  });

  test('the pid file: the pid directive of nginx -T, else the compiled-in --pid-path, relative to the prefix', () => {
    const version =
      'nginx version: nginx/1.22.1\nconfigure arguments: --prefix=/usr/share/nginx --pid-path=/run/nginx.pid';
    const dump =
      '# configuration file /p/nginx.conf:\nworker_processes 1;\n  # pid /commented/out.pid;\npid logs/n.pid;\n';
    expect(nginxPidFile(dump, version, '/p/')).toBe('/p/logs/n.pid');
    expect(nginxPidFile(dump, version)).toBe('/usr/share/nginx/logs/n.pid');
    expect(nginxPidFile('events {}\n', version)).toBe('/run/nginx.pid');
    expect(nginxPidFile('pid "/tmp/n.pid";\n', '')).toBe('/tmp/n.pid');
    expect(nginxPidFile('events {}\n', 'nginx version: nginx/1.22.1')).toBeUndefined();
  });

  test('serverWeights reduces by the gcd', () => {
    expect(serverWeights(5, 1, 1)).toEqual({ stable: 19, canary: 1 });
    expect(serverWeights(50, 2, 1)).toEqual({ stable: 1, canary: 2 });
  });
});

describe('NginxRouter with a recording nginx', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mlgate-nginx-'));
  });

  async function fakeNginx(failTest: boolean): Promise<string> {
    const file = path.join(dir, failTest ? 'nginx-bad' : 'nginx-ok');
    await writeFile(
      file,
      `#!/bin/sh\necho "$@" >> ${dir}/calls.log\ncase "$*" in *-t*) ${failTest ? 'echo "nginx: [emerg] bad" >&2; exit 1' : 'exit 0'};; esac\nexit 0\n`,
    );
    await chmod(file, 0o755);
    return file;
  }

  test('writes the file, runs nginx -t with -p/-c, reloads, reads back', async () => {
    const s = settings({
      includeFile: path.join(dir, 'model.conf'),
      nginx: await fakeNginx(false),
      conf: '/etc/n.conf',
      prefix: '/p/',
    });
    const router = new NginxRouter(s);
    const logger = new MemoryLogger();
    expect(await router.read()).toEqual({ weight: 0, mirror: 0 });
    expect(await applySplit(router, { weight: 25, mirror: 0 }, { logger })).toEqual({
      weight: 25,
      mirror: 0,
    });
    expect((await readFile(path.join(dir, 'calls.log'), 'utf8')).trim().split('\n')).toEqual([
      '-p /p/ -c /etc/n.conf -t -q',
      // Where nginx keeps its pid file, to watch the master's workers (this fake prints none).
      '-p /p/ -c /etc/n.conf -T -q',
      '-V',
      '-p /p/ -c /etc/n.conf -s reload',
    ]);
    expect(logger.lines.some((line) => /cannot see the master's worker processes/.test(line.message))).toBe(
      true,
    );
  });

  test('a failing nginx -t restores the previous file and throws', async () => {
    const file = path.join(dir, 'model2.conf');
    const good = settings({ includeFile: file, nginx: await fakeNginx(false) });
    await applySplit(new NginxRouter(good), { weight: 10, mirror: 0 }, { logger: new MemoryLogger() });
    const before = await readFile(file, 'utf8');
    const router = new NginxRouter({ ...good, nginx: await fakeNginx(true) });
    await expect(router.write({ weight: 50, mirror: 0 }, { logger: new MemoryLogger() })).rejects.toThrow(
      /nginx -t failed.*bad/s,
    );
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});

/** A tiny stand-in for HAProxy's runtime API: records commands, answers show stat from its weights. */
function fakeHaproxy(socketPath: string, options: { ignoreWrites?: boolean } = {}) {
  const commands: string[] = [];
  const weights = new Map([
    ['stable1', 1],
    ['canary1', 0],
  ]);
  const server = net.createServer((socket) => {
    let input = '';
    socket.on('data', (chunk) => {
      input += chunk.toString();
      if (!input.endsWith('\n')) return;
      const command = input.trim();
      commands.push(command);
      const set = /^set weight model\/(\S+) (\d+)$/.exec(command);
      if (set) {
        if (!weights.has(set[1])) socket.end('No such server.\n');
        else {
          if (!options.ignoreWrites) weights.set(set[1], Number(set[2]));
          socket.end('\n');
        }
      } else if (command === 'show stat') {
        const header = '# pxname,svname,qcur,weight,uweight,status\n';
        const rows = [...weights]
          .map(([name, weight]) => `model,${name},0,${weight},${weight},UP`)
          .join('\n');
        socket.end(
          `${header}model,FRONTEND,0,,,OPEN\n${rows}\nmodel,BACKEND,0,1,1,UP\nother,canary1,0,7,7,UP\n\n`,
        );
      } else socket.end('Unknown command.\n');
    });
  });
  return {
    server,
    commands,
    weights,
    listen: () => new Promise<void>((resolve) => server.listen(socketPath, resolve)),
  };
}

/** The router of backend "model" with one stable and one canary server, on a fake admin socket. */
const modelRouter = (socket: string) =>
  new HaproxyRouter({ socket, backend: 'model', stable: ['stable1'], canary: ['canary1'] });

describe('HaproxyRouter over the runtime API', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mlgate-haproxy-'));
  });
  afterAll(() => undefined);

  test('set weight per server, read back from show stat', async () => {
    const socket = path.join(dir, 'admin.sock');
    const fake = fakeHaproxy(socket);
    await fake.listen();
    try {
      const router = modelRouter(socket);
      expect(await router.read({ logger: new MemoryLogger() })).toEqual({ weight: 0, mirror: 0 });
      expect(await applySplit(router, { weight: 10, mirror: 0 }, { logger: new MemoryLogger() })).toEqual({
        weight: 10,
        mirror: 0,
      });
      await applySplit(router, { weight: 75, mirror: 0 }, { logger: new MemoryLogger() });
      expect(fake.commands).toEqual([
        'show stat',
        'set weight model/stable1 9',
        'set weight model/canary1 1',
        'show stat',
        // Gaining side first.
        'set weight model/canary1 3',
        'set weight model/stable1 1',
        'show stat',
      ]);
    } finally {
      fake.server.close();
    }
  });

  test('a router that ignores writes is caught by the read-back', async () => {
    const socket = path.join(dir, 'stuck.sock');
    const fake = fakeHaproxy(socket, { ignoreWrites: true });
    await fake.listen();
    try {
      const router = modelRouter(socket);
      await expect(
        applySplit(router, { weight: 50, mirror: 0 }, { logger: new MemoryLogger() }),
      ).rejects.toThrow(ReadBackMismatch);
    } finally {
      fake.server.close();
    }
  });

  test('HAProxy errors are surfaced; weights stay within 0–256', async () => {
    const socket = path.join(dir, 'err.sock');
    const fake = fakeHaproxy(socket);
    await fake.listen();
    try {
      const router = new HaproxyRouter({ socket, backend: 'model', stable: ['stable1'], canary: ['nope'] });
      await expect(router.write({ weight: 10, mirror: 0 }, { logger: new MemoryLogger() })).rejects.toThrow(
        'HAProxy refused "set weight model/nope 1": No such server.',
      );
    } finally {
      fake.server.close();
    }
    const weights = haproxyWeights(0.3, 1, 1);
    expect(Math.max(weights.stable, weights.canary)).toBeLessThanOrEqual(256);
    expect(Math.abs((weights.canary / (weights.stable + weights.canary)) * 100 - 0.3)).toBeLessThan(0.5);
  });

  test('show stat parsing prefers uweight and skips FRONTEND/BACKEND and other backends', () => {
    const csv =
      '# pxname,svname,weight,uweight\nmodel,FRONTEND,,\nmodel,s1,0,5\nmodel,BACKEND,5,5\nother,s1,9,9\n';
    expect(parseShowStat(csv, 'model')).toEqual(new Map([['s1', 5]]));
  });
});
