/**
 * The canary test bench checks itself: real nginx and haproxy split loopback traffic between two model
 * servers as configured, the load generator measures that split, and real Prometheus sees the requests.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkShare, measureSplit, runLoad, startLoad } from './load.js';
import { MIRROR_HEADER, startModelServer } from './model-server.js';
import type { ModelServer } from './model-server.js';
import { requireBinaries, startHaproxy, startNginx, startPrometheus } from './servers.js';
import type { Haproxy, Nginx, Prometheus } from './servers.js';

describe('canary test bench', () => {
  let stable: ModelServer;
  let canary: ModelServer;
  let prometheus: Prometheus | undefined;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    requireBinaries();
    stable = await startModelServer({ version: 'stable' });
    stops.push(() => stable.close());
    canary = await startModelServer({ version: 'canary' });
    stops.push(() => canary.close());
  }, 30_000);

  afterAll(async () => {
    // Every server is stopped even when a test failed half-way; last started, first stopped.
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }, 30_000);

  it('model servers answer with their version, inject errors and wrong answers, and expose metrics', async () => {
    const answer = await fetch(`${canary.url}/predict`, { method: 'POST', body: '{"text":"great"}' });
    expect(await answer.json()).toEqual({ version: 'canary', label: 'positive', mirrored: false });

    canary.setBehaviour({ errorRate: 1 });
    expect((await fetch(`${canary.url}/predict?text=x`)).status).toBe(500);
    // The admin endpoint changes the behaviour of a server in another process the same way.
    await fetch(`${canary.url}/admin/behaviour`, {
      method: 'PUT',
      body: JSON.stringify({ errorRate: 0, wrongAnswerRate: 1 }),
    });
    expect(await (await fetch(`${canary.url}/predict?text=great`)).json()).toMatchObject({
      label: 'negative',
    });
    await fetch(`${canary.url}/predict?text=great`, { headers: { [MIRROR_HEADER]: '1' } });
    canary.setBehaviour({ wrongAnswerRate: 0 });

    const metrics = await (await fetch(`${canary.url}/metrics`)).text();
    expect(metrics).toContain('model_requests_total{version="canary",code="500"} 1');
    expect(metrics).toContain('model_requests_total{version="canary",code="200"} 3');
    expect(metrics).toContain('model_wrong_answers_total{version="canary"} 2');
    expect(metrics).toContain('model_mirrored_requests_total{version="canary"} 1');
    expect(metrics).toContain('model_request_duration_seconds_count{version="canary"} 4');
  });

  describe('nginx', () => {
    let nginx: Nginx;
    beforeAll(async () => {
      nginx = await startNginx({
        routes: `upstream model {\n  server ${stable.address} weight=80;\n  server ${canary.address} weight=20;\n}\n`,
        http: ({ port, routesFile }) => `
  include ${routesFile};
  upstream model_stable { server ${stable.address}; }
  upstream model_canary { server ${canary.address}; }
  server {
    listen 127.0.0.1:${port};
    location = /predict { proxy_pass http://model; }
    location = /shadowed { mirror /mirror; proxy_pass http://model_stable/predict; }
    location = /mirror {
      internal;
      proxy_set_header ${MIRROR_HEADER} 1;
      proxy_pass http://model_canary/predict;
    }
  }`,
      });
      stops.push(() => nginx.stop());
    }, 30_000);

    it('splits a weighted upstream 20/80, and a reload applies new weights', async () => {
      const samples = await runLoad({ url: `${nginx.url}/predict`, durationMs: 1500, concurrency: 4 });
      const split = measureSplit(samples);
      expect(split.total).toBeGreaterThan(100);
      expect(samples.filter((sample) => sample.status !== 200)).toEqual([]);
      const check = checkShare(split.share('canary'), 0.2, split.total);
      expect(check).toMatchObject({ ok: true });

      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        nginx.routesFile,
        `upstream model {\n  server ${stable.address} weight=50;\n  server ${canary.address} weight=50;\n}\n`,
      );
      await nginx.test();
      await nginx.reload();
      const after = measureSplit(await runLoad({ url: `${nginx.url}/predict`, durationMs: 1000 }));
      expect(checkShare(after.share('canary'), 0.5, after.total)).toMatchObject({ ok: true });
    }, 20_000);

    it('mirrors requests to the canary while users only get stable answers', async () => {
      const before = canary.counts().mirrored;
      const samples = await runLoad({ url: `${nginx.url}/shadowed`, durationMs: 1000 });
      expect(measureSplit(samples).byVersion).toEqual({ stable: samples.length });
      // Mirror subrequests finish asynchronously; by now nearly all have landed.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(canary.counts().mirrored - before).toBe(samples.length);
    }, 20_000);
  });

  describe('haproxy', () => {
    let haproxy: Haproxy;
    beforeAll(async () => {
      haproxy = await startHaproxy({
        servers: [
          { name: 'stable', address: stable.address, weight: 100 },
          { name: 'canary', address: canary.address, weight: 0 },
        ],
      });
      stops.push(() => haproxy.stop());
    }, 30_000);

    it('sends nothing to a weight-0 server, and `set weight` over the admin socket changes the split', async () => {
      expect(await haproxy.weights()).toEqual({ stable: 100, canary: 0 });
      const none = measureSplit(await runLoad({ url: `${haproxy.url}/predict`, durationMs: 800 }));
      expect(none.byVersion).toEqual({ stable: none.total });

      expect(await haproxy.command('set weight model/canary 25')).toBe('\n');
      expect(await haproxy.command('set weight model/stable 75')).toBe('\n');
      expect(await haproxy.weights()).toEqual({ stable: 75, canary: 25 });
      const load = startLoad({ url: `${haproxy.url}/predict`, durationMs: 1500 });
      const split = measureSplit(await load.finished);
      expect(checkShare(split.share('canary'), 0.25, split.total)).toMatchObject({ ok: true });
    }, 20_000);

    it('refuses a weight on a server of a backend that does not exist', async () => {
      expect(await haproxy.command('set weight nope/canary 10')).toMatch(/No such backend/i);
    });
  });

  describe('Prometheus', () => {
    beforeAll(async () => {
      prometheus = await startPrometheus({
        targets: [{ address: stable.address }, { address: canary.address }],
      });
      stops.push(() => prometheus!.stop());
    }, 40_000);

    it('scrapes both model servers and answers request rates by version over /api/v1/query', async () => {
      expect(await prometheus!.targetHealth()).toEqual({ [stable.address]: 'up', [canary.address]: 'up' });
      canary.setBehaviour({ errorRate: 0.5 });
      const load = startLoad({ url: `${canary.url}/predict`, ratePerSecond: 100 });
      try {
        const errorRatio = await prometheus!.waitForValue(
          'sum(rate(model_requests_total{version="canary",code="500"}[3s])) / sum(rate(model_requests_total{version="canary"}[3s]))',
          (value) => value > 0.3,
        );
        expect(errorRatio).toBeLessThan(0.7);
        const rate = await prometheus!.waitForValue(
          'sum(rate(model_requests_total{version="canary"}[3s]))',
          (value) => value > 50,
        );
        expect(rate).toBeLessThan(150);
      } finally {
        await load.stop();
        canary.setBehaviour({ errorRate: 0 });
      }
      // Stable served nothing recently: its error ratio is 0/0, which Prometheus reports as NaN.
      const [idle] = await prometheus!.query(
        'sum(rate(model_requests_total{version="stable",code="500"}[3s])) / sum(rate(model_requests_total{version="stable"}[3s]))',
      );
      expect(idle.value).toBeNaN();
    }, 30_000);

    it('picks up new scrape targets while it runs', async () => {
      const next = await startModelServer({ version: 'canary-2' });
      try {
        await prometheus!.setTargets([{ address: stable.address }, { address: next.address }]);
        const [series] = await prometheus!.query('model_requests_total{version="canary-2",code="200"}');
        expect(series.value).toBe(0);
        expect(await prometheus!.targetHealth()).toEqual({ [stable.address]: 'up', [next.address]: 'up' });
      } finally {
        await next.close();
      }
    }, 30_000);
  });
});
