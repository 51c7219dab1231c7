/**
 * `baseline: auto`: the baseline of the pull request's merge base, else of the nearest earlier commit of the
 * base branch that has one (at most MAX_SEARCHED_COMMITS commits back); on other events, the nearest commit
 * before this one. `baseline: pinned:<name>`: the newest blessing of that pin. Either way the result says which
 * commit was used and how old its baseline is; older than baseline-max-age is stale (reported, still used).
 */
import type { BaselineResolution, Logger } from '@mlgate/core';
import type { Octokit } from '../octokit.js';
import type { RunEvent } from './event.js';
import type { BaselineRequest } from './inputs.js';
import type { BaselineContent, BaselineStore, RestoredBaseline } from './types.js';

/** How far back `auto` looks: one page of the commits API. */
export const MAX_SEARCHED_COMMITS = 30;
const DAY_MS = 86_400_000;

export interface ResolveBaselineOptions {
  request: BaselineRequest;
  store: BaselineStore;
  content: BaselineContent;
  /** The workflow part of the key and the baseline's name. */
  workflow: string;
  name: string;
  event: RunEvent;
  /** For `auto`: the REST API (compare, commits). */
  octokit?: Octokit;
  maxAgeMs: number;
  /** Restored files go under this directory. */
  into: string;
  logger: Logger;
  now?: Date;
}

export interface ResolvedBaseline {
  restored?: RestoredBaseline;
  resolution: BaselineResolution;
  /** How reports name the baseline: "baseline of 0123456789ab (merge base), 2.1 days old". */
  source?: string;
}

/** The commits `auto` searches, nearest first, and the merge base when on a pull request. */
export async function commitsToSearch(
  event: RunEvent,
  octokit: Octokit,
  logger: Logger,
): Promise<{ commits: string[]; mergeBase?: string; from: string }> {
  const { owner, repo } = event;
  if (!owner || !repo) throw new Error('GITHUB_REPOSITORY is not set: cannot look up commits');
  const history = async (sha: string): Promise<string[]> => {
    try {
      const response = await octokit.rest.repos.listCommits({
        owner,
        repo,
        sha,
        per_page: MAX_SEARCHED_COMMITS + 1,
      });
      return response.data.map((commit) => commit.sha);
    } catch (error) {
      logger.warning(
        `Could not list the commits before ${sha.slice(0, 12)} (${(error as Error).message}): only ${sha.slice(0, 12)} is searched.`,
      );
      return [sha];
    }
  };

  if (event.pullRequest) {
    const { baseSha, headSha } = event.pullRequest;
    let mergeBase = baseSha;
    try {
      const response = await octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${baseSha}...${headSha}`,
        per_page: 1,
      });
      mergeBase = response.data.merge_base_commit.sha;
    } catch (error) {
      logger.warning(
        `Could not find the merge base of the pull request (${(error as Error).message}): searching from the base branch's commit ${baseSha.slice(0, 12)}.`,
      );
    }
    const earlier = (await history(mergeBase)).filter((sha) => sha !== mergeBase);
    return {
      commits: [mergeBase, ...earlier].slice(0, MAX_SEARCHED_COMMITS),
      mergeBase,
      from: 'the merge base',
    };
  }
  if (!event.commit) throw new Error('GITHUB_SHA is not set: cannot tell which commits came before this run');
  const current = event.commit;
  const earlier = (await history(current)).filter((sha) => sha !== current);
  return { commits: earlier.slice(0, MAX_SEARCHED_COMMITS), from: `this commit's parent` };
}

