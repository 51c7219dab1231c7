/** Command-line parsing: `--name value` options named exactly like the action inputs. */
import { ConfigurationError, didYouMean } from '@mlgate/core';

/** 0: passed; 1: a gate failed; 2: the run could not be judged (bad input, configuration, or an mlgate bug). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Flags every command accepts; main lists them in every help text. */
export const COMMON_FLAGS = ['help', 'verbose', 'quiet'] as const;

export interface CommandOptions {
  /** Option values by input name; repeated options are joined with commas (list inputs). */
  values: Record<string, string>;
  flags: Record<string, boolean>;
  positionals: string[];
}

/**
 * Parses `--name value`, `--name=value`, boolean `--flag`s, `-h` (help) and `--` (only positionals after it).
 * Unknown options are errors, so a typo never silently falls back to a default.
 */
export function parseCommandLine(
  args: string[],
  valueOptions: readonly string[],
  flagOptions: readonly string[],
): CommandOptions {
  const result: CommandOptions = { values: {}, flags: {}, positionals: [] };
  const known = [...valueOptions, ...flagOptions];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      result.positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h' && flagOptions.includes('help')) {
      result.flags.help = true;
      continue;
    }
    if (/^-[^-]/.test(arg)) throw unknownOption(arg, known);
    if (!arg.startsWith('--')) {
      result.positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (flagOptions.includes(name)) {
      if (inline !== undefined) throw new ConfigurationError(`--${name} takes no value; got "${inline}"`);
      result.flags[name] = true;
      continue;
    }
    if (!valueOptions.includes(name)) throw unknownOption(`--${name}`, known);
    const value = inline ?? args[++i];
    if (value === undefined) throw new ConfigurationError(`option --${name} needs a value`);
    result.values[name] = result.values[name] === undefined ? value : `${result.values[name]},${value}`;
  }
  return result;
}

/** For commands that take only options: a stray word (`mlgate eval-gate results.jsonl`) is an error, not ignored. */
export function refuseArguments(options: CommandOptions, command: string): void {
  const [word] = options.positionals;
  if (word !== undefined)
    throw new ConfigurationError(
      `unexpected argument "${word}": options are named (--name value); see mlgate ${command} --help`,
    );
}

function unknownOption(given: string, known: readonly string[]): ConfigurationError {
  const hint = didYouMean(given.replace(/^-+/, ''), known, (name) => `--${name}`);
  const options = known.map((option) => `--${option}`).join(', ');
  return new ConfigurationError(
    `unknown option ${given}${hint ? '' : `; options: ${options}`}`,
    undefined,
    hint,
  );
}

/**
 * Puts an input-parser message (shared with the actions, which name `Input "results"`) in command-line words:
 * `Input "results" is required` → `--results FILES is required`, `Input "fail-on" must be…` → `--fail-on must be…`,
 * `set the \`format\` input` → `set --format`.
 * Only names of the command's own options are reworded; the metavariable (FILES) is the one its help shows.
 */
export function commandLineWords(message: string, options: readonly string[], help: string): string {
  const option = (name: string, required = false) => {
    if (!options.includes(name)) return undefined;
    const metavar = new RegExp(`--${escapeRegExp(name)}[ =]([A-Z][A-Z0-9_]*)\\b`).exec(help)?.[1];
    return required && metavar ? `--${name} ${metavar}` : `--${name}`;
  };
  return message
    .replace(/\bInput "([^"]+)"( is required)?/g, (whole, name: string, required?: string) => {
      const words = option(name, Boolean(required));
      return words ? `${words}${required ?? ''}` : whole;
    })
    .replace(/\bInputs ((?:"[^"]+"(?:, | and )?)+)/g, (whole, names: string) =>
      [...names.matchAll(/"([^"]+)"/g)].every(([, name]) => option(name))
        ? names.replace(/"([^"]+)"/g, '--$1')
        : whole,
    )
    .replace(
      /"input ([a-z0-9-]+)"|\binput "([a-z0-9-]+)"/g,
      (whole, a?: string, b?: string) => option((a ?? b)!) ?? whole,
    )
    .replace(
      /\bthe `?([a-z][a-z0-9-]*)`? input(?= to\b| or\b|[.,;:)]|$)/g,
      (whole, name: string) => option(name) ?? whole,
    );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
