/**
 * nginx: mlgate owns one include file (http context) with the weighted upstream, the per-version upstreams and the
 * split_clients blocks, and optionally one mirror file (server context) with the mirror location. Every write is
 * checked with `nginx -t` (restored on failure), reloaded, and the file is parsed back.
 */
import { readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RolloutInterrupted, sleep } from '../abort.js';
import { runChecked, runCommand } from '../process.js';
import { argv, duration, identifier, stringList } from '../schema-parts.js';
import type { RouterDefinition } from './definition.js';
import {
  RouterUnchanged,
  serverWeights,
  shareFromWeights,
  type Router,
  type RouterContext,
  type TrafficSplit,
} from './types.js';

export interface NginxSettings {
  includeFile: string;
  mirrorFile?: string;
  upstream: string;
  mode: 'weights' | 'split-clients';
  splitKey: string;
  stable: string[];
  canary: string[];
  nginx: string;
  conf?: string;
  prefix?: string;
  pidFile?: string;
  reload?: string[];
  /** Wait after a reload when the master's pid is unknown, for new workers to start. */
  reloadWaitMs: number;
}

const HEADER = '# Managed by mlgate canary-deploy; rewritten at every step. Do not edit by hand.';

/** The variable split_clients sets in split-clients mode: proxy_pass http://$mlgate_<upstream>; */
export const splitVariable = (upstream: string) => `$mlgate_${upstream}`;
export const mirrorVariable = (upstream: string) => `$mlgate_${upstream}_mirror`;
/** The internal location the user's `mirror` directive points at. */
export const mirrorLocation = (upstream: string) => `/_mlgate_mirror_${upstream}`;

/** "5%", "0.5%": split_clients accepts up to two decimals. */
function percent(value: number): string {
  return `${Number(value.toFixed(2))}%`;
}

function serverLines(servers: string[], weight: number | 'down' | undefined): string[] {
  return servers.map((server) =>
    weight === 'down'
      ? `    server ${server} down;`
      : weight === undefined
        ? `    server ${server};`
        : `    server ${server} weight=${weight};`,
  );
}

/** The include file for a split (http context). */
export function renderNginxInclude(settings: NginxSettings, split: TrafficSplit): string {
  const { upstream, stable, canary } = settings;
  const lines = [HEADER, `# mlgate: weight=${split.weight} mirror=${split.mirror}`, ''];
  if (settings.mode === 'weights') {
    const weights = serverWeights(split.weight, stable.length, canary.length);
    lines.push(`upstream ${upstream} {`);
    // nginx weights must be ≥ 1: a side with no share is marked down instead.
    lines.push(...serverLines(stable, weights.stable === 0 ? 'down' : weights.stable));
    lines.push(...serverLines(canary, weights.canary === 0 ? 'down' : weights.canary));
    lines.push('}', '');
  }
  lines.push(`upstream ${upstream}_stable {`, ...serverLines(stable, undefined), '}', '');
  lines.push(`upstream ${upstream}_canary {`, ...serverLines(canary, undefined), '}', '');
  if (settings.mode === 'split-clients') {
    lines.push(`split_clients "${settings.splitKey}" ${splitVariable(upstream)} {`);
    if (split.weight > 0 && split.weight < 100)
      lines.push(`    ${percent(split.weight)} ${upstream}_canary;`);
    lines.push(`    * ${upstream}_${split.weight >= 100 ? 'canary' : 'stable'};`, '}', '');
  }
  lines.push(`split_clients "\${request_id}" ${mirrorVariable(upstream)} {`);
  if (split.mirror > 0 && split.mirror < 100) lines.push(`    ${percent(split.mirror)} 1;`);
  lines.push(`    * ${split.mirror >= 100 ? 1 : 0};`, '}', '');
  return lines.join('\n');
}

/** The mirror file (server context): the target of the user's `mirror /_mlgate_mirror_<upstream>;`. */
export function renderNginxMirror(settings: NginxSettings): string {
  const { upstream } = settings;
  return [
    HEADER,
    '',
    `location = ${mirrorLocation(upstream)} {`,
    '    internal;',
    // Requests outside the mirrored share end here; the client never waits for a mirror subrequest's answer.
    `    if (${mirrorVariable(upstream)} = 0) {`,
    '        return 204;',
    '    }',
    `    proxy_pass http://${upstream}_canary$request_uri;`,
    '}',
    '',
  ].join('\n');
}

interface ParsedServer {
  address: string;
  weight: number;
  down: boolean;
}

