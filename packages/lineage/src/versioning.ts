/**
 * Which version a model build gets: the next number, an explicit one, or — for a rerun of the same workflow
 * run with the same files — the version that run already tagged. A tag is never moved.
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
  /** true: the tag already exists for exactly this build (a rerun); do not create it again. */
  exists: boolean;
  /** The latest version before this one, for rollback and `changed`. */
  previous?: ExistingVersion;
}

const isNumeric = (version: string) => /^\d+$/.test(version);

export function planVersion(
  existing: ExistingVersion[],
  build: { name: string; modelId: string; commit: string; runId?: string; requested?: string },
  compare: (a: string, b: string) => number,
): VersionPlan {
  const before = (version: string) =>
    existing
      .filter((item) => item.version !== version && compare(item.version, version) < 0)
      .sort((a, b) => compare(a.version, b.version))
      .at(-1);

  if (build.runId) {
    const ownRun = existing.find((item) => item.runId === build.runId);
    if (ownRun && (!build.requested || build.requested === ownRun.version)) {
      if (ownRun.modelId !== build.modelId) {
        throw new ConfigurationError(
          `this workflow run already tagged ${ownRun.tag} for model ${ownRun.modelId ?? 'unknown'}, and this rerun produced different files (${build.modelId}); make the build reproducible or set the version input`,
        );
      }
      return { version: ownRun.version, exists: true, previous: before(ownRun.version) };
    }
  }

  if (build.requested) {
    const taken = existing.find((item) => item.version === build.requested);
    if (taken) {
      if (taken.commit === build.commit && taken.modelId === build.modelId) {
        return { version: taken.version, exists: true, previous: before(taken.version) };
      }
      throw new ConfigurationError(
        `version ${build.requested} of ${build.name} already exists (${taken.tag} on commit ${taken.commit}${taken.modelId ? `, model ${taken.modelId}` : ''}); mlgate never moves a model tag`,
      );
    }
    return { version: build.requested, exists: false, previous: before(build.requested) };
  }

  const numbers = existing.filter((item) => isNumeric(item.version)).map((item) => Number(item.version));
  const version = String(numbers.length === 0 ? 1 : Math.max(...numbers) + 1);
  return {
    version,
    exists: false,
    previous: existing
      .slice()
      .sort((a, b) => compare(a.version, b.version))
      .at(-1),
  };
}
