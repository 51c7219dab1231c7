/** The `mlgate` command: one subcommand per action, with the action's input names as options. */
import { describeError, isUserError, MLGATE_VERSION } from '@mlgate/core';
import { baselineCommand, baselineHelp } from './commands/baseline.js';
import { canaryDeploy, canaryDeployHelp, canaryDeployOptions } from './commands/canary-deploy.js';
import { evalGate, evalGateHelp } from './commands/eval-gate.js';
import { lineage, lineageHelp } from './commands/lineage.js';
import { prEvalComment, prEvalCommentHelp } from './commands/pr-eval-comment.js';
import { profileCommand, profileHelp } from './commands/profile.js';
import { validateDataCommand, validateDataHelp } from './commands/validate-data.js';
import { EXIT, parseCommandLine } from './options.js';

const USAGE = `mlgate ${MLGATE_VERSION}: CI/CD for machine-learning and LLM projects

Usage: mlgate <command> [options]

Commands:
  eval-gate         compute evaluation metrics, gate on thresholds and regressions vs a baseline
  pr-eval-comment   render the pull-request comment of an eval report
  lineage           verify a model against its manifest, show a manifest, find the previous version
  validate-data     check a dataset against a data contract and for drift; --infer writes a contract
  profile merge     merge shard profiles into the profile of the whole dataset
  baseline bless    store a report as the blessed baseline that pinned:<name> reads (in a GitHub job)
  canary-deploy     shift traffic to a new model version step by step, with analysis and rollback

Run "mlgate <command> --help" for a command's options. "mlgate --version" prints the version.`;

const COMMANDS = {
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
      'fail-on',
      'report-path',
      'summary-path',
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
    values: ['manifest', 'model', 'name', 'before'],
    flags: ['json', 'help'],
  },
} as const;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === 'version') {
    process.stdout.write(`${MLGATE_VERSION}\n`);
    return EXIT.ok;
  }
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? EXIT.ok : EXIT.usage;
  }
  const spec = COMMANDS[command as keyof typeof COMMANDS];
  if (!spec) {
    process.stderr.write(`mlgate: unknown command "${command}"\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    const options = parseCommandLine(rest, spec.values, spec.flags);
    if (options.flags.help) {
      process.stdout.write(`${spec.help}\n`);
      return EXIT.ok;
    }
    return await spec.run(options);
  } catch (error) {
    process.stderr.write(`mlgate ${command}: error: ${describeError(error)}\n`);
    if (!isUserError(error) && error instanceof Error && process.env.MLGATE_DEBUG)
      process.stderr.write(`${error.stack}\n`);
    return EXIT.usage;
  }
}
