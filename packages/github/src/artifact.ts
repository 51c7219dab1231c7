/**
 * Uploads files as a workflow artifact through @actions/artifact (Twirp to ACTIONS_RESULTS_URL, blob via a signed
 * URL). A subpath export (`@mlgate/github/artifact`), not part of the package index: @actions/artifact and the
 * Azure SDK add ~4 MB to a bundle, so only actions that upload artifacts should import it.
 */
import type { Logger } from '@mlgate/core';

export interface UploadArtifactOptions {
  /** The artifact name shown in the run (no `/ \ : * ? " < > |`, CR or LF). */
  name: string;
  /** Absolute paths of the files to upload; their paths in the zip are relative to rootDirectory. */
  files: string[];
  rootDirectory: string;
  /** Days to keep the artifact (capped by the repository's setting); default: the repository's setting. */
  retentionDays?: number;
  logger: Logger;
}

export interface UploadedArtifact {
  id: number;
  /** Bytes uploaded (the zip). */
  size: number;
  /** SHA-256 of the uploaded zip, hex. */
  digest?: string;
  /** The artifact's page, when GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID are set. */
  url?: string;
  /** This run had already uploaded an artifact of that name (a rerun): it was not uploaded again. */
  reused: boolean;
}

export async function uploadArtifact(options: UploadArtifactOptions): Promise<UploadedArtifact> {
  const { name, files, rootDirectory, retentionDays, logger } = options;
  if (!process.env.ACTIONS_RUNTIME_TOKEN || !process.env.ACTIONS_RESULTS_URL)
    throw new Error(
      `Cannot upload artifact "${name}": ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set. ` +
        'Artifacts can only be uploaded from a step of a GitHub Actions job.',
    );

  // Loaded here, not at start-up: @actions/artifact and the Azure SDK take ~150 ms to load.
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const client = new DefaultArtifactClient();
  // A rerun of the same workflow run finds its earlier upload: artifact names are unique within a run.
  const earlier = await client.getArtifact(name).catch(() => undefined);
  let result: { id?: number; size?: number; digest?: string };
  if (earlier?.artifact) {
    logger.info(
      `Artifact "${name}" was already uploaded by this workflow run (id ${earlier.artifact.id}): not uploaded again`,
    );
    result = { id: earlier.artifact.id, size: earlier.artifact.size, digest: earlier.artifact.digest };
    return withUrl(result.id!, result, logger, name, true);
  }
  logger.info(`Uploading artifact "${name}" (${files.length} file${files.length === 1 ? '' : 's'})`);
  try {
    result = await client.uploadArtifact(name, files, rootDirectory, { retentionDays });
  } catch (error) {
    throw new Error(`Failed to upload artifact "${name}": ${redact(errorMessage(error))}`, { cause: error });
  }
  if (result.id === undefined)
    throw new Error(`Failed to upload artifact "${name}": the artifact service returned no artifact id`);

  return withUrl(result.id, result, logger, name, false);
}

function withUrl(
  id: number,
  result: { size?: number; digest?: string },
  logger: Logger,
  name: string,
  reused: boolean,
): UploadedArtifact {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = process.env;
  const url =
    server && repository && runId
      ? `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}/artifacts/${id}`
      : undefined;
  if (!reused)
    logger.info(`Uploaded artifact "${name}" (id ${id}, ${result.size ?? 0} bytes)${url ? `: ${url}` : ''}`);
  return { id, size: result.size ?? 0, digest: result.digest, url, reused };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Keeps the runtime token and blob signatures out of messages that end up in logs. */
function redact(message: string): string {
  const token = process.env.ACTIONS_RUNTIME_TOKEN;
  const withoutToken = token ? message.split(token).join('***') : message;
  return withoutToken.replace(/([?&]sig=)[^&\s"']+/gi, '$1***');
}
