export const id = 355;
export const ids = [355];
export const modules = {

/***/ 55355:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ArtifactBaselineStore: () => (/* binding */ ArtifactBaselineStore)
/* harmony export */ });
/* harmony import */ var _actions_artifact__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(60683);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _mlgate_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(52144);
/* harmony import */ var _artifact_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(81151);
/* harmony import */ var _keys_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(17489);
/* harmony import */ var _staging_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(27980);
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
            throw new _mlgate_core__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('GitHub Actions artifacts are not available here (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set): ' +
                'baseline-store: artifact works in a GitHub Actions job. Outside one, give the baseline as a file.');
    }
    async save(slot, directory) {
        const name = (0,_keys_js__WEBPACK_IMPORTED_MODULE_4__/* .artifactName */ .Cs)(slot);
        if (slot.kind === 'commit') {
            // Without actions: read the check cannot run; saving anyway beats losing the baseline.
            const existing = await this.list(name).catch((error) => {
                this.options.logger.info(`Could not check for an earlier baseline of this commit: ${error.message}`);
                return [];
            });
            if (existing.length > 0)
                return { saved: false, storedAs: name, reason: 'a baseline of this commit is stored already' };
        }
        const files = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(directory)).sort().map((file) => node_path__WEBPACK_IMPORTED_MODULE_2___default().join(directory, file));
        const uploaded = await (0,_artifact_js__WEBPACK_IMPORTED_MODULE_6__/* .uploadArtifact */ .m)({
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
            const artifactsOfCommit = (await this.list((0,_keys_js__WEBPACK_IMPORTED_MODULE_4__/* .artifactName */ .Cs)({ kind: 'commit', workflow, name, commit }))).filter((artifact) => !artifact.workflow_run?.head_sha || artifact.workflow_run.head_sha === commit);
            for (const artifact of artifactsOfCommit) {
                const baseline = await this.download(artifact, into);
                // Artifact names carry no workflow: another workflow's baseline of the same name is not this one's.
                if (baseline &&
                    baseline.manifest.commit === commit &&
                    (0,_keys_js__WEBPACK_IMPORTED_MODULE_4__/* .keyPart */ .Vs)(baseline.manifest.workflow) === (0,_keys_js__WEBPACK_IMPORTED_MODULE_4__/* .keyPart */ .Vs)(workflow))
                    return baseline;
                if (baseline)
                    this.options.logger.info(`Skipped artifact ${artifact.name} (id ${artifact.id}): saved by workflow ${baseline.manifest.workflow}, not ${workflow}.`);
            }
        }
        return undefined;
    }
    async findPinned(content, pin, into) {
        for (const artifact of await this.list((0,_keys_js__WEBPACK_IMPORTED_MODULE_4__/* .artifactName */ .Cs)({ kind: 'pinned', content, pin }))) {
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
        const directory = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(into, `artifact-${artifact.id}`);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(directory, { recursive: true });
        await new _actions_artifact__WEBPACK_IMPORTED_MODULE_0__.DefaultArtifactClient().downloadArtifact(artifact.id, {
            path: directory,
            findBy: { token, workflowRunId: runId, repositoryOwner: owner, repositoryName: repo },
        });
        const { baseline, problem } = await (0,_staging_js__WEBPACK_IMPORTED_MODULE_5__/* .readBaselineDirectory */ .Dz)(directory, `artifact ${artifact.name} (id ${artifact.id})`);
        if (problem)
            logger.warning(`Skipped ${problem}.`);
        return baseline;
    }
}


/***/ })

};
