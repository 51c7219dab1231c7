/**
 * Model versions as git tags `model/<name>/v<version>`, created through the API as annotated tags whose message
 * carries the lineage (model id, run, manifest digest), so a tag alone says what it points to.
 */
import { ConfigurationError } from '@mlgate/core';
import type { ExistingVersion, ModelTagRecord, ModelTagStore } from '@mlgate/lineage';
import type { Octokit } from './octokit.js';

export type { ModelTagRecord };

export interface ModelTag {
  /** Tag name without refs/tags/, e.g. model/sentiment/v3. */
  tag: string;
  version: string;
  /** The commit the tag points to. */
  commit: string;
  /** Lineage read from an annotated mlgate tag; undefined for lightweight or foreign tags. */
  record?: ModelTagRecord;
}

export const modelTagPrefix = (name: string): string => `model/${name}/v`;

const RECORD_MARKER = 'mlgate-lineage:';

export function tagMessage(name: string, version: string, record: ModelTagRecord): string {
  return `mlgate model ${name} v${version}\n\n${RECORD_MARKER} ${JSON.stringify(record)}\n`;
}

export function parseTagMessage(message: string): ModelTagRecord | undefined {
  const line = message.split('\n').find((text) => text.startsWith(RECORD_MARKER));
  if (!line) return undefined;
  try {
    const value = JSON.parse(line.slice(RECORD_MARKER.length)) as Partial<ModelTagRecord>;
    return typeof value.modelId === 'string' ? (value as ModelTagRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Every tag of this model, oldest version first (numeric versions compare as numbers). */
export async function listModelTags(options: {
  octokit: Octokit;
  owner: string;
  repo: string;
  name: string;
}): Promise<ModelTag[]> {
  const { octokit, owner, repo, name } = options;
  const prefix = modelTagPrefix(name);
  const refs = await octokit.paginate(octokit.rest.git.listMatchingRefs, {
    owner,
    repo,
    ref: `tags/${prefix}`,
    per_page: 100,
  });
  const tags: ModelTag[] = [];
  for (const ref of refs) {
    const tag = ref.ref.replace(/^refs\/tags\//, '');
    const version = tag.slice(prefix.length);
    if (!version) continue;
    if (ref.object.type === 'tag') {
      const { data } = await octokit.rest.git.getTag({ owner, repo, tag_sha: ref.object.sha });
      tags.push({ tag, version, commit: data.object.sha, record: parseTagMessage(data.message) });
    } else {
      tags.push({ tag, version, commit: ref.object.sha });
    }
  }
  return tags.sort((a, b) => compareVersions(a.version, b.version));
}

/** Numeric versions by value, others (1.2.0, 2024-05) segment by segment. */
export function compareVersions(a: string, b: string): number {
  const left = a.split(/[.-]/);
  const right = b.split(/[.-]/);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? '';
    const y = right[i] ?? '';
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    const order = numeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * Creates the annotated tag and its ref. The ref's creation is the lock: when GitHub refuses it (422 "Reference
 * already exists", or "Reference update failed" when two requests meet), the tag that holds the name is read back
 * and returned as `holder` (undefined if it cannot be seen yet) for the caller to decide: reuse it or take the next
 * version. A tag is never moved.
 */
export async function createModelTag(options: {
  octokit: Octokit;
  owner: string;
  repo: string;
  name: string;
  version: string;
  commit: string;
  record: ModelTagRecord;
}): Promise<{ tag: string; created: true } | { tag: string; created: false; holder?: ModelTag }> {
  const { octokit, owner, repo, name, version, commit, record } = options;
  const tag = `${modelTagPrefix(name)}${version}`;
  const { data: tagObject } = await octokit.rest.git.createTag({
    owner,
    repo,
    tag,
    message: tagMessage(name, version, record),
    object: commit,
    type: 'commit',
  });
  try {
    await octokit.rest.git.createRef({ owner, repo, ref: `refs/tags/${tag}`, sha: tagObject.sha });
    return { tag, created: true };
  } catch (error) {
    if ((error as { status?: number }).status !== 422) throw error;
    const holder = (await listModelTags({ octokit, owner, repo, name })).find((item) => item.tag === tag);
    return { tag, created: false, holder };
  }
}

/** The repository as "owner/repo" from GITHUB_REPOSITORY. */
export function repositoryFromEnv(env: NodeJS.ProcessEnv = process.env): { owner: string; repo: string } {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo)
    throw new ConfigurationError(
      'GITHUB_REPOSITORY (owner/repo) is not set: is this running in GitHub Actions?',
    );
  return { owner, repo };
}

/** A tag as a version of the model: its number, commit and the model and run its message records. */
export function modelTagVersion(tag: ModelTag): ExistingVersion {
  return {
    tag: tag.tag,
    version: tag.version,
    commit: tag.commit,
    modelId: tag.record?.modelId,
    runId: tag.record?.runId,
  };
}

/** A repository's model tags through the API, as lineage-tag's tag store: list, create (the lock) and order. */
export function githubModelTags(
  octokit: Octokit,
  repository: { owner: string; repo: string },
): ModelTagStore {
  return {
    compare: compareVersions,
    list: async (name) => (await listModelTags({ octokit, ...repository, name })).map(modelTagVersion),
    create: async (tag) => {
      const result = await createModelTag({ octokit, ...repository, ...tag });
      return result.created
        ? { created: true }
        : { created: false, holder: result.holder && modelTagVersion(result.holder) };
    },
  };
}
