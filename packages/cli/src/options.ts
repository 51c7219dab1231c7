/** Command-line parsing: `--name value` options named exactly like the action inputs. */
import { ConfigurationError } from '@mlgate/core';

/** 0: passed; 1: a gate failed; 2: the run could not be judged (bad input, configuration, or an mlgate bug). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface CommandOptions {
  /** Option values by input name; repeated options are joined with commas (list inputs). */
  values: Record<string, string>;
  flags: Record<string, boolean>;
  positionals: string[];
}

/**
 * Parses `--name value`, `--name=value` and boolean `--flag`s. Unknown options are errors, so a typo never
 * silently falls back to a default.
 */
export function parseCommandLine(
  args: string[],
  valueOptions: readonly string[],
  flagOptions: readonly string[],
): CommandOptions {
  const result: CommandOptions = { values: {}, flags: {}, positionals: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      result.positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (flagOptions.includes(name)) {
      result.flags[name] = true;
      continue;
    }
    if (!valueOptions.includes(name)) {
      throw new ConfigurationError(
        `unknown option --${name}; options: ${[...valueOptions, ...flagOptions].map((option) => `--${option}`).join(', ')}`,
      );
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new ConfigurationError(`option --${name} needs a value`);
    result.values[name] = result.values[name] === undefined ? value : `${result.values[name]},${value}`;
  }
  return result;
}

/**
 * `auto` and `pinned:<name>` read the baseline store, which is the Actions runner's cache or artifact service:
 * on the command line a baseline is a file (download it, or use `mlgate baseline bless` in a job).
 */
export function refuseStoredBaseline(option: string, value: string | undefined): void {
  const text = value?.trim() ?? '';
  if (text === 'auto' || text.startsWith('pinned:'))
    throw new ConfigurationError(
      `--${option} ${text} reads the baseline store of a GitHub Actions run (its cache or artifact service); on the command line give the file of a report or profile instead`,
    );
}
