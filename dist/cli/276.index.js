export const id = 276;
export const ids = [276];
export const modules = {

/***/ 58276:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ArtifactBaselineStore: () => (/* binding */ ArtifactBaselineStore)
});

// EXTERNAL MODULE: ./node_modules/@actions/artifact/lib/artifact.js + 27 modules
var lib_artifact = __webpack_require__(60683);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./packages/core/src/index.ts + 13 modules
var src = __webpack_require__(16343);
;// CONCATENATED MODULE: ./packages/github/src/artifact.ts
async function uploadArtifact(options) {
    const { name, files, rootDirectory, retentionDays, logger } = options;
    if (!process.env.ACTIONS_RUNTIME_TOKEN || !process.env.ACTIONS_RESULTS_URL)
        throw new Error(`Cannot upload artifact "${name}": ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set. ` +
            'Artifacts can only be uploaded from a step of a GitHub Actions job.');
    // Loaded here, not at start-up: @actions/artifact and the Azure SDK take ~150 ms to load.
    const { DefaultArtifactClient } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 60683));
    const client = new DefaultArtifactClient();
    // A rerun of the same workflow run finds its earlier upload: artifact names are unique within a run.
    const earlier = await client.getArtifact(name).catch(() => undefined);
    let result;
    if (earlier?.artifact) {
        logger.info(`Artifact "${name}" was already uploaded by this workflow run (id ${earlier.artifact.id}): not uploaded again`);
        result = { id: earlier.artifact.id, size: earlier.artifact.size, digest: earlier.artifact.digest };
        return withUrl(result.id, result, logger, name, true);
    }
    logger.info(`Uploading artifact "${name}" (${files.length} file${files.length === 1 ? '' : 's'})`);
    try {
        result = await client.uploadArtifact(name, files, rootDirectory, { retentionDays });
    }
    catch (error) {
        throw new Error(`Failed to upload artifact "${name}": ${redact(errorMessage(error))}`, { cause: error });
    }
    if (result.id === undefined)
        throw new Error(`Failed to upload artifact "${name}": the artifact service returned no artifact id`);
    return withUrl(result.id, result, logger, name, false);
}
function withUrl(id, result, logger, name, reused) {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = process.env;
    const url = server && repository && runId
        ? `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}/artifacts/${id}`
        : undefined;
    if (!reused)
        logger.info(`Uploaded artifact "${name}" (id ${id}, ${result.size ?? 0} bytes)${url ? `: ${url}` : ''}`);
    return { id, size: result.size ?? 0, digest: result.digest, url, reused };
}
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}
/** Keeps the runtime token and blob signatures out of messages that end up in logs. */
function redact(message) {
    const token = process.env.ACTIONS_RUNTIME_TOKEN;
    const withoutToken = token ? message.split(token).join('***') : message;
    return withoutToken.replace(/([?&]sig=)[^&\s"']+/gi, '$1***');
}

// EXTERNAL MODULE: ./packages/github/src/baseline/keys.ts
var keys = __webpack_require__(17489);
// EXTERNAL MODULE: ./packages/github/src/baseline/staging.ts
var staging = __webpack_require__(27980);
;// CONCATENATED MODULE: ./packages/github/src/baseline/artifact-store.ts
/**
 * Baselines as workflow artifacts (`baseline-store: artifact`): uploaded with @actions/artifact, found across
 * workflow runs through the REST API (list the repository's artifacts by name), downloaded with the
 * `findBy` of another run. Artifacts live as long as the repository's retention (90 days by default) and
 * need `actions: read` to be read from another run.
 */







class ArtifactBaselineStore {
    options;
    kind = 'artifact';
    constructor(options) {
        this.options = options;
        if (!process.env.ACTIONS_RUNTIME_TOKEN || !process.env.ACTIONS_RESULTS_URL)
            throw new src/* ConfigurationError */.j1('GitHub Actions artifacts are not available here (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set): ' +
                'baseline-store: artifact works in a GitHub Actions job. Outside one, give the baseline as a file.');
    }
    async save(slot, directory) {
        const name = (0,keys/* artifactName */.Cs)(slot);
        if (slot.kind === 'commit') {
            // Without actions: read the check cannot run; saving anyway beats losing the baseline.
            const existing = await this.list(name).catch((error) => {
                this.options.logger.info(`Could not check for an earlier baseline of this commit: ${error.message}`);
                return [];
            });
            if (existing.length > 0)
                return { saved: false, storedAs: name, reason: 'a baseline of this commit is stored already' };
        }
        const files = (await (0,promises_.readdir)(directory)).sort().map((file) => external_node_path_default().join(directory, file));
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
    async findCommit(workflow, name, commits, into) {
        for (const commit of commits) {
            const artifactsOfCommit = (await this.list((0,keys/* artifactName */.Cs)({ kind: 'commit', workflow, name, commit }))).filter((artifact) => !artifact.workflow_run?.head_sha || artifact.workflow_run.head_sha === commit);
            for (const artifact of artifactsOfCommit) {
                const baseline = await this.download(artifact, into);
                // Artifact names carry no workflow: another workflow's baseline of the same name is not this one's.
                if (baseline &&
                    baseline.manifest.commit === commit &&
                    (0,keys/* keyPart */.Vs)(baseline.manifest.workflow) === (0,keys/* keyPart */.Vs)(workflow))
                    return baseline;
                if (baseline)
                    this.options.logger.info(`Skipped artifact ${artifact.name} (id ${artifact.id}): saved by workflow ${baseline.manifest.workflow}, not ${workflow}.`);
            }
        }
        return undefined;
    }
    async findPinned(content, pin, into) {
        for (const artifact of await this.list((0,keys/* artifactName */.Cs)({ kind: 'pinned', content, pin }))) {
            const baseline = await this.download(artifact, into);
            if (baseline && baseline.manifest.pin === pin && baseline.manifest.content === content)
                return baseline;
        }
        return undefined;
    }
    /** The unexpired artifacts of that exact name in the repository, newest first. */
    async list(name) {
        const { octokit, owner, repo } = this.options;
        let artifacts;
        try {
            const response = await octokit.rest.actions.listArtifactsForRepo({ owner, repo, name, per_page: 100 });
            artifacts = response.data.artifacts;
        }
        catch (error) {
            const status = error.status;
            throw new Error(`Cannot list the artifacts named "${name}" (${status ? `HTTP ${status}: ` : ''}${error.message})` +
                (status === 403 || status === 404
                    ? '. The github-token needs the permission "actions: read" to find baselines of other runs.'
                    : ''), { cause: error });
        }
        return artifacts
            .filter((artifact) => !artifact.expired)
            .sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? '') || b.id - a.id);
    }
    async download(artifact, into) {
        const { owner, repo, token, logger } = this.options;
        const runId = artifact.workflow_run?.id;
        if (!runId) {
            logger.info(`Skipped artifact ${artifact.name} (id ${artifact.id}): the API names no workflow run.`);
            return undefined;
        }
        const directory = external_node_path_default().join(into, `artifact-${artifact.id}`);
        await (0,promises_.mkdir)(directory, { recursive: true });
        await new lib_artifact.DefaultArtifactClient().downloadArtifact(artifact.id, {
            path: directory,
            findBy: { token, workflowRunId: runId, repositoryOwner: owner, repositoryName: repo },
        });
        const { baseline, problem } = await (0,staging/* readBaselineDirectory */.Dz)(directory, `artifact ${artifact.name} (id ${artifact.id})`);
        if (problem)
            logger.warning(`Skipped ${problem}.`);
        return baseline;
    }
}


/***/ })

};
