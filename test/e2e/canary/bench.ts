/**
 * The canary bench: pairs of model servers (stable and canary) scraped by one real Prometheus, and real nginx
 * or haproxy instances in front of a pair, laid out the way the canary-deploy README tells users to.
 * Each scenario gets its own pair with its own version labels, so metrics of one never leak into another.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startModelServer } from './model-server.js';
import type { ModelBehaviour, ModelServer } from './model-server.js';
import { requireBinaries, startHaproxy, startNginx, startPrometheus } from './servers.js';
import type { Haproxy, Nginx, Prometheus } from './servers.js';

export interface ModelPair {
  stable: ModelServer;
  canary: ModelServer;
  /** The version labels, for the action's stable-version and canary-version inputs. */
  stableVersion: string;
  canaryVersion: string;
}

export interface Bench {
  prometheus: Prometheus;
  pairs: Record<string, ModelPair>;
  /** Stops Prometheus and every model server; safe to call after a failed start. */
  close(): Promise<void>;
}

/** Starts a pair per scenario name (versions `<name>-v1` and `<name>-v2`) and one Prometheus scraping all. */
export async function startBench(
  scenarios: string[],
  behaviour: Record<string, Partial<ModelBehaviour>> = {},
  options: {
    /** Behaviour of a scenario's stable server (default: no errors). */
    stable?: Record<string, Partial<ModelBehaviour>>;
    /** Status-code series created at their first request, as client libraries do (see model-server.ts). */
    lazySeries?: boolean;
    /** Prometheus' scrape interval (default 1s); time-scaled analyses with sub-second windows need less. */
    scrapeInterval?: string;
  } = {},
): Promise<Bench> {
  requireBinaries();
  const servers: ModelServer[] = [];
  let prometheus: Prometheus | undefined;
  const close = async () => {
    await prometheus?.stop();
    await Promise.all(servers.map((server) => server.close()));
  };
  try {
    const pairs: Record<string, ModelPair> = {};
    for (const [index, name] of scenarios.entries()) {
      const stableVersion = `${name}-v1`;
      const canaryVersion = `${name}-v2`;
      const stable = await startModelServer({
        version: stableVersion,
        seed: 2 * index + 1,
        lazySeries: options.lazySeries,
        ...options.stable?.[name],
      });
      servers.push(stable);
      const canary = await startModelServer({
        version: canaryVersion,
        seed: 2 * index + 2,
        lazySeries: options.lazySeries,
        ...behaviour[name],
      });
      servers.push(canary);
      pairs[name] = { stable, canary, stableVersion, canaryVersion };
    }
    prometheus = await startPrometheus({
      targets: servers.map((server) => ({ address: server.address })),
      scrapeInterval: options.scrapeInterval,
    });
    return { prometheus, pairs, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** PromQL the scenarios analyse with; {{version}} is the action's placeholder for the side measured. */
export const QUERIES = {
  errorRate:
    'sum(rate(model_requests_total{version="{{version}}",code=~"5.."}[3s])) / sum(rate(model_requests_total{version="{{version}}"}[3s]))',
  wrongAnswerRate:
    'sum(rate(model_wrong_answers_total{version="{{version}}"}[3s])) / sum(rate(model_requests_total{version="{{version}}",code="200"}[3s]))',
  requests: 'sum(increase(model_requests_total{version="{{version}}"}[3s]))',
};

/** The mirror location's path for upstream "model" (the action's mirrorLocation). */
export const MIRROR_LOCATION = '/_mlgate_mirror_model';

export interface NginxBench {
  nginx: Nginx;
  /** The `router` section of the deploy config for this nginx. */
  router: Record<string, unknown>;
  /** The include file the action rewrites (http context). */
  includeFile: string;
  mirrorFile: string;
}

/**
 * nginx with the README's layout: the http block includes the action's include file, the server block includes
 * its mirror file and mirrors /predict to the mirror location; users are proxied to `upstream model`.
 */
export async function startNginxFor(
  pair: ModelPair,
  options: { mirrorHeader?: string } = {},
): Promise<NginxBench> {
  const stable = pair.stable.address;
  const canary = pair.canary.address;
  let mirrorFile = '';
  const nginx = await startNginx({
    // What a user has before the first rollout: everything on stable.
    routes: [
      `upstream model {\n    server ${stable} weight=1;\n    server ${canary} down;\n}`,
      `upstream model_stable {\n    server ${stable};\n}`,
      `upstream model_canary {\n    server ${canary};\n}`,
      '',
    ].join('\n'),
    http: ({ port, routesFile }) => {
      mirrorFile = path.join(path.dirname(routesFile), 'mlgate-mirror.conf');
      writeFileSync(mirrorFile, `location = ${MIRROR_LOCATION} {\n    internal;\n    return 204;\n}\n`);
      return `
  include ${routesFile};
  server {
    listen 127.0.0.1:${port};
    # Inherited only by locations without a proxy_set_header of their own, i.e. the action's mirror
    # location: the model server counts mirrored copies apart from user requests.
    ${options.mirrorHeader ? `proxy_set_header ${options.mirrorHeader} 1;` : ''}
    include ${mirrorFile};
    location = /predict {
      mirror ${MIRROR_LOCATION};
      proxy_set_header Host $host;
      proxy_pass http://model;
    }
  }`;
    },
  });
  return {
    nginx,
    includeFile: nginx.routesFile,
    mirrorFile,
    router: {
      'include-file': nginx.routesFile,
      'mirror-file': mirrorFile,
      upstream: 'model',
      mode: 'weights',
      stable: [stable],
      canary: [canary],
      nginx: nginx.commandLine[0],
      prefix: nginx.prefix,
      conf: nginx.confFile,
      'pid-file': nginx.pidFile,
    },
  };
}

export interface HaproxyBench {
  haproxy: Haproxy;
  router: Record<string, unknown>;
}

/** haproxy in front of a pair: backend "model", servers "stable" (weight `stableWeight`) and "canary" (0). */
export async function startHaproxyFor(
  pair: ModelPair,
  options: { balance?: string; stableWeight?: number } = {},
): Promise<HaproxyBench> {
  const haproxy = await startHaproxy({
    balance: options.balance,
    servers: [
      { name: 'stable', address: pair.stable.address, weight: options.stableWeight ?? 100 },
      { name: 'canary', address: pair.canary.address, weight: 0 },
    ],
  });
  return {
    haproxy,
    router: { socket: haproxy.socket, backend: haproxy.backend, stable: ['stable'], canary: ['canary'] },
  };
}

/** Writes the deploy config (JSON is YAML) into the workspace and returns its relative path. */
export function writeDeployConfig(
  workspace: string,
  config: { router: Record<string, unknown>; analysis: Record<string, unknown> },
  name = 'deploy.yml',
): string {
  writeFileSync(path.join(workspace, name), JSON.stringify(config, null, 2));
  return name;
}
