/**
 * What the CLI prints on stdout, written so that a CI runner reading it (a `run:` step on GitHub Actions) cannot
 * read a workflow command in a value from the data: lines through runnerSafe, JSON through runnerSafeJson; and
 * publishResult, which ends every step command the way the action's publisher ends the step.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runnerSafe, runnerSafeJson, type Logger, type StepResult } from '@mlgate/core';
import { EXIT } from './options.js';

/** Text on stdout, each line made runner-safe. */
export function printLines(text: string): void {
  process.stdout.write(`${text.split('\n').map(runnerSafe).join('\n')}\n`);
}

/** A value as indented JSON on stdout (the same JSON value, with "##[" written as "##\u005B"). */
export function printJson(value: unknown): void {
  process.stdout.write(`${runnerSafeJson(JSON.stringify(value, null, 2))}\n`);
}

export interface CliPublishOptions {
  logger: Logger;
  /** --summary-path: the job summary's Markdown is written there. */
  summaryPath?: string;
  workspace: string;
  /** The line printed on stdout (the verdict), or with --json the value printed instead. */
  stdout: { line: string | undefined } | { json: unknown };
}

/**
 * The CLI's twin of @mlgate/action's publish: the summary to --summary-path, the closing lines on stderr, the
 * verdict (or the report JSON) on stdout, and the exit code from the same fail-on decision the action fails on.
 * Annotations are not repeated: the command's logger printed each finding as file:line when it was found.
 */
export async function publishResult(result: StepResult, options: CliPublishOptions): Promise<number> {
  if (options.summaryPath && result.summary !== undefined)
    await writeFile(path.resolve(options.workspace, options.summaryPath), result.summary);
  for (const line of result.lines) options.logger.info(line);
  if ('json' in options.stdout) printJson(options.stdout.json);
  else if (options.stdout.line !== undefined) printLines(options.stdout.line);
  return result.failure === undefined ? EXIT.ok : EXIT.failed;
}