/** The body of `<directive> <name…> {` … `}` (our own files never nest blocks inside these). */
function block(text: string, opening: RegExp): string | undefined {
  const match = opening.exec(text);
  if (!match) return undefined;
  const start = match.index + match[0].length;
  const end = text.indexOf('}', start);
  return end < 0 ? undefined : text.slice(start, end);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function parseServers(body: string): ParsedServer[] {
  return [...body.matchAll(/^\s*server\s+(\S+?)((?:\s+[^;\s]+)*)\s*;/gm)].map((match) => {
    const flags = match[2].trim().split(/\s+/).filter(Boolean);
    const weight = flags.find((flag) => flag.startsWith('weight='));
    return {
      address: match[1],
      weight: weight ? Number(weight.slice('weight='.length)) : 1,
      down: flags.includes('down'),
    };
  });
}

/** Percent of keys that split_clients maps to `target` (its `*` line takes the rest). */
function parseSplitShare(body: string, target: string): number {
  let share = 0;
  let assigned = 0;
  for (const match of body.matchAll(/^\s*(\S+)\s+(\S+)\s*;/gm)) {
    if (match[1] === '*') {
      if (match[2] === target) share += 100 - assigned;
      continue;
    }
    const value = Number(match[1].replace(/%$/, ''));
    assigned += value;
    if (match[2] === target) share += value;
  }
  return share;
}

/** Reads the split back from the include file's nginx directives (not from the comment). */
export function parseNginxInclude(settings: NginxSettings, text: string): TrafficSplit {
  const { upstream } = settings;
  let weight: number;
  if (settings.mode === 'weights') {
    const body = block(text, new RegExp(`^upstream\\s+${escapeRegExp(upstream)}\\s*\\{`, 'm'));
    if (body === undefined) throw new Error(`${settings.includeFile}: no "upstream ${upstream}" block`);
    const servers = parseServers(body);
    const side = (addresses: string[]) =>
      addresses.map((address) => {
        // A server that is not listed gets no traffic (a hand-written initial file may list stable only).
        const server = servers.find((item) => item.address === address);
        return !server || server.down ? 0 : server.weight;
      });
    const unknown = servers.filter(
      (server) => !settings.stable.includes(server.address) && !settings.canary.includes(server.address),
    );
    if (unknown.length > 0)
      throw new Error(
        `${settings.includeFile}: upstream ${upstream} has servers mlgate does not own: ${unknown.map((s) => s.address).join(', ')}`,
      );
    weight = shareFromWeights(side(settings.stable), side(settings.canary));
  } else {
    const body = block(
      text,
      new RegExp(`^split_clients\\s+"[^"]*"\\s+${escapeRegExp(splitVariable(upstream))}\\s*\\{`, 'm'),
    );
    if (body === undefined)
      throw new Error(`${settings.includeFile}: no split_clients block for ${splitVariable(upstream)}`);
    weight = parseSplitShare(body, `${upstream}_canary`);
  }
  const mirrorBody = block(
    text,
    new RegExp(`^split_clients\\s+"[^"]*"\\s+${escapeRegExp(mirrorVariable(upstream))}\\s*\\{`, 'm'),
  );
  const mirror = mirrorBody === undefined ? 0 : parseSplitShare(mirrorBody, '1');
  return { weight: round(weight), mirror: round(mirror) };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Replaces a file atomically, so nginx never reads half of it. Errors name the file the user configured, never
 * the temporary file beside it.
 */
async function replaceFile(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.mlgate-${process.pid}`);
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? `cannot write ${file}: the folder ${path.dirname(file)} does not exist`
        : `cannot write ${file}: ${code ?? (error instanceof Error ? error.message : String(error))}`,
    );
  }
}

/**
 * nginx -t's complaint in the user's words: "[emerg] unknown directive "upstrem" in /etc/nginx/router.conf:12"
 * becomes "/etc/nginx/router.conf line 12: unknown directive "upstrem"". The rest of its output is kept.
 */
export function explainNginxTest(output: string): string {
  // "[emerg] 1234#1234: message in file:line" (the pid#tid prefix is nginx's, not the user's business).
  const match = /\[(?:emerg|alert|crit|error)\]\s+(?:\d+#\d+:\s+)?(.*?)\s+in\s+(\S+?):(\d+)\s*$/m.exec(
    output,
  );
  if (match) return `${match[2]} line ${match[3]}: ${match[1]}`;
  const emerg = /\[(?:emerg|alert|crit|error)\]\s+(?:\d+#\d+:\s+)?(.*)$/m.exec(output);
  return (emerg?.[1] ?? output.trim().split('\n').slice(-3).join(' ')).trim();
}

/**
 * Live child pids of `parent`, from the ppid field of every /proc/<pid>/stat (Linux; /proc/<pid>/task/<tid>/children
 * needs a kernel option that is often off). Zombies are left out: an exited worker no longer serves. Undefined
 * where /proc is not available.
 */
export async function childPids(parent: number): Promise<Set<number> | undefined> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return undefined;
  }
  const children = new Set<number>();
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
        // "pid (comm) state ppid …": comm may contain spaces, so split after the closing parenthesis.
        const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(ppid) === parent && state !== 'Z' && state !== 'X') children.add(Number(entry));
      }),
  );
  return children;
}

const processExists = (pid: number) =>
  readFile(`/proc/${pid}/stat`, 'utf8').then(
    () => true,
    () => false,
  );

/**
 * The pid file nginx itself uses for `-s reload`: the `pid` directive of the configuration (`nginx -T`), else the
 * compiled-in `--pid-path` (`nginx -V`); relative paths are taken from the prefix. Undefined when neither is found.
 */
export function nginxPidFile(dump: string, version: string, prefix?: string): string | undefined {
  const directive = dump
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .map((line) => /^\s*pid\s+("?)([^";\s]+)\1\s*;/.exec(line)?.[2])
    .find((file) => file !== undefined);
  const compiled = /--pid-path=(\S+)/.exec(version)?.[1];
  const file = directive ?? compiled;
  if (file === undefined) return undefined;
  const base = prefix ?? /--prefix=(\S+)/.exec(version)?.[1] ?? '/';
  return path.resolve(base, file);
}

export class NginxRouter implements Router {
  readonly canMirror: boolean;
  readonly resolution: number;
  readonly description: string;

  constructor(readonly settings: NginxSettings) {
    this.canMirror = settings.mirrorFile !== undefined;
    // split_clients has two decimals; weights mode is exact to 0.1 % (serverWeights' scale).
    this.resolution = settings.mode === 'split-clients' ? 0.01 : 0.1;
    this.description = `nginx ${settings.includeFile} (upstream ${settings.upstream}, ${settings.mode})`;
  }

  private nginxArgs(): string[] {
    const args = [this.settings.nginx];
    if (this.settings.prefix) args.push('-p', this.settings.prefix);
    if (this.settings.conf) args.push('-c', this.settings.conf);
    return args;
  }

  async read(): Promise<TrafficSplit> {
    const text = await readIfExists(this.settings.includeFile);
    // A file mlgate never wrote means nothing is routed to the new version yet.
    if (text === undefined) return { weight: 0, mirror: 0 };
    return parseNginxInclude(this.settings, text);
  }

  async write(split: TrafficSplit, context: RouterContext): Promise<void> {
    const { includeFile, mirrorFile } = this.settings;
    const previous = await readIfExists(includeFile);
    const previousMirror = mirrorFile ? await readIfExists(mirrorFile) : undefined;
    const restore = async () => {
      if (previous === undefined)
        await replaceFile(includeFile, renderNginxInclude(this.settings, { weight: 0, mirror: 0 }));
      else await replaceFile(includeFile, previous);
      if (mirrorFile && previousMirror !== undefined) await replaceFile(mirrorFile, previousMirror);
    };
    try {
      await replaceFile(includeFile, renderNginxInclude(this.settings, split));
      if (mirrorFile) await replaceFile(mirrorFile, renderNginxMirror(this.settings));
    } catch (error) {
      // nginx has not been reloaded: the running configuration is the one before this write.
      await restore();
      throw new RouterUnchanged(
        `${error instanceof Error ? error.message : String(error)}; nginx was not reloaded`,
      );
    }
    const test = await runCommand([...this.nginxArgs(), '-t', '-q'], { signal: context.signal });
    if (test.exitCode !== 0) {
      await restore();
      throw new RouterUnchanged(
        `nginx -t failed before any reload: ${explainNginxTest(`${test.stderr}\n${test.stdout}`)} (router unchanged: ${includeFile} restored, nginx not reloaded)`,
      );
    }
    context.logger.info(`nginx -t: ok; reloading`);
    await this.reload(context);
  }

  /** The master's pid file: `pid-file`, else where nginx keeps it (found once, it does not move). */
  private pidFile?: Promise<string | undefined>;

  private findPidFile(context: RouterContext): Promise<string | undefined> {
    if (this.settings.pidFile) return Promise.resolve(this.settings.pidFile);
    this.pidFile ??= (async () => {
      const dump = await runChecked([...this.nginxArgs(), '-T', '-q'], 'nginx -T', {
        signal: context.signal,
      });
      const version = await runCommand([this.settings.nginx, '-V'], { signal: context.signal });
      return nginxPidFile(dump, `${version.stderr}\n${version.stdout}`, this.settings.prefix);
    })().catch((error: unknown) => {
      this.pidFile = undefined;
      throw error;
    });
    return this.pidFile;
  }

  private async masterPid(context: RouterContext): Promise<number | undefined> {
    const file = await this.findPidFile(context);
    const text = file === undefined ? undefined : await readIfExists(file);
    if (text === undefined) return undefined;
    const master = Number(text.trim());
    if (!Number.isInteger(master) || master <= 0) throw new Error(`${file}: not a process id`);
    return master;
  }

  private async reload(context: RouterContext): Promise<void> {
    const { reload } = this.settings;
    const master = await this.masterPid(context);
    const before = master !== undefined ? await childPids(master) : undefined;
    if (reload) await runChecked(reload, 'nginx reload command', { signal: context.signal });
    else if (master !== undefined && this.settings.pidFile) process.kill(master, 'SIGHUP');
    else
      await runChecked([...this.nginxArgs(), '-s', 'reload'], 'nginx -s reload', { signal: context.signal });

    if (master === undefined || before === undefined) {
      context.logger.warning(
        `nginx: cannot see the master's worker processes (no pid file or no /proc); waiting ${this.settings.reloadWaitMs} ms for the reload instead`,
      );
      await sleep(this.settings.reloadWaitMs, context.signal);
      return;
    }
    await waitForNewWorkers(master, before, context);
  }
}

