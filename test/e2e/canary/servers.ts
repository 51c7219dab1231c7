/**
 * Real traffic routers and a real Prometheus for canary tests: Debian's nginx, haproxy and prometheus, each
 * started as the current user on 127.0.0.1 with its config, pid, temp and data paths in its own temp folder.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePorts, runningAsRoot, sleep, startProcess, waitFor } from './processes.js';
import type { ManagedProcess } from './processes.js';

const run = promisify(execFile);

export const NGINX_BINARY = process.env.MLGATE_NGINX ?? '/usr/sbin/nginx';
export const HAPROXY_BINARY = process.env.MLGATE_HAPROXY ?? '/usr/sbin/haproxy';
export const PROMETHEUS_BINARY = process.env.MLGATE_PROMETHEUS ?? '/usr/bin/prometheus';

/** Fails with the Debian package to install when a server binary is missing, instead of a spawn ENOENT. */
export function requireBinaries(): void {
  const missing = [
    [NGINX_BINARY, 'nginx'],
    [HAPROXY_BINARY, 'haproxy'],
    [PROMETHEUS_BINARY, 'prometheus'],
  ].filter(([binary]) => !existsSync(binary));
  if (missing.length > 0)
    throw new Error(
      `missing ${missing.map(([binary]) => binary).join(', ')}: install the Debian packages ` +
        `${missing.map(([, name]) => name).join(' ')} (or point MLGATE_NGINX / MLGATE_HAPROXY / MLGATE_PROMETHEUS at them)`,
    );
}

/** Waits until something accepts TCP connections on 127.0.0.1:port. */
export function waitForPort(port: number, process?: ManagedProcess, timeoutMs = 15_000): Promise<true> {
  return waitFor(
    `127.0.0.1:${port} to accept connections${process ? ` (${process.name}: ${process.output().slice(-2000)})` : ''}`,
    () => {
      if (process && (process.child.exitCode !== null || process.child.signalCode !== null))
        throw new Error(`${process.name} exited: ${process.output().slice(-2000)}`);
      return new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
    },
    { timeoutMs, intervalMs: 50 },
  );
}

// ---------------------------------------------------------------------------------------------------------
// nginx

export interface NginxLayout {
  /** The listening port of the server block. */
  port: number;
  /** The file the action rewrites (upstreams, split_clients, mirror …), included where the layout says. */
  routesFile: string;
}

export interface NginxOptions {
  /** Initial content of the routes file (the action's include file). */
  routes: string;
  /** Name of the routes file inside the prefix (default "mlgate-routes.conf"). */
  routesFileName?: string;
  /** The http-block configuration that uses the routes file: upstream users, server blocks. */
  http: (layout: NginxLayout) => string;
}

