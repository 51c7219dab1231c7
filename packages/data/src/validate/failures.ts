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

/** Failure logs by check name, created on first failure (the map too: most columns of a wide file never fail). */
export class FailureLogs {
  private logs: Map<string, FailureLog> | undefined;

  get byCheck(): Map<string, FailureLog> {
    return (this.logs ??= new Map());
  }

  /** `rows` failing rows at once (a whole file lacking the column) share one sample. */
  add(
    check: string,
    file: string,
    line: number,
    value: string | undefined,
    message?: string,
    rows = 1,
  ): void {
    let log = this.logs?.get(check);
    if (!log) {
      log = new FailureLog();
      this.byCheck.set(check, log);
    }
    log.add(file, line, value, message, rows);
  }

  /** The log of a check, if any row failed it. */
  log(check: string): FailureLog | undefined {
    return this.logs?.get(check);
  }

  wantsSample(check: string): boolean {
    return this.log(check)?.wantsSample ?? true;
  }

  count(check: string): number {
    return this.log(check)?.count ?? 0;
  }
}
