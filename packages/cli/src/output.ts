/**
 * What the CLI prints on stdout, written so that a CI runner reading it (a `run:` step on GitHub Actions) cannot
 * read a workflow command in a value from the data: lines through runnerSafe, JSON through runnerSafeJson.
 */
import { runnerSafe, runnerSafeJson } from '@mlgate/core';

/** Text on stdout, each line made runner-safe. */
export function printLines(text: string): void {
  process.stdout.write(`${text.split('\n').map(runnerSafe).join('\n')}\n`);
}

/** A value as indented JSON on stdout (the same JSON value, with "##[" written as "##\u005B"). */
export function printJson(value: unknown): void {
  process.stdout.write(`${runnerSafeJson(JSON.stringify(value, null, 2))}\n`);
}
