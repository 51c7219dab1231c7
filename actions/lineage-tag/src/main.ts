/**
 * lineage-tag: digests the model, reads the data, parameters and reports that produced it, writes the in-toto
 * manifest and the model card, tags the version and uploads the artifact.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { actionsLogger, info, runAction } from '@mlgate/action';
import {
  checkPathPolicy,
  ConfigurationError,
  displayPath,
  readDataReport,
  readEvalReport,
} from '@mlgate/core';
import {
  compareVersions,
  createModelTag,
  createOctokit,
  listModelTags,
  repositoryFromEnv,
  type ModelTag,
} from '@mlgate/github';
import { uploadArtifact } from '@mlgate/github/artifact';
import {
  buildStatement,
  claimVersion,
  codeInfoFromEnv,
  environmentFromEnv,
  gitState,
  manifestText,
  modelId,
  planVersion,
  readParams,
  renderModelCard,
  resolveArtifacts,
  resolveData,
  serializeManifest,
  workspaceEnvironment,
  type ExistingVersion,
  type LineageStatement,
  type VersionPlan,
} from '@mlgate/lineage';
import { getInputs } from './inputs.js';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

const toExisting = (tag: ModelTag): ExistingVersion => ({
  tag: tag.tag,
  version: tag.version,
  commit: tag.commit,
  modelId: tag.record?.modelId,
  runId: tag.record?.runId,
});

export async function run(): Promise<void> {
  await runAction('lineage-tag', async () => {
    const inputs = getInputs();
    const { workspace } = inputs;
    info(
      `model: ${inputs.model.join(', ')}; name ${inputs.name}; data: ${inputs.data.join(', ') || 'none'}; params: ${inputs.params.join(', ') || 'none'}; eval report: ${inputs.evalReport ?? 'none'}; tag ${inputs.tag}; upload ${inputs.upload}`,
    );

    const files = await core.group('Digesting the model', async () => {
      const subjects = await resolveArtifacts(inputs.model, workspace, { inputName: 'model' });
      for (const file of subjects) info(`${file.sha256}  ${file.name} (${file.size} bytes)`);
      return subjects;
    });
    const id = modelId(files);
    info(`model id: ${id}`);

    const { data, params, evaluation, validation } = await core.group(
      'Reading data, parameters and reports',
      async () => {
        const resolved = await resolveData(inputs.data, workspace);
        for (const descriptor of resolved.descriptors)
          info(`data: ${descriptor.name ?? descriptor.uri} ${JSON.stringify(descriptor.digest)}`);
        const readReport = async (file: string) => {
          const absolute = path.resolve(workspace, file);
          return {
            absolute,
            shown: displayPath(absolute, workspace),
            sha256: sha256(await readFile(absolute).catch(() => Buffer.alloc(0))),
          };
        };
        let evaluation;
        if (inputs.evalReport) {
          const file = await readReport(inputs.evalReport);
          evaluation = { report: await readEvalReport(file.absolute, file.shown), sha256: file.sha256 };
          info(`evaluation: ${evaluation.report.outcome} (${file.shown})`);
        }
        const validation = [];
        for (const name of inputs.dataReports) {
          const file = await readReport(name);
          validation.push({ report: await readDataReport(file.absolute, file.shown), sha256: file.sha256 });
        }
        return {
          data: resolved.descriptors,
          params: await readParams(inputs.params, workspace),
          evaluation,
          validation,
        };
      },
    );

    const code = { ...codeInfoFromEnv(), ...(await gitState(workspace)) };
    const commit = process.env.GITHUB_SHA ?? code.commit;
    const runId = process.env.GITHUB_RUN_ID;
    const repository = inputs.tag ? repositoryFromEnv() : undefined;
    const octokit = inputs.tag ? createOctokit({ token: inputs.token, logger: actionsLogger }) : undefined;
    if (inputs.tag && !commit)
      throw new ConfigurationError('GITHUB_SHA is not set: there is no commit to tag.');

    const build = {
      name: inputs.name,
      modelId: id,
      commit: commit ?? '',
      runId,
      requested: inputs.version,
    };
    const environment = await workspaceEnvironment(environmentFromEnv(), workspace);
    // The manifest of a planned version (it names the version and the previous one), built once per plan.
    let prepared: { plan: VersionPlan; statement: LineageStatement; json: string } | undefined;
    const prepare = (plan: VersionPlan) => {
      if (prepared?.plan === plan) return prepared;
      const statement = buildStatement({
        name: inputs.name,
        version: plan.version,
        files,
        code,
        data,
        params,
        environment,
        evaluation,
        validation,
        previous: plan.previous?.modelId
          ? { version: plan.previous.version, tag: plan.previous.tag, modelId: plan.previous.modelId }
          : undefined,
      });
      prepared = { plan, statement, json: serializeManifest(statement) };
      return prepared;
    };

    const plan =
      octokit && repository
        ? await claimVersion({
            build,
            compare: compareVersions,
            list: async () =>
              (await listModelTags({ octokit, ...repository, name: inputs.name })).map(toExisting),
            create: async (planned) => {
              const result = await createModelTag({
                octokit,
                ...repository,
                name: inputs.name,
                version: planned.version,
                commit: build.commit,
                record: {
                  modelId: id,
                  manifestSha256: sha256(prepare(planned).json),
                  runId,
                  runAttempt: process.env.GITHUB_RUN_ATTEMPT,
                  artifactName: inputs.upload ? `model-${inputs.name}-v${planned.version}` : undefined,
                },
              });
              return result.created
                ? result
                : { created: false, holder: result.holder && toExisting(result.holder) };
            },
            log: info,
          })
        : planVersion([], build, compareVersions);
    const version = plan.version;
    const tagName = octokit ? `model/${inputs.name}/v${version}` : '';
    info(
      `version ${version}${plan.reused === 'rerun' ? ' (already tagged by this workflow run: reused)' : plan.reused === 'same-model' ? ' (this model was already tagged on this commit: reused, no new tag)' : ''}; previous: ${plan.previous ? `${plan.previous.tag} (${plan.previous.modelId ?? 'unknown model'})` : 'none'}`,
    );
    if (tagName)
      info(`tag ${tagName} ${plan.exists ? 'already there: not created again' : 'created'} on ${commit}`);

    const { statement, json: manifestJson } = prepare(plan);
    const manifestPath = path.resolve(
      workspace,
      inputs.manifestPath ?? path.join('mlgate-reports', 'lineage', `${inputs.name}-v${version}.intoto.json`),
    );
    const cardPath = manifestPath.replace(/(\.intoto)?\.json$/, '') + '.model-card.md';
    const checksumsPath = `${manifestPath}.sha256`;
    const predicatePath = `${manifestPath}.predicate.json`;
    checkPathPolicy(manifestPath, 'manifest-path');
    await mkdir(path.dirname(manifestPath), { recursive: true });
    await writeFile(manifestPath, manifestJson);
    await writeFile(predicatePath, `${JSON.stringify(statement.predicate, null, 2)}\n`);
    await writeFile(checksumsPath, manifestText(files));
    await writeFile(cardPath, renderModelCard(statement, evaluation?.report));
    info(`manifest: ${manifestPath}`);

    let artifact: { id: number; url?: string } | undefined;
    if (inputs.upload) {
      const outside = [manifestPath, ...files.map((file) => path.resolve(workspace, file.name))].find(
        (file) => path.relative(workspace, file).startsWith('..'),
      );
      if (outside)
        throw new ConfigurationError(
          `upload: ${outside} is outside the workspace; keep the model and manifest-path inside it (or set upload: false).`,
        );
      artifact = await core.group('Uploading the artifact', () =>
        uploadArtifact({
          name: `model-${inputs.name}-v${version}`,
          files: [
            ...files.map((file) => path.resolve(workspace, file.name)),
            manifestPath,
            cardPath,
            checksumsPath,
          ],
          rootDirectory: workspace,
          retentionDays: inputs.retentionDays,
          logger: actionsLogger,
        }),
      );
      info(`artifact ${artifact.id}${artifact.url ? `: ${artifact.url}` : ''}`);
    }

    // A version another run already tagged for this model is no change; a rerun repeats its first attempt's answer.
    const changed =
      plan.reused !== 'same-model' && (plan.previous?.modelId === undefined || plan.previous.modelId !== id);
    core.setOutput('model-id', id);
    core.setOutput('version', version);
    core.setOutput('tag', tagName);
    core.setOutput('manifest', manifestPath);
    core.setOutput('model-card', cardPath);
    core.setOutput('artifact-id', artifact ? String(artifact.id) : '');
    core.setOutput('artifact-url', artifact?.url ?? '');
    core.setOutput('subject-digest', files.length === 1 ? `sha256:${files[0].sha256}` : id);
    core.setOutput('subject-checksums', checksumsPath);
    core.setOutput('changed', String(changed));

    await core.summary
      .addHeading(`mlgate lineage-tag: ${inputs.name} v${version}`, 2)
      .addTable([
        [
          { data: 'Field', header: true },
          { data: 'Value', header: true },
        ],
        ['model id', `<code>${id}</code>`],
        ['files', String(files.length)],
        ['tag', tagName ? `<code>${tagName}</code>` : 'not tagged'],
        ['commit', commit ? `<code>${commit}</code>` : 'unknown'],
        ['data inputs', String(data.length)],
        ['evaluation', evaluation ? evaluation.report.outcome : 'none'],
        ['changed since previous', String(changed)],
        [
          'artifact',
          artifact?.url
            ? `<a href="${artifact.url}">${artifact.id}</a>`
            : artifact
              ? String(artifact.id)
              : 'not uploaded',
        ],
      ])
      .addRaw(
        `\nVerify: <code>mlgate lineage verify --manifest ${path.basename(manifestPath)} --model ${inputs.model[0]}</code>\n`,
      )
      .write();
  });
}
