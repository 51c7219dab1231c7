/**
 * lineage-tag: inputs → the model's lineage, version tag and artifact (packages/lineage runLineageTag, with the
 * repository's tags and the job's artifact service as its services) → outputs, job summary, verdict.
 */
import { actionInput, actionsLogger, publish, runAction } from '@mlgate/action';
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
    await publish(result);
  });
}
