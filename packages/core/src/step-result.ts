/**
 * What a step (an action, or its CLI command) hands to the publisher: outputs, annotations with their locations,
 * the job summary, closing log lines and whether it fails — decided by the one fail-on rule below.
 */
import type { Logger } from './logger.js';
import type { BaselineResolution } from './reports/index.js';
import type { ShardService } from './shards.js';

/**
 * How strict a step is: `error` fails on failed checks only, `warn` (validate-data) and `inconclusive` (eval-gate)
 * also on that outcome, `never` only reports. Each step accepts the levels its outcomes have.
 */
export type FailOn = 'error' | 'warn' | 'inconclusive' | 'never';

/**
 * A step's outcome as the fail-on rule reads it. `unsafe` is a state nobody may assume is fine (canary-deploy: the
 * router's state is unknown, or a rollback failed): it fails whatever fail-on says.
 */
export type StepOutcome = 'pass' | 'warn' | 'inconclusive' | 'fail' | 'unsafe';

/** The one fail-on rule of every mlgate step and command: whether this outcome fails the step (exit 1). */
export function failsOn(outcome: StepOutcome, failOn: FailOn): boolean {
  if (outcome === 'unsafe') return true;
  if (failOn === 'never') return false;
  return outcome === 'fail' || outcome === failOn;
}

/** A finding tied to a place in the user's files (a gates file line, a data row, an analysis metric). */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  /** The file as the user named it (workspace-relative); without it the annotation has no place. */
  file?: string;
  /** 1-based. */
  line?: number;
  column?: number;
  title?: string;
}

/** Everything a step publishes, in the order the publisher writes it. */
export interface StepResult {
  /** Outputs by name, set in this order. */
  outputs: Record<string, string>;
  annotations: Annotation[];
  /** The job summary (Markdown); the CLI writes it to --summary-path. */
  summary?: string;
  /** Closing log lines (the report's path). */
  lines: string[];
  /** The line the step ends its log with ("eval-gate fail: 2/3 gates passed…"); the CLI prints its own on stdout. */
  verdict?: string;
  /** Set when the step fails: the one line saying why (the fail-on rule, or a state that always fails). */
  failure?: string;
  /**
   * What went wrong after the rest was known (pr-eval-comment: the API refused the comment): the publisher writes
   * everything else first, then throws it, so a failed call never hides the job summary.
   */
  error?: Error;
}

/** A stored baseline found for this run (the shape @mlgate/github/baseline's resolveRunBaseline answers). */
export interface StoredBaseline {
  /** The restored files, when one was found. */
  restored?: { report?: string; profile?: string };
  resolution: BaselineResolution;
  /** How reports name the baseline: "baseline of 0123456789ab (merge base), 2.1 days old". */
  source?: string;
}

/** The baseline store as a step sees it: the CI system's part (@mlgate/github/baseline's baselineService). */
export interface BaselineService {
  /** Whether the inputs ask for a stored baseline (auto, pinned:<name>) rather than a file. */
  requested: boolean;
  /** Reads the stored baseline asked for; undefined when none is asked for. */
  resolve(): Promise<StoredBaseline | undefined>;
  /** Saves this run's result as a baseline when the inputs and the event say so. */
  save(contents: { report: unknown; profile?: unknown }): Promise<void>;
}

/**
 * What a step needs from the CI system, besides its inputs: a logger, the baseline store and the shard artifacts
 * of a job matrix (absent on the command line, where a baseline is a file and there is no matrix).
 */
export interface StepServices {
  logger: Logger;
  baseline?: BaselineService;
  shards?: ShardService;
  /** Log the resolved inputs first: the runner's log shows no command line, a CLI user typed the options. */
  echoInputs?: boolean;
}
