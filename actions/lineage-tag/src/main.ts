/**
 * lineage-tag: the model's lineage manifest, model card, version tag and artifact (runLineageTag), with the
 * repository's tags and the job's artifact service as its services.
 */
import * as core from '@actions/core';
import { actionInput, actionsLogger, runAction } from '@mlgate/action';
import { createOctokit, githubModelTags, repositoryFromEnv } from '@mlgate/github';
import { uploadArtifact } from '@mlgate/github/artifact';
import { parseLineageTagInputs, runLineageTag } from '@mlgate/lineage';

export async function run(): Promise<void> {
  await runAction('lineage-tag', async () => {
    const inputs = parseLineageTagInputs(actionInput, process.env.GITHUB_WORKSPACE || process.cwd());
    const result = await runLineageTag(inputs, {
      logger: actionsLogger,
      tags: inputs.tag
        ? githubModelTags(createOctokit({ token: inputs.token, logger: actionsLogger }), repositoryFromEnv())
        : undefined,
      upload: (artifact) => uploadArtifact({ ...artifact, logger: actionsLogger }),
    });
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value);
    await core.summary.addRaw(result.summary).write();
  });
}
