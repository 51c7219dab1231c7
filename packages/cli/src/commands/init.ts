/** `mlgate init`: writes the gates, the data contract and the workflow a repository needs to start with mlgate. */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, parseList, runContextFromEnv, type EvalReport, type Logger } from '@mlgate/core';
import { inferContractYaml } from '@mlgate/data';
import { RESULTS_FORMATS, runEvalGate, TASK_KINDS } from '@mlgate/eval';
import { proposeGates, renderGatesYaml, type GatesProposal } from '../init/propose-gates.js';
import { ACTION_REF, renderWorkflow } from '../init/workflow.js';
import { consoleLogger } from '../logger.js';
import { EXIT, refuseArguments, type CommandOptions } from '../options.js';

export const initHelp = `Usage: mlgate init --results FILES [--data FILES] [--eval-command CMD] [--force]

Starts mlgate in a repository: run it at the repository's root (or anywhere inside it) with today's
evaluation results. It writes, relative to the repository root:
  .mlgate/gates.yml              gates proposed from these results: per headline metric a min (max where
                                 lower is better) beyond today's bootstrap interval and a max-drop vs the baseline
  .mlgate/contract.yml           with --data: the contract this data passes (as validate-data --infer)
  .github/workflows/mlgate.yml   a workflow running the one-step action (uses: OWNER/mlgate@v1) on pull
                                 requests and on pushes to the default branch (which save the baselines)

Options:
  --results FILES        today's evaluation results, comma-separated or repeated (as eval-gate --results)
  --data FILES           data the workflow validates before gating (as validate-data --data)
  --eval-command CMD     the command that writes the results in CI, run before the gate
                         (without it the workflow reads the results as committed)
  --format F             auto | ${RESULTS_FORMATS.join(' | ')}   (default auto)
  --task T               auto | ${TASK_KINDS.join(' | ')}   (default auto)
  --force                overwrite files that exist (without it nothing is written when one exists)
  --verbose              also print the progress of reading the results and data

The default branch is origin's HEAD, else the current branch, else main.

Exit codes: 0 files written, 2 bad input, or a file exists (without --force).`;

export const GATES_FILE = '.mlgate/gates.yml';
export const CONTRACT_FILE = '.mlgate/contract.yml';
export const WORKFLOW_FILE = '.github/workflows/mlgate.yml';

function git(args: string[], cwd: string): string | undefined {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() || undefined : undefined;
}

