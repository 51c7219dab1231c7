/** The baseline store's vocabulary: what a stored baseline holds and the interface both backends implement. */

/** What a baseline is of: an eval report (eval-gate), or a data report with its profile (validate-data). */
export type BaselineContent = 'eval' | 'data';
export const BASELINE_STORES = ['cache', 'artifact'] as const;
export type BaselineStoreKind = (typeof BASELINE_STORES)[number];

export const BASELINE_MANIFEST_KIND = 'mlgate/baseline-manifest';
export const BASELINE_MANIFEST_FILE = 'manifest.json';
export const BASELINE_REPORT_FILE = 'report.json';
/** An eval baseline's report (1.3 on): compressed, its case texts cut to what a comment shows (baselineCopy). */
export const BASELINE_EVAL_REPORT_FILE = 'report.json.gz';
export const BASELINE_PROFILE_FILE = 'profile.json';

/** manifest.json, stored next to the report: which commit, branch, workflow and name the baseline belongs to. */
export interface BaselineManifest {
  kind: typeof BASELINE_MANIFEST_KIND;
  schemaVersion: string;
  content: BaselineContent;
  /** The baseline's name (baseline-name). */
  name: string;
  /** Set for a blessed baseline: its pin (`pinned:<pin>`). */
  pin?: string;
  commit: string;
  branch?: string;
  /** When it was saved (RFC 3339): the age of a baseline is counted from here. */
  createdAt: string;
  /** The workflow file that saved it (e.g. "ci.yml"). */
  workflow: string;
  repository?: string;
  runId?: string;
  mlgateVersion: string;
}

/**
 * Where a baseline lives: one per (workflow, name, commit), or a pinned one per (content, pin) that only
 * `bless` changes. Pins are not per workflow, so a baseline blessed by a manual workflow or the CLI is found
 * by the CI workflow.
 */
export type BaselineSlot =
  | { kind: 'commit'; workflow: string; name: string; commit: string }
  | { kind: 'pinned'; content: BaselineContent; pin: string };

/** A baseline restored to a local directory. */
export interface RestoredBaseline {
  manifest: BaselineManifest;
  /** The directory holding manifest.json, report.json (and profile.json). */
  directory: string;
  report: string;
  profile?: string;
  /** The cache key or artifact name it was restored from. */
  storedAs: string;
}

export interface SaveResult {
  saved: boolean;
  /** The cache key or artifact name. */
  storedAs: string;
  /** Why it was not saved (e.g. it exists already: a cache entry cannot be overwritten). */
  reason?: string;
}

export interface BaselineStore {
  readonly kind: BaselineStoreKind;
  /** Stores the files of `directory` (manifest.json first among them) in the slot. */
  save(slot: BaselineSlot, directory: string): Promise<SaveResult>;
  /**
   * The baseline of the first of `commits` (in order) that has one for this workflow and name, restored under
   * `into`; undefined when none has.
   */
  findCommit(
    workflow: string,
    name: string,
    commits: string[],
    into: string,
  ): Promise<RestoredBaseline | undefined>;
  /** The newest baseline blessed under the pin, restored under `into`. */
  findPinned(content: BaselineContent, pin: string, into: string): Promise<RestoredBaseline | undefined>;
}
