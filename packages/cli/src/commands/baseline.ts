/** `mlgate baseline bless`: stores a report (and profile) as a blessed baseline that `pinned:<name>` reads. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ConfigurationError,
  DATA_PROFILE_KIND,
  didYouMean,
  DATA_REPORT_KIND,
  EVAL_REPORT_KIND,
  parseChoice,
  readDataProfile,
  readReportFile,
  type DataReport,
  type EvalReport,
} from '@mlgate/core';
import type { BaselineStoreKind } from '@mlgate/github/baseline';
import { consoleLogger } from '../logger.js';
import { EXIT, refuseArguments, type CommandOptions } from '../options.js';

export const baselineHelp = `Usage: mlgate baseline bless --report FILE --name NAME [options]

Stores an eval report, or a data report with its profile, as the blessed baseline NAME: eval-gate's
"baseline: pinned:NAME" and validate-data's "reference-profile: pinned:NAME" read it, and it changes only
when blessed again. Runs in a GitHub Actions job (it needs the runner's ACTIONS_RESULTS_URL and
ACTIONS_RUNTIME_TOKEN), e.g. in a workflow_dispatch workflow; see docs/baselines.md.

Options:
  --report FILE          the eval report (eval-gate's report output) or data report to bless
  --profile FILE         with a data report: its profile (validate-data's profile-path)
  --name NAME            the pin (letters, digits, ".", "_", "-")
  --baseline-store S     cache | artifact (default cache)
  --baseline-name NAME   recorded in the manifest (default: the job id and "-eval" or "-data")
  --github-token TOKEN   for --baseline-store artifact (default: GITHUB_TOKEN)

Exit codes: 0 blessed, 1 not blessed (the store refused: e.g. this run stored it already), 2 bad input or
configuration (no runner services, a missing or invalid report or profile).`;

export async function baselineCommand(options: CommandOptions): Promise<number> {
  // The cache and artifact clients are megabytes of code: loaded only by this command, not by every mlgate run.
  const {
    BASELINE_STORES,
    createBaselineStore,
    defaultBaselineName,
    keyPart,
    readRunEvent,
    saveBaseline,
    workflowId,
  } = await import('@mlgate/github/baseline');
  const [subcommand] = options.positionals;
  if (subcommand !== 'bless')
    throw new ConfigurationError(
      subcommand === undefined
        ? 'mlgate baseline needs a command: bless'
        : `unknown baseline command "${subcommand}"`,
      undefined,
      subcommand === undefined
        ? undefined
        : (didYouMean(subcommand, ['bless']) ?? 'try: mlgate baseline bless'),
    );
  refuseArguments({ ...options, positionals: options.positionals.slice(1) }, 'baseline bless');
  const logger = consoleLogger(options.flags);
  const reportFile = options.values.report;
  const pin = options.values.name?.trim();
  if (!reportFile) throw new ConfigurationError('--report FILE is required: the report to bless');
  if (!pin || keyPart(pin) !== pin)
    throw new ConfigurationError(
      `name the blessed baseline with --name (letters, digits, ".", "_", "-"); got "${pin ?? ''}"`,
    );
  const store: BaselineStoreKind = parseChoice(
    'baseline-store',
    options.values['baseline-store'] ?? '',
    BASELINE_STORES,
    'cache',
  );

  const report = await readReportFile<EvalReport | DataReport>(
    path.resolve(reportFile),
    await reportKindOf(reportFile),
    reportFile,
  );
  const content = report.kind === EVAL_REPORT_KIND ? 'eval' : 'data';
  let profile: unknown;
  if (content === 'data') {
    const profileFile = options.values.profile;
    if (!profileFile)
      throw new ConfigurationError('a data report is blessed with its profile: --profile FILE');
    profile = await readDataProfile(path.resolve(profileFile), profileFile);
  }

  const event = readRunEvent();
  const token = options.values['github-token'] ?? process.env.GITHUB_TOKEN;
  const result = await saveBaseline({
    store: await createBaselineStore({ kind: store, logger, token, event }),
    slot: { kind: 'pinned', content, pin },
    content,
    name: options.values['baseline-name'] ?? defaultBaselineName(content),
    workflow: workflowId(),
    event: { ...event, commit: event.commit ?? report.context?.commit },
    report,
    profile,
    logger,
  });
  if (!result.saved) {
    logger.error(`not blessed: ${result.reason}`);
    return EXIT.failed;
  }
  process.stdout.write(`blessed ${reportFile} as "${pin}" (${store}: ${result.storedAs})\n`);
  return EXIT.ok;
}

/** The kind the file says it is, so the error for a wrong file names what was expected. */
async function reportKindOf(file: string): Promise<string> {
  const text = await readFile(path.resolve(file), 'utf8').catch(() => '');
  const kind = /"kind"\s*:\s*"([^"]+)"/.exec(text)?.[1];
  if (kind === DATA_PROFILE_KIND)
    throw new ConfigurationError(
      `${file} is a profile: bless the data report with --report and the profile with --profile`,
    );
  return kind === DATA_REPORT_KIND ? DATA_REPORT_KIND : EVAL_REPORT_KIND;
}