/**
 * A reload has taken effect once the master runs new workers and every worker of the old configuration has exited:
 * until then an old worker may still accept a request (or one on a kept-alive connection) and route it the old way.
 * Bounded by the router timeout (the context's signal).
 */
async function waitForNewWorkers(master: number, before: Set<number>, context: RouterContext): Promise<void> {
  const started = Date.now();
  let said = false;
  for (;;) {
    const now = (await childPids(master)) ?? new Set<number>();
    const old = [...before].filter((pid) => now.has(pid));
    if (old.length === 0 && [...now].some((pid) => !before.has(pid))) return;
    if (!(await processExists(master))) throw new Error(`nginx master process ${master} is not running`);
    if (!said && Date.now() - started > 1000) {
      context.logger.info(`nginx: waiting for ${old.length} old worker process(es) to finish their requests`);
      said = true;
    }
    try {
      await sleep(25, context.signal);
    } catch (error) {
      if (error instanceof RolloutInterrupted) throw error;
      throw new Error(
        `nginx reload did not take effect: ${old.length > 0 ? `old worker process(es) ${old.join(', ')} still running` : 'no new worker process started'} (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
}

const serverList = { ...stringList, items: { type: 'string', pattern: '^[^\\s;{}]+$' } } as const;

export const nginxRouter: RouterDefinition<NginxSettings> = {
  schema: {
    type: 'object',
    required: ['include-file', 'upstream', 'stable', 'canary'],
    additionalProperties: false,
    properties: {
      'include-file': { type: 'string' },
      'mirror-file': { type: 'string' },
      upstream: identifier,
      mode: { enum: ['weights', 'split-clients'] },
      'split-key': { type: 'string', pattern: '^[^"\\n;{}]+$' },
      stable: serverList,
      canary: serverList,
      nginx: { type: 'string' },
      conf: { type: 'string' },
      prefix: { type: 'string' },
      'pid-file': { type: 'string' },
      reload: argv,
      'reload-wait': duration,
    },
  },
  settings(section) {
    section.requireFolder('include-file');
    section.requireFolder('mirror-file');
    return {
      includeFile: section.path('include-file')!,
      mirrorFile: section.path('mirror-file'),
      upstream: section.string('upstream')!,
      mode: section.value<NginxSettings['mode']>('mode') ?? 'weights',
      splitKey: section.string('split-key') ?? '${request_id}',
      stable: section.value<string[]>('stable')!,
      canary: section.value<string[]>('canary')!,
      nginx: section.string('nginx') ?? 'nginx',
      conf: section.path('conf'),
      prefix: section.path('prefix'),
      pidFile: section.path('pid-file'),
      reload: section.value<string[]>('reload'),
      reloadWaitMs: section.duration('reload-wait', '500ms'),
    };
  },
  create: (settings) => new NginxRouter(settings),
  mirrorHint: 'set router.mirror-file',
};
