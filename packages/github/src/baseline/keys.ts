/**
 * Names of stored baselines. Cache keys: `mlgate-baseline-v1-<workflow>-<name>-<sha>` for a commit and
 * `mlgate-baseline-v1-pinned-<content>-<pin>@<time>` for a blessed one (a cache entry can never be
 * overwritten, so each blessing is a new entry and the newest wins). Artifacts: `mlgate-baseline-<name>-<sha>`
 * and `mlgate-baseline-pinned-<content>-<pin>`.
 */
import path from 'node:path';
import type { BaselineContent, BaselineSlot } from './types.js';

const CACHE_PREFIX = 'mlgate-baseline-v1';
const ARTIFACT_PREFIX = 'mlgate-baseline';
const MAX_PART = 100;

/**
 * A name as it may appear in a key: letters, digits, `.`, `_` and `-` (no `@`, which separates a pin from its
 * time, and no comma, which cache keys forbid), at most 100 characters.
 */
export function keyPart(text: string): string {
  const safe = text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, MAX_PART);
  return safe || 'default';
}

export function cacheKey(slot: BaselineSlot, savedAt = new Date()): string {
  if (slot.kind === 'commit')
    return `${CACHE_PREFIX}-${keyPart(slot.workflow)}-${keyPart(slot.name)}-${slot.commit}`;
  return `${pinnedCachePrefix(slot.content, slot.pin)}${savedAt.getTime()}`;
}

/** Every blessing of a pin starts with this; the cache service answers a prefix with its newest entry. */
export function pinnedCachePrefix(content: BaselineContent, pin: string): string {
  return `${CACHE_PREFIX}-pinned-${content}-${keyPart(pin)}@`;
}

export function artifactName(slot: BaselineSlot): string {
  if (slot.kind === 'commit') return `${ARTIFACT_PREFIX}-${keyPart(slot.name)}-${slot.commit}`;
  return `${ARTIFACT_PREFIX}-pinned-${slot.content}-${keyPart(slot.pin)}`;
}

/**
 * The workflow part of a key: the workflow file's name from GITHUB_WORKFLOW_REF
 * (`acme/app/.github/workflows/ci.yml@refs/heads/main` → `ci.yml`), the same on pushes and pull requests;
 * else the workflow's display name.
 */
export function workflowId(env: NodeJS.ProcessEnv = process.env): string {
  const ref = env.GITHUB_WORKFLOW_REF;
  if (ref) {
    const file = ref.split('@')[0];
    if (file) return keyPart(path.posix.basename(file));
  }
  return keyPart(env.GITHUB_WORKFLOW || 'local');
}

/** The default baseline-name: the job id and what is stored, e.g. `evaluate-eval`, `validate-data`. */
export function defaultBaselineName(content: BaselineContent, env: NodeJS.ProcessEnv = process.env): string {
  return env.GITHUB_JOB ? keyPart(`${env.GITHUB_JOB}-${content}`) : content;
}
