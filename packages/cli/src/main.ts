/** The `mlgate` command: one subcommand per action, with the action's input names as options. */
import { ConfigurationError, describeError, didYouMean, isUserError, MLGATE_VERSION } from '@mlgate/core';
import { baselineCommand, baselineHelp } from './commands/baseline.js';
import { canaryDeploy, canaryDeployHelp, canaryDeployOptions } from './commands/canary-deploy.js';
import { evalGate, evalGateHelp } from './commands/eval-gate.js';
import { initCommand, initHelp } from './commands/init.js';
import { lineage, lineageHelp } from './commands/lineage.js';
import { lineageTagOptions } from './commands/lineage-tag.js';
import { prEvalComment, prEvalCommentHelp } from './commands/pr-eval-comment.js';
import { profileCommand, profileHelp } from './commands/profile.js';
import { validateDataCommand, validateDataHelp } from './commands/validate-data.js';
import { COMMON_FLAGS, commandLineWords, EXIT, parseCommandLine, type CommandOptions } from './options.js';

const USAGE = `mlgate ${MLGATE_VERSION}: CI/CD for machine-learning and LLM projects

Usage: mlgate <command> [options]
       mlgate help <command>

Commands:
  init              write gates, a data contract and a workflow proposed from today's results
  eval-gate         compute evaluation metrics, gate on thresholds and regressions vs a baseline
  pr-eval-comment   render the pull-request comment of an eval report
  lineage           tag a model with its lineage, verify it against its manifest, find the previous version
  validate-data     check a dataset against a data contract and for drift; --infer writes a contract
  profile merge     merge shard profiles into the profile of the whole dataset
  baseline bless    store a report as the blessed baseline that pinned:<name> reads (in a GitHub job)
  canary-deploy     shift traffic to a new model version step by step, with analysis and rollback

Every command takes -h/--help, --verbose (also debug messages) and --quiet (only errors and the result line).
Exit codes: 0 passed, 1 a gate or check failed, 2 bad input or configuration; each command's help says what
they mean for it. "mlgate help <command>" or "mlgate <command> --help" shows a command's options;
"mlgate --version" prints the version.`;

/** The commands: option names (the action's inputs) and flags; every command also takes COMMON_FLAGS. */
export const COMMANDS = {
  init: {
    run: initCommand,
    help: initHelp,
    values: ['results', 'data', 'eval-command', 'format', 'task'],
    flags: ['force', 'verbose', 'help'],
  },
  'eval-gate': {
    run: evalGate,
    help: evalGateHelp,
    values: [
      'results',
      'format',
      'task',
      'gates',
      'baseline',
      'significance',
      'positive-label',
      'columns',
      'fail-on',
      'report-path',
      'summary-path',
      'junit-path',
    ],
    flags: ['json', 'verbose', 'help'],
  },
  'pr-eval-comment': {
    run: prEvalComment,
    help: prEvalCommentHelp,
    values: ['report', 'data-report', 'max-cases', 'details-url', 'body-path'],
    flags: ['verbose', 'help'],
  },
  'validate-data': {
    run: validateDataCommand,
    help: validateDataHelp,
    values: [
      'data',
      'format',
      'contract',
      'resource',
      'reference-profile',
      'reference-data',
      'profile-path',
      'fail-on',
      'max-annotations',
      'report-path',
      'summary-path',
      'infer',
    ],
    flags: ['json', 'verbose', 'help'],
  },
  profile: {
    run: profileCommand,
    help: profileHelp,
    values: ['output', 'dataset'],
    flags: ['verbose', 'help'],
  },
  baseline: {
    run: baselineCommand,
    help: baselineHelp,
    values: ['report', 'profile', 'name', 'baseline-store', 'baseline-name', 'github-token'],
    flags: ['verbose', 'help'],
  },
  'canary-deploy': {
    run: canaryDeploy,
    help: canaryDeployHelp,
    values: canaryDeployOptions,
    flags: ['json', 'verbose', 'help'],
  },
  lineage: {
    run: lineage,
    help: lineageHelp,
    values: [...new Set([...lineageTagOptions, 'manifest', 'model', 'name', 'before'])],
    flags: ['json', 'verbose', 'help'],
  },
} as const;

type Command = {
  run: (options: CommandOptions) => Promise<number>;
  help: string;
  values: readonly string[];
  flags: readonly string[];
};

const COMMON_OPTIONS = [
  ['-h, --help', 'print this help'],
  ['--verbose', 'also print debug messages'],
  ['--quiet', 'print only errors and the result line (no progress, no warnings)'],
] as const;

/** A command's help with the options every command takes (those it does not document itself), before its exit codes. */
export function commandHelp(help: string): string {
  const missing = COMMON_OPTIONS.filter(
    ([names]) => !new RegExp(`^\\s+(-h, )?${names.split(' ').at(-1)}\\b`, 'm').test(help),
  );
  if (missing.length === 0) return help;
  const width = Math.max(...missing.map(([names]) => names.length)) + 3;
  const block = [
    'Options of every command:',
    ...missing.map(([names, text]) => `  ${names.padEnd(width)}${text}`),
  ].join('\n');
  const exitCodes = help.search(/^Exit codes:/m);
  return exitCodes < 0
    ? `${help}\n\n${block}`
    : `${help.slice(0, exitCodes)}${block}\n\n${help.slice(exitCodes)}`;
}

/** The command of that name, or undefined after telling the user what they may have meant. */
function findCommand(name: string): Command | undefined {
  if (Object.hasOwn(COMMANDS, name)) return COMMANDS[name as keyof typeof COMMANDS];
  const hint = name.startsWith('-')
    ? `options come after the command: mlgate <command> ${name}`
    : didYouMean(name, Object.keys(COMMANDS));
  process.stderr.write(
    `mlgate: unknown ${name.startsWith('-') ? 'option' : 'command'} "${name}"${hint ? `; ${hint}` : ''}\n` +
      (hint ? 'Run "mlgate --help" for the commands.\n' : `\n${USAGE}\n`),
  );
  return undefined;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === 'version') {
    process.stdout.write(`${MLGATE_VERSION}\n`);
    return EXIT.ok;
  }
  if (command === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return EXIT.usage;
  }
  if (command === '-h' || command === '--help' || command === 'help') {
    // "mlgate help eval-gate" (or "help lineage verify", "--help eval-gate"): that command's help.
    const [topic] = rest;
    if (topic === undefined) {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const spec = findCommand(topic);
    if (!spec) return EXIT.usage;
    process.stdout.write(`${commandHelp(spec.help)}\n`);
    return EXIT.ok;
  }
  const spec = findCommand(command);
  if (!spec) return EXIT.usage;
  let verbose = false;
  try {
    const options = parseCommandLine(rest, spec.values, [...new Set([...spec.flags, ...COMMON_FLAGS])]);
    verbose = Boolean(options.flags.verbose);
    if (options.flags.help) {
      process.stdout.write(`${commandHelp(spec.help)}\n`);
      return EXIT.ok;
    }
    if (options.flags.verbose && options.flags.quiet)
      throw new ConfigurationError('--verbose and --quiet exclude each other: give one of them');
    return await spec.run(options);
  } catch (error) {
    // The input parsers are the actions' too: their 'Input "results"' reads "--results FILES" here.
    const message = commandLineWords(describeError(error), spec.values, spec.help);
    process.stderr.write(`mlgate ${command}: error: ${message}\n`);
    if (!isUserError(error) && error instanceof Error && (verbose || process.env.MLGATE_DEBUG))
      process.stderr.write(`${error.stack}\n`);
    return EXIT.usage;
  }
}
