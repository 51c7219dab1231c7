/**
 * Baselines as workflow artifacts (`baseline-store: artifact`): uploaded with @actions/artifact, found across
 * workflow runs through the REST API (list the repository's artifacts by name), downloaded with the
 * `findBy` of another run. Artifacts live as long as the repository's retention (90 days by default) and
 * need `actions: read` to be read from another run.
 */
import { DefaultArtifactClient } from '@actions/artifact';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, type Logger } from '@mlgate/core';
import { uploadArtifact } from '../artifact.js';
import type { Octokit } from '../octokit.js';
import { artifactName, keyPart } from './keys.js';
import { readBaselineDirectory } from './staging.js';
import type { BaselineContent, BaselineSlot, BaselineStore, RestoredBaseline, SaveResult } from './types.js';

export interface ArtifactBaselineStoreOptions {
  logger: Logger;
  octokit: Octokit;
  token: string;
  owner: string;
  repo: string;
  /** Days to keep a baseline (capped by the repository's setting); default: the repository's setting. */
  retentionDays?: number;
}

/** An artifact as GET /repos/{owner}/{repo}/actions/artifacts lists it (the fields used here). */
interface ListedArtifact {
  id: number;
  name: string;
  expired: boolean;
  created_at?: string | null;
  workflow_run?: { id?: number; head_sha?: string } | null;
}

export class ArtifactBaselineStore implements BaselineStore {
  readonly kind = 'artifact' as const;

  constructor(private readonly options: ArtifactBaselineStoreOptions) {
    if (!process.env.ACTIONS_RUNTIME_TOKEN || !process.env.ACTIONS_RESULTS_URL)
      throw new ConfigurationError(
        'GitHub Actions artifacts are not available here (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set): ' +
          'baseline-store: artifact works in a GitHub Actions job. Outside one, give the baseline as a file.',
      );
  }

  async save(slot: BaselineSlot, directory: string): Promise<SaveResult> {
    const name = artifactName(slot);
    if (slot.kind === 'commit') {
      // Without actions: read the check cannot run; saving anyway beats losing the baseline.
      const existing = await this.list(name).catch((error: Error) => {
        this.options.logger.info(`Could not check for an earlier baseline of this commit: ${error.message}`);
        return [];
      });
      if (existing.length > 0)
        return { saved: false, storedAs: name, reason: 'a baseline of this commit is stored already' };
    }
    const files = (await readdir(directory)).sort().map((file) => path.join(directory, file));
    const uploaded = await uploadArtifact({
      name,
      files,
      rootDirectory: directory,
      retentionDays: this.options.retentionDays,
      logger: this.options.logger,
    });
    return uploaded.reused
      ? { saved: false, storedAs: name, reason: 'this workflow run uploaded it already' }
      : { saved: true, storedAs: name };
  }

  async findCommit(
    workflow: string,
    name: string,
    commits: string[],
    into: string,
  ): Promise<RestoredBaseline | undefined> {
    for (const commit of commits) {
      const artifactsOfCommit = (
        await this.list(artifactName({ kind: 'commit', workflow, name, commit }))
      ).filter((artifact) => !artifact.workflow_run?.head_sha || artifact.workflow_run.head_sha === commit);
      for (const artifact of artifactsOfCommit) {
        const baseline = await this.download(artifact, into);
        // Artifact names carry no workflow: another workflow's baseline of the same name is not this one's.
        if (
          baseline &&
          baseline.manifest.commit === commit &&
          keyPart(baseline.manifest.workflow) === keyPart(workflow)
        )
          return baseline;
        if (baseline)
          this.options.logger.info(
            `Skipped artifact ${artifact.name} (id ${artifact.id}): saved by workflow ${baseline.manifest.workflow}, not ${workflow}.`,
          );
      }
    }
    return undefined;
  }

  async findPinned(
    content: BaselineContent,
    pin: string,
    into: string,
  ): Promise<RestoredBaseline | undefined> {
    for (const artifact of await this.list(artifactName({ kind: 'pinned', content, pin }))) {
      const baseline = await this.download(artifact, into);
      if (baseline && baseline.manifest.pin === pin && baseline.manifest.content === content) return baseline;
    }
    return undefined;
  }

  /** The unexpired artifacts of that exact name in the repository, newest first. */
  private async list(name: string): Promise<ListedArtifact[]> {
    const { octokit, owner, repo } = this.options;
    let artifacts: ListedArtifact[];
    try {
      const response = await octokit.rest.actions.listArtifactsForRepo({ owner, repo, name, per_page: 100 });
      artifacts = response.data.artifacts;
    } catch (error) {
      const status = (error as { status?: number }).status;
      throw new Error(
        `Cannot list the artifacts named "${name}" (${status ? `HTTP ${status}: ` : ''}${(error as Error).message})` +
          (status === 403 || status === 404
            ? '. The github-token needs the permission "actions: read" to find baselines of other runs.'
            : ''),
        { cause: error },
      );
    }
    return artifacts
      .filter((artifact) => !artifact.expired)
      .sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? '') || b.id - a.id);
  }

  private async download(artifact: ListedArtifact, into: string): Promise<RestoredBaseline | undefined> {
    const { owner, repo, token, logger } = this.options;
    const runId = artifact.workflow_run?.id;
    if (!runId) {
      logger.info(`Skipped artifact ${artifact.name} (id ${artifact.id}): the API names no workflow run.`);
      return undefined;
    }
    const directory = path.join(into, `artifact-${artifact.id}`);
    await mkdir(directory, { recursive: true });
    await new DefaultArtifactClient().downloadArtifact(artifact.id, {
      path: directory,
      findBy: { token, workflowRunId: runId, repositoryOwner: owner, repositoryName: repo },
    });
    const { baseline, problem } = await readBaselineDirectory(
      directory,
      `artifact ${artifact.name} (id ${artifact.id})`,
    );
    if (problem) logger.warning(`Skipped ${problem}.`);
    return baseline;
  }
}