export interface Nginx extends NginxLayout {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The prefix folder (-p), holding config, pid and temp paths. */
  prefix: string;
  confFile: string;
  pidFile: string;
  process: ManagedProcess;
  /** The command line that tests or reloads this instance: [binary, ...args] without -t / -s. */
  commandLine: string[];
  /** `nginx -t` on this config; throws with nginx's message when it is invalid. */
  test(): Promise<void>;
  /** Graceful reload (SIGHUP to the master), then a short wait for the new workers. */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

export async function startNginx(options: NginxOptions): Promise<Nginx> {
  const prefix = mkdtempSync(path.join(tmpdir(), 'mlgate-nginx-'));
  const [port] = await freePorts(1);
  const routesFile = path.join(prefix, options.routesFileName ?? 'mlgate-routes.conf');
  const confFile = path.join(prefix, 'nginx.conf');
  const pidFile = path.join(prefix, 'nginx.pid');
  for (const dir of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    mkdirSync(path.join(prefix, 'temp', dir), { recursive: true });
  writeFileSync(routesFile, options.routes);
  // One worker: nginx's smooth weighted round robin then holds one state, so a 20/80 split is exactly 20/80.
  // Everything nginx writes stays in the prefix; error_log goes to stderr, which the test keeps.
  writeFileSync(
    confFile,
    [
      runningAsRoot() ? 'user root;' : '',
      'worker_processes 1;',
      `pid ${pidFile};`,
      'error_log stderr notice;',
      'events { worker_connections 512; }',
      'http {',
      '  access_log off;',
      ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (dir) => `  ${dir === 'body' ? 'client_body' : dir}_temp_path ${path.join(prefix, 'temp', dir)};`,
      ),
      options.http({ port, routesFile }),
      '}',
      '',
    ].join('\n'),
  );
  const commandLine = [NGINX_BINARY, '-p', prefix, '-c', confFile, '-e', 'stderr'];
  const process = startProcess('nginx', commandLine[0], [...commandLine.slice(1), '-g', 'daemon off;']);
  const nginx: Nginx = {
    port,
    routesFile,
    url: `http://127.0.0.1:${port}`,
    prefix,
    confFile,
    pidFile,
    process,
    commandLine,
    async test() {
      await run(commandLine[0], [...commandLine.slice(1), '-t']);
    },
    async reload() {
      process.child.kill('SIGHUP');
      await sleep(300);
    },
    async stop() {
      await process.stop();
      rmSync(prefix, { recursive: true, force: true });
    },
  };
  try {
    await waitForPort(port, process);
  } catch (error) {
    await nginx.stop();
    throw error;
  }
  return nginx;
}

// ---------------------------------------------------------------------------------------------------------
// haproxy

export interface HaproxyServer {
  name: string;
  address: string;
  weight: number;
}

export interface HaproxyOptions {
  backend?: string;
  /** Load-balancing algorithm (default roundrobin; static-rr refuses runtime weight changes). */
  balance?: string;
  servers: HaproxyServer[];
}

export interface HaproxyStat {
  backend: string;
  server: string;
  /** Effective weight as `show stat` reports it. */
  weight: number;
  status: string;
}

export interface Haproxy {
  port: number;
  url: string;
  backend: string;
  /** The admin-level runtime API socket. */
  socket: string;
  configFile: string;
  process: ManagedProcess;
  /** Sends one runtime API command and returns haproxy's answer. */
  command(line: string): Promise<string>;
  /** `show stat` of the backend's servers. */
  stats(): Promise<HaproxyStat[]>;
  /** Server name → current weight. */
  weights(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** One command over a haproxy runtime API socket (non-interactive mode: haproxy closes after answering). */
export function haproxyCommand(socket: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = connect(socket);
    const chunks: Buffer[] = [];
    client.once('connect', () => client.write(`${line}\n`));
    client.on('data', (chunk: Buffer) => chunks.push(chunk));
    client.once('error', reject);
    client.once('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Parses `show stat` CSV (header line starts with "# "). */
export function parseShowStat(csv: string): HaproxyStat[] {
  const lines = csv.split('\n').filter(Boolean);
  const header = lines[0]?.replace(/^# /, '').split(',') ?? [];
  const column = (name: string) => header.indexOf(name);
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return {
      backend: cells[column('pxname')],
      server: cells[column('svname')],
      weight: Number(cells[column('weight')]),
      status: cells[column('status')],
    };
  });
}

export async function startHaproxy(options: HaproxyOptions): Promise<Haproxy> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlgate-haproxy-'));
  const [port] = await freePorts(1);
  const backend = options.backend ?? 'model';
  const socket = path.join(dir, 'admin.sock');
  const configFile = path.join(dir, 'haproxy.cfg');
  // One thread keeps round robin strictly in order; no health checks, so a weight alone decides the split.
  writeFileSync(
    configFile,
    [
      'global',
      `  stats socket ${socket} level admin`,
      '  nbthread 1',
      '  maxconn 512',
      'defaults',
      '  mode http',
      '  timeout connect 2s',
      '  timeout client 10s',
      '  timeout server 10s',
      'frontend predict',
      `  bind 127.0.0.1:${port}`,
      `  default_backend ${backend}`,
      `backend ${backend}`,
      `  balance ${options.balance ?? 'roundrobin'}`,
      ...options.servers.map((server) => `  server ${server.name} ${server.address} weight ${server.weight}`),
      '',
    ].join('\n'),
  );
  const process = startProcess('haproxy', HAPROXY_BINARY, ['-f', configFile, '-db']);
  const command = (line: string) => haproxyCommand(socket, line);
  const stats = async () =>
    parseShowStat(await command('show stat')).filter(
      (row) => row.backend === backend && row.server !== 'BACKEND' && row.server !== 'FRONTEND',
    );
  const haproxy: Haproxy = {
    port,
    url: `http://127.0.0.1:${port}`,
    backend,
    socket,
    configFile,
    process,
    command,
    stats,
    async weights() {
      return Object.fromEntries((await stats()).map((row) => [row.server, row.weight]));
    },
    async stop() {
      await process.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitForPort(port, process);
    await waitFor('the haproxy admin socket', async () => (await stats()).length === options.servers.length);
  } catch (error) {
    await haproxy.stop();
    throw error;
  }
  return haproxy;
}

// ---------------------------------------------------------------------------------------------------------
// Prometheus

export interface PrometheusTarget {
  address: string;
  /** Extra target labels (e.g. { side: "canary" }). */
  labels?: Record<string, string>;
}

export interface PrometheusOptions {
  /** The first scrape targets; setTargets() changes them while Prometheus runs. */
  targets: PrometheusTarget[];
  job?: string;
  /** Default 1s. */
  scrapeInterval?: string;
}

export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

export interface Prometheus {
  port: number;
  url: string;
  process: ManagedProcess;
  /** An instant query over the HTTP API; numbers as JavaScript numbers (NaN stays NaN). */
  query(promql: string): Promise<PromSample[]>;
  /** Health of every scrape target by address. */
  targetHealth(): Promise<Record<string, string>>;
  /** Replaces the scrape targets (file-based discovery) and waits until all of them are up. */
  setTargets(targets: PrometheusTarget[]): Promise<void>;
  /** Waits until the series behind `promql` has reached `min` (e.g. after traffic, a scrape must land). */
  waitForValue(promql: string, predicate: (value: number) => boolean, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

export async function startPrometheus(options: PrometheusOptions): Promise<Prometheus> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlgate-prometheus-'));
  const [port] = await freePorts(1);
  const configFile = path.join(dir, 'prometheus.yml');
  const targetsFile = path.join(dir, 'targets.json');
  const writeTargets = (targets: PrometheusTarget[]) => {
    // Written aside and renamed, so Prometheus' file watcher never reads half a file.
    writeFileSync(
      `${targetsFile}.tmp`,
      JSON.stringify(targets.map((target) => ({ targets: [target.address], labels: target.labels ?? {} }))),
    );
    renameSync(`${targetsFile}.tmp`, targetsFile);
  };
  writeTargets(options.targets);
  // JSON is YAML: no YAML writer needed for a config this small.
  writeFileSync(
    configFile,
    JSON.stringify(
      {
        global: {
          scrape_interval: options.scrapeInterval ?? '1s',
          scrape_timeout: options.scrapeInterval ?? '900ms',
          evaluation_interval: '1s',
        },
        scrape_configs: [
          {
            job_name: options.job ?? 'model',
            file_sd_configs: [{ files: [targetsFile], refresh_interval: '1s' }],
          },
        ],
      },
      null,
      2,
    ),
  );
  const url = `http://127.0.0.1:${port}`;
  const process = startProcess(
    'prometheus',
    PROMETHEUS_BINARY,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.console.templates=${path.join(dir, 'consoles')}`,
      `--web.console.libraries=${path.join(dir, 'console_libraries')}`,
      '--log.level=warn',
    ],
    { cwd: dir },
  );
  const api = async <T>(pathAndQuery: string): Promise<T> => {
    const response = await fetch(`${url}${pathAndQuery}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success')
      throw new Error(`Prometheus ${pathAndQuery}: ${body.error ?? response.status}`);
    return body.data;
  };
  const query = async (promql: string) => {
    const data = await api<{
      resultType: string;
      result: { metric: Record<string, string>; value: [number, string] }[];
    }>(`/api/v1/query?query=${encodeURIComponent(promql)}`);
    return data.result.map((row) => ({ metric: row.metric, value: Number(row.value[1]) }));
  };
  const targetHealth = async () => {
    const data = await api<{ activeTargets: { scrapeUrl: string; health: string }[] }>('/api/v1/targets');
    return Object.fromEntries(
      data.activeTargets.map((target) => [new URL(target.scrapeUrl).host, target.health]),
    );
  };
  const waitForTargets = (targets: PrometheusTarget[]) =>
    waitFor(
      `Prometheus targets ${targets.map((target) => target.address).join(', ')} to be up`,
      async () => {
        const health = await targetHealth();
        return targets.every((target) => health[target.address] === 'up');
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
  const prometheus: Prometheus = {
    port,
    url,
    process,
    query,
    targetHealth,
    async setTargets(targets) {
      writeTargets(targets);
      await waitForTargets(targets);
    },
    waitForValue: (promql, predicate, timeoutMs = 10_000) =>
      waitFor(
        `Prometheus: ${promql}`,
        async () => {
          const [sample] = await query(promql);
          return sample !== undefined && predicate(sample.value) ? sample.value : undefined;
        },
        { timeoutMs, intervalMs: 200 },
      ),
    async stop() {
      await process.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitForPort(port, process, 30_000);
    await waitForTargets(options.targets);
  } catch (error) {
    await prometheus.stop();
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n${process.output().slice(-2000)}`,
    );
  }
  return prometheus;
}