/** origin's default branch, else the current branch (also of a repository with no commit yet), else main. */
function defaultBranch(root: string): { branch: string; from: string } {
  const remote = git(['symbolic-ref', '--short', 'refs/remotes/origin/HEAD'], root);
  if (remote) return { branch: remote.replace(/^origin\//, ''), from: "origin's default branch" };
  const current = git(['symbolic-ref', '--short', 'HEAD'], root);
  if (current) return { branch: current, from: 'the current branch' };
  return { branch: 'main', from: 'no git branch found' };
}

/** A path given on the command line (relative to cwd) as the workflow reads it: relative to the repository root. */
function fromRoot(option: string, value: string, cwd: string, root: string): string {
  return parseList(value)
    .map((item) => {
      const relative = path.relative(root, path.resolve(cwd, item)).split(path.sep).join('/');
      if (relative.startsWith('..') || path.isAbsolute(relative))
        throw new ConfigurationError(
          `--${option} ${item} is outside the repository (${root}): the workflow can only read files in it`,
        );
      return relative;
    })
    .join(', ');
}

function choice<T extends string>(option: string, value: string | undefined, choices: readonly T[]) {
  if (value === undefined || value === 'auto') return undefined;
  if (!(choices as readonly string[]).includes(value))
    throw new ConfigurationError(`--${option} must be one of auto, ${choices.join(', ')}; got "${value}"`);
  return value as T;
}

/** Progress of reading results and data only with --verbose; warnings (e.g. skipped rows) unless --quiet. */
function initLogger(flags: Record<string, boolean>): Logger {
  const logger = consoleLogger(Boolean(flags.verbose));
  const quiet = () => {};
  return {
    ...logger,
    info: flags.verbose ? logger.info : quiet,
    warning: flags.quiet ? quiet : logger.warning,
    group: flags.verbose ? logger.group : (_title, fn) => fn(),
  };
}

function describeGates(proposal: GatesProposal): string {
  return proposal.gates
    .map((gate) => `${gate.metric} ${gate.min !== undefined ? `≥ ${gate.min}` : `≤ ${gate.max}`}`)
    .join(', ');
}

export async function initCommand(options: CommandOptions): Promise<number> {
  // Physical paths, as git prints the root: a symlinked folder must not look outside the repository.
  const cwd = realpathSync(process.cwd());
  refuseArguments(options, 'init');
  const results = options.values.results?.trim();
  if (!results)
    throw new ConfigurationError(
      '--results FILES is required: the results your evaluation writes, e.g. --results eval/results.jsonl',
    );
  const data = options.values.data?.trim() || undefined;
  const evalCommand = options.values['eval-command']?.trim() || undefined;
  if (evalCommand?.includes('${{'))
    throw new ConfigurationError(
      '--eval-command must not contain ${{ … }}: an expression inside run: is expanded into the shell; pass values through env: in the workflow instead',
    );
  const format = choice('format', options.values.format, RESULTS_FORMATS);
  const task = choice('task', options.values.task, TASK_KINDS);
  const root = git(['rev-parse', '--show-toplevel'], cwd) ?? cwd;

  // Nothing is written when any target exists: checked before the results are even read.
  const targets = [GATES_FILE, ...(data ? [CONTRACT_FILE] : []), WORKFLOW_FILE];
  const existing = targets.filter((target) => existsSync(path.join(root, target)));
  if (existing.length > 0 && !options.flags.force)
    throw new ConfigurationError(
      `${existing.join(' and ')} already ${existing.length === 1 ? 'exists' : 'exist'}: nothing was written; run again with --force to overwrite`,
    );

  const logger = initLogger(options.flags);
  const report = await runEvalGate(
    {
      results: parseList(results),
      format: format ?? 'auto',
      task: task ?? 'auto',
      significance: 0.05,
      workspace: cwd,
      context: runContextFromEnv(),
    },
    logger,
  );
  const proposal = proposeGates(report);
  const resultsInRepo = fromRoot('results', results, cwd, root);
  const contents: Record<string, string> = { [GATES_FILE]: renderGatesYaml(proposal, resultsInRepo) };
  if (data)
    contents[CONTRACT_FILE] = await inferContractYaml(
      { data: parseList(data), format: 'auto', workspace: cwd },
      logger,
    );
  const branch = defaultBranch(root);
  contents[WORKFLOW_FILE] = renderWorkflow({
    defaultBranch: branch.branch,
    results: resultsInRepo,
    gates: GATES_FILE,
    ...(data ? { data: fromRoot('data', data, cwd, root), contract: CONTRACT_FILE } : {}),
    format,
    task,
    evalCommand,
  });

  for (const [target, text] of Object.entries(contents)) {
    await mkdir(path.dirname(path.join(root, target)), { recursive: true });
    await writeFile(path.join(root, target), text);
  }

  const lines = explainWritten({
    targets,
    overwrote: existing.length > 0,
    proposal,
    report,
    data,
    branch,
    evalCommand,
    resultsInRepo,
  });
  lines.push(
    '',
    `Try the gate here: mlgate eval-gate --results ${results} --gates ${path.relative(cwd, path.join(root, GATES_FILE)) || GATES_FILE}`,
    `Next: commit these files and push to ${branch.branch} (its first run saves the baseline), then open a pull request.`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

/** What `mlgate init` tells the user it wrote, one short explanation per file. */
function explainWritten(written: {
  targets: string[];
  overwrote: boolean;
  proposal: GatesProposal;
  report: EvalReport;
  data: string | undefined;
  branch: { branch: string; from: string };
  evalCommand: string | undefined;
  resultsInRepo: string;
}): string[] {
  const { targets, proposal, report, data, branch, evalCommand, resultsInRepo } = written;
  const explained: Record<string, string[]> = {
    [GATES_FILE]: [
      `${proposal.gates.length} gates from ${report.counts.cases} cases (${report.task} task): ${describeGates(proposal)},`,
      `each beyond today's bootstrap interval, and a max-drop vs the baseline per metric (its comments say why).`,
    ],
    [CONTRACT_FILE]: [
      `the columns, types and ranges of ${data} today (as mlgate validate-data --infer); tighten it as you like.`,
    ],
    [WORKFLOW_FILE]: [
      `runs ${ACTION_REF} on pull requests (gate + comment) and on pushes to ${branch.branch} (${branch.from}),`,
      `which save the baselines that pull requests compare with.${evalCommand ? '' : ` ${resultsInRepo} is read as committed.`}`,
    ],
  };
  const lines = [
    `mlgate init: wrote ${targets.length} files${written.overwrote ? ' (--force: overwrote existing ones)' : ''}`,
  ];
  for (const target of targets)
    lines.push(`  ${target}`, ...explained[target].map((line) => `      ${line}`));
  return lines;
}
