/**
 * Which version a model build gets: the next number, an explicit one, or — for a rerun of the same workflow
 * run, or another run with the same model on the same commit — the version already tagged for it. A tag is never
 * moved, and the tag's creation is the lock: a run that loses a race for a number takes the next one.
 */
import { ConfigurationError } from '@mlgate/core';

/** An existing version of the model, as read from its git tag. */
export interface ExistingVersion {
  tag: string;
  version: string;
  commit: string;
  modelId?: string;
  runId?: string;
}

export interface VersionPlan {
  version: string;
  /** true: the tag already exists for exactly this build; do not create it again. */
  exists: boolean;
  /**
   * Why an existing version is reused: `rerun` (this workflow run tagged it in an earlier attempt) or
   * `same-model` (another run tagged the same model on the same commit).
   */
  reused?: 'rerun' | 'same-model';
  /** The latest version before this one, for rollback and `changed`. */
  previous?: ExistingVersion;
}

/** The build asking for a version. */
export interface VersionRequest {
  name: string;
  modelId: string;
  commit: string;
  runId?: string;
  /** The `version` input: this version or an error, never another number. */
  requested?: string;
}

const isNumeric = (version: string) => /^\d+$/.test(version);

export function planVersion(
  existing: ExistingVersion[],
  build: VersionRequest,
  compare: (a: string, b: string) => number,
): VersionPlan {
  const sorted = existing.slice().sort((a, b) => compare(a.version, b.version));
  const before = (version: string) =>
    sorted.filter((item) => item.version !== version && compare(item.version, version) < 0).at(-1);
  const sameModel = (item: ExistingVersion) => item.commit === build.commit && item.modelId === build.modelId;

  if (build.runId) {
    const ownRun = existing.find((item) => item.runId === build.runId);
    if (ownRun && (!build.requested || build.requested === ownRun.version)) {
      if (ownRun.modelId !== build.modelId) {
        throw new ConfigurationError(
          `this workflow run already tagged ${ownRun.tag} for model ${ownRun.modelId ?? 'unknown'}, and this rerun produced different files (${build.modelId}); make the build reproducible or set the version input`,
        );
      }
      return { version: ownRun.version, exists: true, reused: 'rerun', previous: before(ownRun.version) };
    }
  }

  if (build.requested) {
    const taken = existing.find((item) => item.version === build.requested);
    if (taken) {
      if (sameModel(taken)) {
        return {
          version: taken.version,
          exists: true,
          reused: 'same-model',
          previous: before(taken.version),
        };
      }
      throw new ConfigurationError(
        `version ${build.requested} of ${build.name} already exists (${taken.tag} on commit ${taken.commit}${taken.modelId ? `, model ${taken.modelId}` : ''}); mlgate never moves a model tag`,
      );
    }
    return { version: build.requested, exists: false, previous: before(build.requested) };
  }

  const tagged = sorted.filter(sameModel).at(-1);
  if (tagged)
    return { version: tagged.version, exists: true, reused: 'same-model', previous: before(tagged.version) };

  const numbers = existing.filter((item) => isNumeric(item.version)).map((item) => Number(item.version));
  const version = String(numbers.length === 0 ? 1 : Math.max(...numbers) + 1);
  return { version, exists: false, previous: sorted.at(-1) };
}

/** How many times a build tries the next number after another run took the one it planned. */
export const VERSION_ATTEMPTS = 5;

/** What creating a version's tag did: created it, or found the name already taken (by `holder` when known). */
export type TagAttempt = { created: true } | { created: false; holder?: ExistingVersion };

/**
 * Plans a version and creates its tag; when the tag was created meanwhile by another run (GitHub answers 422),
 * plans again from a fresh listing: the same model on the same commit reuses that version, another model takes the
 * next number. Gives up with a clear error after `attempts` lost races.
 */
export async function claimVersion(options: {
  build: VersionRequest;
  compare: (a: string, b: string) => number;
  list: () => Promise<ExistingVersion[]>;
  create: (plan: VersionPlan) => Promise<TagAttempt>;
  log?: (line: string) => void;
  attempts?: number;
}): Promise<VersionPlan> {
  const { build, compare, list, create, log = () => {}, attempts = VERSION_ATTEMPTS } = options;
  const lost: string[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const plan = planVersion(await list(), build, compare);
    if (plan.exists) return plan;
    const result = await create(plan);
    if (result.created) return plan;
    const holder = result.holder;
    lost.push(`v${plan.version}`);
    log(
      `v${plan.version} was tagged by another run meanwhile (${holder ? `${holder.tag} on ${holder.commit}, model ${holder.modelId ?? 'unknown'}` : 'GitHub refused the tag'}); planning again`,
    );
  }
  throw new ConfigurationError(
    `could not tag a version of ${build.name}: ${attempts} attempts (${lost.join(', ')}) were each taken by another run first; rerun the job, or serialise the tagging jobs with a workflow concurrency group`,
  );
}