export async function resolveBaseline(options: ResolveBaselineOptions): Promise<ResolvedBaseline> {
  const { request, store, content, workflow, name, event, maxAgeMs, into, logger } = options;
  const requestText = request.mode === 'auto' ? 'auto' : `pinned:${request.pin}`;
  const what = content === 'eval' ? 'eval baseline' : 'reference profile';
  const base = { request: requestText, store: store.kind, maxAgeDays: round(maxAgeMs / DAY_MS, 6) };

  if (request.mode === 'pinned') {
    const restored = await store.findPinned(content, request.pin, into);
    if (!restored) {
      const message = `No ${what} is blessed as "${request.pin}" in the ${store.kind} store (bless one with bless: ${request.pin} or mlgate baseline bless).`;
      return { resolution: { ...base, name: request.pin, found: false, message } };
    }
    return describeFound(restored, { ...base, name: request.pin }, `pinned:${request.pin}`, options);
  }

  if (!options.octokit) throw new Error('baseline: auto needs the GitHub API (github-token)');
  const search = await commitsToSearch(event, options.octokit, logger);
  logger.info(
    `Searching the ${store.kind} store for the ${what} "${name}" of workflow ${workflow}: ${search.commits.length} commit(s) from ${search.from}${search.mergeBase ? ` ${search.mergeBase.slice(0, 12)}` : ''} back (at most ${MAX_SEARCHED_COMMITS}).`,
  );
  const restored = search.commits.length
    ? await store.findCommit(workflow, name, search.commits, into)
    : undefined;
  const searched = { mergeBase: search.mergeBase, searchedCommits: search.commits.length };
  if (!restored) {
    const start = search.mergeBase
      ? `the merge base ${search.mergeBase.slice(0, 12)} or the ${Math.max(0, search.commits.length - 1)} commit(s) before it`
      : `the ${search.commits.length} commit(s) before this one`;
    const message = `No ${what} "${name}" in the ${store.kind} store for ${start}: gates that need a baseline are inconclusive. A push to the default branch saves one (save-baseline: auto).`;
    return { resolution: { ...base, name, found: false, ...withoutUndefined(searched), message } };
  }
  const commitsBack = search.commits.indexOf(restored.manifest.commit);
  const where = search.mergeBase
    ? commitsBack === 0
      ? 'the merge base'
      : `${commitsBack} commit${commitsBack === 1 ? '' : 's'} before the merge base`
    : `${commitsBack + 1} commit${commitsBack === 0 ? '' : 's'} before this one`;
  return describeFound(
    restored,
    { ...base, name, ...withoutUndefined(searched), commitsBack },
    where,
    options,
  );
}

function describeFound(
  restored: RestoredBaseline,
  fields: Omit<BaselineResolution, 'found' | 'message'>,
  where: string,
  options: ResolveBaselineOptions,
): ResolvedBaseline {
  const { manifest } = restored;
  const now = options.now ?? new Date();
  const ageMs = Math.max(0, now.getTime() - Date.parse(manifest.createdAt));
  const stale = ageMs > options.maxAgeMs;
  const age = formatAge(ageMs);
  const short = manifest.commit.slice(0, 12);
  const message =
    `Using the baseline of ${short} (${where}${manifest.branch ? `, ${manifest.branch}` : ''}), saved ${age} ago to the ${fields.store} store as ${restored.storedAs}` +
    (stale ? `: stale, older than baseline-max-age (${formatAge(options.maxAgeMs)}).` : '.');
  if (stale)
    options.logger.warning(
      `The baseline of ${short} is ${age} old, older than baseline-max-age (${formatAge(options.maxAgeMs)}): the gates compare with an old state of the base branch. Push to the base branch (or bless a newer baseline) to refresh it.`,
    );
  else options.logger.info(message);
  return {
    restored,
    resolution: {
      ...fields,
      found: true,
      commit: manifest.commit,
      ...(manifest.branch ? { branch: manifest.branch } : {}),
      savedAt: manifest.createdAt,
      ageDays: round(ageMs / DAY_MS),
      stale,
      message,
    },
    source: `baseline of ${short} (${where}), ${age} old${stale ? ', stale' : ''}`,
  };
}

/** "45 s", "12 min", "5.2 h", "3.4 days". */
export function formatAge(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${round(seconds / 3600, 1)} h`;
  return `${round(seconds / 86_400, 1)} days`;
}

function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
