/** Row-level failures of one check: every one counted, the first few kept with file, line and value. */
import type { FailingRowSample } from '@mlgate/core';

/** Failing rows kept per check in the report; the count is always exact. */
export const SAMPLES_PER_CHECK = 20;
const MAX_VALUE_LENGTH = 200;

export class FailureLog {
  count = 0;
  readonly samples: FailingRowSample[] = [];

  /** Whether another failing row would be kept as a sample (else only counted). */
  get wantsSample(): boolean {
    return this.samples.length < SAMPLES_PER_CHECK;
  }

  add(file: string, line: number, value: string | undefined, message?: string, rows = 1): void {
    this.count += rows;
    if (this.samples.length >= SAMPLES_PER_CHECK) return;
    const sample: FailingRowSample = { file, line };
    if (value !== undefined)
      sample.value = value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
    if (message) sample.message = message;
    this.samples.push(sample);
  }
}

/** Failure logs by check name, created on first failure. */
export class FailureLogs {
  readonly byCheck = new Map<string, FailureLog>();

  /** `rows` failing rows at once (a whole file lacking the column) share one sample. */
  add(
    check: string,
    file: string,
    line: number,
    value: string | undefined,
    message?: string,
    rows = 1,
  ): void {
    let log = this.byCheck.get(check);
    if (!log) {
      log = new FailureLog();
      this.byCheck.set(check, log);
    }
    log.add(file, line, value, message, rows);
  }

  wantsSample(check: string): boolean {
    return this.byCheck.get(check)?.wantsSample ?? true;
  }

  count(check: string): number {
    return this.byCheck.get(check)?.count ?? 0;
  }
}
