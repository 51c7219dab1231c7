/**
 * The nginx router against a real nginx under load: once a write has been read back, no request may reach the
 * old configuration. nginx keeps old workers serving (in-flight requests, kept-alive connections) for a while
 * after a reload; the router waits until they have exited.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '@mlgate/core';
import { applySplit, childPids, NginxRouter, type NginxSettings } from '@mlgate/deploy';
import { startNginxFor } from './bench.js';
import type { NginxBench } from './bench.js';
import { startLoad } from './load.js';
import { startModelServer } from './model-server.js';
import type { ModelServer } from './model-server.js';
import { requireBinaries } from './servers.js';

describe('nginx router reload (real nginx under load)', () => {
  let stable: ModelServer;
  let canary: ModelServer;
  let nginx: NginxBench;

  beforeAll(async () => {
    requireBinaries();
    stable = await startModelServer({ version: 'reload-v1', seed: 1 });
    canary = await startModelServer({ version: 'reload-v2', seed: 2 });
    nginx = await startNginxFor({ stable, canary, stableVersion: 'reload-v1', canaryVersion: 'reload-v2' });
  }, 30_000);

  afterAll(async () => {
    await nginx?.nginx.stop();
    await Promise.all([stable?.close(), canary?.close()]);
  });

  const settings = (pidFile: string | undefined): NginxSettings => ({
    includeFile: nginx.includeFile,
    upstream: 'model',
    mode: 'weights',
    splitKey: '${request_id}',
    stable: [stable.address],
    canary: [canary.address],
    nginx: nginx.nginx.commandLine[0],
    prefix: nginx.nginx.prefix,
    conf: nginx.nginx.confFile,
    pidFile,
    reloadWaitMs: 0,
  });

  // With pid-file: SIGHUP to the master. Without: `nginx -s reload`, the master found through nginx -T's pid.
  it.each([
    ['pid-file', true],
    ['nginx -s reload, pid file from nginx -T', false],
  ])(
    'after the read-back every new request gets the new configuration and no old worker is left (%s)',
    async (_name, withPidFile) => {
      const router = new NginxRouter(settings(withPidFile ? nginx.nginx.pidFile : undefined));
      const master = Number(readFileSync(nginx.nginx.pidFile, 'utf8').trim());
      const load = startLoad({ url: `${nginx.nginx.url}/predict`, concurrency: 8, ratePerSecond: 400 });
      const logger = new MemoryLogger();
      const checks: { weight: number; oldWorkersLeft: number[]; wrong: number; total: number }[] = [];
      try {
        for (const weight of [100, 0, 100, 0]) {
          const workers = await childPids(master);
          await applySplit(router, { weight, mirror: 0 }, { logger });
          const readBackAt = Date.now();
          const left = await childPids(master);
          // Requests sent from the read-back on: 300 ms of traffic at 400/s.
          await new Promise((resolve) => setTimeout(resolve, 300));
          const expected = weight === 100 ? canary.version : stable.version;
          const after = load.samples.filter((sample) => sample.sentAt >= readBackAt);
          checks.push({
            weight,
            oldWorkersLeft: [...(workers ?? [])].filter((pid) => left?.has(pid)),
            wrong: after.filter((sample) => sample.status !== 200 || sample.version !== expected).length,
            total: after.length,
          });
        }
      } finally {
        await load.stop();
      }
      expect(checks.map(({ weight, oldWorkersLeft, wrong }) => ({ weight, oldWorkersLeft, wrong }))).toEqual(
        [100, 0, 100, 0].map((weight) => ({ weight, oldWorkersLeft: [], wrong: 0 })),
      );
      for (const check of checks) expect(check.total).toBeGreaterThan(50);
    },
    30_000,
  );
});
