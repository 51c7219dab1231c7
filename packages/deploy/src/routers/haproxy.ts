/**
 * HAProxy: the runtime API over the admin socket (UNIX or TCP). Weights are set with `set weight
 * <backend>/<server> <n>` and read back from `show stat` CSV. Only the listed servers of one backend are touched.
 */
import net from 'node:net';
import { stringList } from '../schema-parts.js';
import type { RouterDefinition } from './definition.js';
import {
  RouterUnchanged,
  serverWeights,
  shareFromWeights,
  type Router,
  type RouterContext,
  type TrafficSplit,
} from './types.js';

export interface HaproxySettings {
  socket?: string;
  /** host:port of a TCP `stats socket`. */
  address?: string;
  backend: string;
  stable: string[];
  canary: string[];
}

/** HAProxy server weights range 0–256. */
const MAX_WEIGHT = 256;

/** Sends one command on a fresh connection (non-interactive mode: HAProxy answers, then closes). */
export function haproxyCommand(
  settings: HaproxySettings,
  command: string,
  signal?: AbortSignal,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = settings.socket
      ? net.createConnection({ path: settings.socket })
      : net.createConnection(parseAddress(settings.address ?? ''));
    const chunks: Buffer[] = [];
    const onAbort = () =>
      socket.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('connect', () => socket.end(`${command}\n`));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new Error(`HAProxy runtime API ${settings.socket ?? settings.address}: ${error.message}`));
    });
    socket.on('close', (hadError) => {
      signal?.removeEventListener('abort', onAbort);
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

function parseAddress(address: string): { host: string; port: number } {
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(address);
  if (!match) throw new Error(`HAProxy address must be host:port; got "${address}"`);
  return { host: match[1], port: Number(match[2]) };
}

/** Integer weights in 0–256 closest to the wanted share. */
export function haproxyWeights(
  weight: number,
  stableCount: number,
  canaryCount: number,
): { stable: number; canary: number } {
  const exact = serverWeights(weight, stableCount, canaryCount);
  if (Math.max(exact.stable, exact.canary) <= MAX_WEIGHT) return exact;
  const stableShare = (100 - weight) / stableCount;
  const canaryShare = weight / canaryCount;
  const scale = MAX_WEIGHT / Math.max(stableShare, canaryShare);
  // A side with a share never rounds down to 0 (that would switch it off entirely).
  const round = (share: number) => (share === 0 ? 0 : Math.max(1, Math.round(share * scale)));
  return { stable: round(stableShare), canary: round(canaryShare) };
}

/** `show stat` CSV → server name → user weight, for one backend. */
export function parseShowStat(csv: string, backend: string): Map<string, number> {
  const lines = csv.split('\n').filter((line) => line.trim() !== '');
  const header = lines.find((line) => line.startsWith('# '));
  if (!header) throw new Error(`HAProxy "show stat" returned no CSV header: ${csv.slice(0, 200)}`);
  const columns = header.slice(2).split(',');
  const pxname = columns.indexOf('pxname');
  const svname = columns.indexOf('svname');
  // uweight (HAProxy ≥ 2.2) is the weight set by `set weight`; weight is the effective one, 0 while a server is down.
  const weightColumn = columns.includes('uweight') ? columns.indexOf('uweight') : columns.indexOf('weight');
  if (pxname < 0 || svname < 0 || weightColumn < 0)
    throw new Error('HAProxy "show stat" CSV lacks pxname, svname or weight columns');
  const weights = new Map<string, number>();
  for (const line of lines) {
    if (line.startsWith('#')) continue;
    const fields = line.split(',');
    if (fields[pxname] !== backend || fields[svname] === 'BACKEND' || fields[svname] === 'FRONTEND') continue;
    weights.set(fields[svname], Number(fields[weightColumn]));
  }
  return weights;
}

export class HaproxyRouter implements Router {
  readonly canMirror = false;
  /** 256 weight levels: the read-back share may differ from the wanted one by up to about 0.4 points. */
  readonly resolution = 0.5;
  readonly description: string;

  constructor(readonly settings: HaproxySettings) {
    this.description = `HAProxy ${settings.socket ?? settings.address} (backend ${settings.backend})`;
  }

  async read(context: RouterContext): Promise<TrafficSplit> {
    const csv = await haproxyCommand(this.settings, `show stat`, context.signal);
    const weights = parseShowStat(csv, this.settings.backend);
    const side = (servers: string[]) =>
      servers.map((server) => {
        const weight = weights.get(server);
        if (weight === undefined || !Number.isFinite(weight))
          throw new Error(`HAProxy backend ${this.settings.backend} has no server ${server}`);
        return weight;
      });
    return {
      weight:
        Math.round(shareFromWeights(side(this.settings.stable), side(this.settings.canary)) * 1000) / 1000,
      mirror: 0,
    };
  }

  async write(split: TrafficSplit, context: RouterContext): Promise<void> {
    if (split.mirror > 0)
      throw new Error('HAProxy cannot mirror traffic; use nginx, istio or gateway-api for shadow');
    const weights = haproxyWeights(split.weight, this.settings.stable.length, this.settings.canary.length);
    // Raise the side that gains traffic first, so no instant has both sides at their lowest weights.
    const order =
      split.weight >= 50
        ? [
            ...this.settings.canary.map((s) => [s, weights.canary] as const),
            ...this.settings.stable.map((s) => [s, weights.stable] as const),
          ]
        : [
            ...this.settings.stable.map((s) => [s, weights.stable] as const),
            ...this.settings.canary.map((s) => [s, weights.canary] as const),
          ];
    for (const [index, [server, weight]] of order.entries()) {
      const command = `set weight ${this.settings.backend}/${server} ${weight}`;
      context.logger.info(`haproxy: ${command}`);
      const answer = (await haproxyCommand(this.settings, command, context.signal)).trim();
      if (answer === '') continue;
      // Refused at the first server: no weight changed. Later, the servers before it already have new weights.
      if (index === 0)
        throw new RouterUnchanged(
          `HAProxy refused "${command}": ${answer} (router unchanged: no weight was set)`,
        );
      throw new Error(`HAProxy refused "${command}": ${answer}`);
    }
  }
}

const serverList = { ...stringList, items: { type: 'string', pattern: '^[^\\s/]+$' } } as const;

export const haproxyRouter: RouterDefinition<HaproxySettings> = {
  schema: {
    type: 'object',
    required: ['backend', 'stable', 'canary'],
    additionalProperties: false,
    anyOf: [{ required: ['socket'] }, { required: ['address'] }],
    properties: {
      socket: { type: 'string' },
      address: { type: 'string' },
      backend: { type: 'string', pattern: '^[^\\s/]+$' },
      stable: serverList,
      canary: serverList,
    },
  },
  settings: (section) => ({
    socket: section.path('socket'),
    address: section.string('address'),
    backend: section.string('backend')!,
    stable: section.value<string[]>('stable')!,
    canary: section.value<string[]>('canary')!,
  }),
  create: (settings) => new HaproxyRouter(settings),
};
