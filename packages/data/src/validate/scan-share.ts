/**
 * What a scan thread found in its pieces of one CSV file (rows, malformed rows, column profiles and
 * failures), as plain data it can post, and how the main thread adds it to its own dataset. Added shares
 * give the counts and failure samples of one serial scan; the profiles are merged sketches (mergeable by
 * design: min, max, mean and std equal, quantiles and distinct counts within the sketches' error).
 */
import type { ColumnProfileJson, FailingRowSample } from '@mlgate/core';
import { ColumnProfile } from '../profile/column.js';
import type { CsvFileSink, DatasetValidator } from './dataset.js';
import { FailureLog, SAMPLES_PER_CHECK } from './failures.js';

interface FailureLogJson {
  count: number;
  samples: FailingRowSample[];
}

export interface ScanShare {
  /** Rows read, malformed ones included. */
  rows: number;
  /** Rows that reached the columns. */
  columnRows: number;
  malformed: FailureLogJson;
  columns: { name: string; profile: ColumnProfileJson; failures: [string, FailureLogJson][] }[];
}

/** A scan thread's findings in one file (its dataset and sink saw only that file's pieces). */
export function takeShare(dataset: DatasetValidator, sink: CsvFileSink): ScanShare {
  const logJson = (log: FailureLog): FailureLogJson => ({ count: log.count, samples: log.samples });
  return {
    rows: dataset.rows,
    columnRows: sink.rows,
    malformed: logJson(dataset.malformed),
    columns: dataset.columns.map((column) => ({
      name: column.name,
      profile: column.profile.toJSON(),
      failures: [...column.failures.byCheck].map(([check, log]) => [check, logJson(log)]),
    })),
  };
}

/**
 * Adds the shares of one file's pieces to the main thread's dataset, before `sink.done()`. The main
 * thread read the file's first rows itself, so its samples come first; the shares' samples are ordered
 * by line among themselves and keep each log's first SAMPLES_PER_CHECK, as a serial scan would.
 */
export function addShares(dataset: DatasetValidator, sink: CsvFileSink, shares: ScanShare[]): void {
  const added = new Map<FailureLog, FailingRowSample[]>();
  const addLog = (log: FailureLog, share: FailureLogJson) => {
    log.count += share.count;
    const samples = added.get(log) ?? [];
    samples.push(...share.samples);
    added.set(log, samples);
  };
  for (const share of shares) {
    dataset.rows += share.rows;
    sink.rows += share.columnRows;
    addLog(dataset.malformed, share.malformed);
    for (const { name, profile, failures } of share.columns) {
      const column = dataset.columnNamed(name);
      // Both threads built their columns from the same contract and header.
      if (!column) throw new Error(`a scan thread returned an unknown column "${name}"`);
      column.profile.merge(ColumnProfile.fromJSON(profile));
      for (const [check, log] of failures) {
        let target = column.failures.byCheck.get(check);
        if (!target) column.failures.byCheck.set(check, (target = new FailureLog()));
        addLog(target, log);
      }
    }
  }
  for (const [log, samples] of added) {
    samples.sort((a, b) => a.line - b.line);
    log.samples.push(...samples.slice(0, Math.max(SAMPLES_PER_CHECK - log.samples.length, 0)));
  }
}
