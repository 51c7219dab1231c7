/**
 * The escape hatch: user commands set and read the split. They run without a shell; the split reaches them as
 * {{weight}} / {{mirror}} in argv elements and as MLGATE_WEIGHT / MLGATE_MIRROR in the environment.
 */
import { childEnvironment } from '@mlgate/core';
import { runChecked } from '../process.js';
import { argv, environmentNames } from '../schema-parts.js';
import type { RouterDefinition } from './definition.js';
import type { Router, RouterContext, TrafficSplit } from './types.js';

export interface CommandRouterSettings {
  /** argv that applies a split. */
  set: string[];
  /** argv that prints the current split: a number (the weight) or JSON {"weight": n, "mirror": m}. */
  get: string[];
  canMirror: boolean;
  cwd?: string;
  /** Variables of the step's environment the commands may see besides the minimal ones. */
  env?: string[];
}

export function substituteSplit(argv: string[], split: TrafficSplit): string[] {
  return argv.map((arg) =>
    arg
      .replace(/\{\{\s*weight\s*\}\}/g, String(split.weight))
      .replace(/\{\{\s*mirror\s*\}\}/g, String(split.mirror)),
  );
}

export function parseSplitOutput(stdout: string): TrafficSplit {
  const text = stdout.trim();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(
      `the router's get command printed "${text.slice(0, 200)}"; expected a number or {"weight": n, "mirror": m}`,
    );
  }
  if (typeof value === 'number' && Number.isFinite(value)) return { weight: value, mirror: 0 };
  if (value && typeof value === 'object') {
    const { weight, mirror } = value as { weight?: unknown; mirror?: unknown };
    if (
      typeof weight === 'number' &&
      Number.isFinite(weight) &&
      (mirror === undefined || typeof mirror === 'number')
    )
      return { weight, mirror: mirror ?? 0 };
  }
  throw new Error(
    `the router's get command printed "${text.slice(0, 200)}"; expected a number or {"weight": n, "mirror": m}`,
  );
}

export class CommandRouter implements Router {
  readonly resolution = 0.01;
  readonly canMirror: boolean;
  readonly description: string;

  constructor(readonly settings: CommandRouterSettings) {
    this.canMirror = settings.canMirror;
    this.description = `command router (${settings.set[0]})`;
  }

  async read(context: RouterContext): Promise<TrafficSplit> {
    return parseSplitOutput(
      await runChecked(this.settings.get, 'router get command', {
        signal: context.signal,
        cwd: this.settings.cwd,
        environment: childEnvironment(this.settings.env),
      }),
    );
  }

  async write(split: TrafficSplit, context: RouterContext): Promise<void> {
    const output = await runChecked(substituteSplit(this.settings.set, split), 'router set command', {
      signal: context.signal,
      cwd: this.settings.cwd,
      environment: childEnvironment(this.settings.env, {
        MLGATE_WEIGHT: String(split.weight),
        MLGATE_MIRROR: String(split.mirror),
      }),
    });
    for (const line of output.trim().split('\n').slice(-5)) if (line) context.logger.info(line);
  }
}

export const commandRouter: RouterDefinition<CommandRouterSettings> = {
  schema: {
    type: 'object',
    required: ['set', 'get'],
    additionalProperties: false,
    properties: { set: argv, get: argv, 'can-mirror': { type: 'boolean' }, env: environmentNames },
  },
  settings: (section) => ({
    set: section.value<string[]>('set')!,
    get: section.value<string[]>('get')!,
    canMirror: section.value('can-mirror') === true,
    cwd: section.baseDir,
    env: section.value<string[]>('env'),
  }),
  create: (settings) => new CommandRouter(settings),
  mirrorHint: 'set router.can-mirror: true if your commands handle {{mirror}}',
};
