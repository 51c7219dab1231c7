export const id = 162;
export const ids = [162];
export const modules = {

/***/ 66162:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  BASELINE_STORES: () => (/* reexport */ types_BASELINE_STORES),
  createBaselineStore: () => (/* reexport */ createBaselineStore),
  defaultBaselineName: () => (/* reexport */ keys_defaultBaselineName),
  keyPart: () => (/* reexport */ keys_keyPart),
  readRunEvent: () => (/* reexport */ event_readRunEvent),
  saveBaseline: () => (/* reexport */ save_saveBaseline),
  workflowId: () => (/* reexport */ keys_workflowId)
});

// UNUSED EXPORTS: ArtifactBaselineStore, BASELINE_EVAL_REPORT_FILE, BASELINE_MANIFEST_FILE, BASELINE_MANIFEST_KIND, BASELINE_PROFILE_FILE, BASELINE_REPORT_FILE, CacheBaselineStore, DEFAULT_MAX_AGE, MAX_SEARCHED_COMMITS, artifactName, baselineTempDir, cacheKey, commitsToSearch, decideSave, formatAge, parseBaselineInputs, parseBaselineRequest, parseDuration, pinnedCachePrefix, readBaselineDirectory, recordDataBaseline, recordEvalBaseline, resolveBaseline, resolveRunBaseline, saveRunBaseline, writeBaselineFiles

;// CONCATENATED MODULE: ./packages/github/src/baseline/types.ts
/** The baseline store's vocabulary: what a stored baseline holds and the interface both backends implement. */
const types_BASELINE_STORES = ['cache', 'artifact'];
const BASELINE_MANIFEST_KIND = 'mlgate/baseline-manifest';
const BASELINE_MANIFEST_FILE = 'manifest.json';
const BASELINE_REPORT_FILE = 'report.json';
/** An eval baseline's report (1.3 on): compressed, its case texts cut to what a comment shows (baselineCopy). */
const BASELINE_EVAL_REPORT_FILE = 'report.json.gz';
const BASELINE_PROFILE_FILE = 'profile.json';

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./packages/github/src/baseline/keys.ts
/**
 * Names of stored baselines. Cache keys: `mlgate-baseline-v1-<workflow>-<name>-<sha>` for a commit and
 * `mlgate-baseline-v1-pinned-<content>-<pin>@<time>` for a blessed one (a cache entry can never be
 * overwritten, so each blessing is a new entry and the newest wins). Artifacts: `mlgate-baseline-<name>-<sha>`
 * and `mlgate-baseline-pinned-<content>-<pin>`.
 */

const CACHE_PREFIX = 'mlgate-baseline-v1';
const ARTIFACT_PREFIX = 'mlgate-baseline';
const MAX_PART = 100;
/**
 * A name as it may appear in a key: letters, digits, `.`, `_` and `-` (no `@`, which separates a pin from its
 * time, and no comma, which cache keys forbid), at most 100 characters.
 */
function keys_keyPart(text) {
    const safe = text
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[-.]+|-+$/g, '')
        .slice(0, MAX_PART);
    return safe || 'default';
}
function cacheKey(slot, savedAt = new Date()) {
    if (slot.kind === 'commit')
        return `${CACHE_PREFIX}-${keys_keyPart(slot.workflow)}-${keys_keyPart(slot.name)}-${slot.commit}`;
    return `${pinnedCachePrefix(slot.content, slot.pin)}${savedAt.getTime()}`;
}
/** Every blessing of a pin starts with this; the cache service answers a prefix with its newest entry. */
function pinnedCachePrefix(content, pin) {
    return `${CACHE_PREFIX}-pinned-${content}-${keys_keyPart(pin)}@`;
}
function artifactName(slot) {
    if (slot.kind === 'commit')
        return `${ARTIFACT_PREFIX}-${keys_keyPart(slot.name)}-${slot.commit}`;
    return `${ARTIFACT_PREFIX}-pinned-${slot.content}-${keys_keyPart(slot.pin)}`;
}
/**
 * The workflow part of a key: the workflow file's name from GITHUB_WORKFLOW_REF
 * (`acme/app/.github/workflows/ci.yml@refs/heads/main` → `ci.yml`), the same on pushes and pull requests;
 * else the workflow's display name.
 */
function keys_workflowId(env = process.env) {
    const ref = env.GITHUB_WORKFLOW_REF;
    if (ref) {
        const file = ref.split('@')[0];
        if (file)
            return keys_keyPart(external_node_path_default().posix.basename(file));
    }
    return keys_keyPart(env.GITHUB_WORKFLOW || 'local');
}
/** The default baseline-name: the job id and what is stored, e.g. `evaluate-eval`, `validate-data`. */
function keys_defaultBaselineName(content, env = process.env) {
    return env.GITHUB_JOB ? keys_keyPart(`${env.GITHUB_JOB}-${content}`) : content;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./packages/github/src/baseline/event.ts
/** The facts about the current run that decide which baseline to read and whether to save one. */

function event_readRunEvent(env = process.env) {
    let payload = {};
    if (env.GITHUB_EVENT_PATH) {
        try {
            payload = JSON.parse((0,external_node_fs_.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8'));
        }
        catch {
            payload = {};
        }
    }
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    const ref = env.GITHUB_REF ?? '';
    const pull = payload.pull_request;
    const pullRequest = pull?.base?.sha && pull.head?.sha
        ? {
            number: pull.number ?? 0,
            baseSha: pull.base.sha,
            headSha: pull.head.sha,
            baseRef: pull.base.ref ?? '',
        }
        : undefined;
    return {
        name: env.GITHUB_EVENT_NAME ?? '',
        commit: pullRequest?.headSha ?? env.GITHUB_SHA,
        branch: !pullRequest && ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined,
        defaultBranch: payload.repository?.default_branch,
        owner: owner || undefined,
        repo: repo || undefined,
        pullRequest,
    };
}

// EXTERNAL MODULE: ./packages/core/src/index.ts + 23 modules
var src = __webpack_require__(13855);
;// CONCATENATED MODULE: ./packages/github/src/baseline/inputs.ts
/**
 * The baseline inputs eval-gate and validate-data share: which stored baseline to read (`auto`,
 * `pinned:<name>`), where baselines are stored, under which name, and when to save or bless one.
 */



const DEFAULT_MAX_AGE = '14d';
const UNITS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** "14d", "36h", "90m", "2w", "30s"; a bare number is days. */
function parseDuration(name, raw) {
    const match = /^(\d+(?:\.\d+)?)\s*([smhdw]?)$/i.exec(raw.trim());
    const milliseconds = match ? Number(match[1]) * UNITS[(match[2] || 'd').toLowerCase()] : NaN;
    if (!(milliseconds > 0))
        throw new ConfigurationError(`Input "${name}" must be a duration such as 14d, 36h or 2w (s, m, h, d, w); got "${raw.trim()}".`);
    return milliseconds;
}
/** `auto` or `pinned:<name>`; undefined for anything else (a path, or nothing). */
function parseBaselineRequest(name, raw) {
    const value = raw.trim();
    if (value === 'auto')
        return { mode: 'auto' };
    if (!value.startsWith('pinned:'))
        return undefined;
    const pin = value.slice('pinned:'.length).trim();
    if (!pin || keyPart(pin) !== pin)
        throw new ConfigurationError(`Input "${name}": a pinned baseline is named with letters, digits, ".", "_" and "-", e.g. pinned:release-1; got "${value}".`);
    return { mode: 'pinned', pin };
}
function parseBaselineInputs(input, requestInput, content, env = process.env) {
    const request = parseBaselineRequest(requestInput, input(requestInput));
    const nameInput = input('baseline-name').trim();
    if (nameInput && keyPart(nameInput) !== nameInput)
        throw new ConfigurationError(`Input "baseline-name" may hold letters, digits, ".", "_" and "-" only (at most 100); got "${nameInput}".`);
    const maxAge = input('baseline-max-age').trim() || DEFAULT_MAX_AGE;
    const token = input('github-token').trim();
    return {
        requestInput,
        request,
        content,
        store: parseChoice('baseline-store', input('baseline-store'), BASELINE_STORES, 'cache'),
        name: nameInput || defaultBaselineName(content, env),
        save: parseChoice('save-baseline', input('save-baseline'), ['auto', 'true', 'false'], 'auto'),
        branches: parseList(input('baseline-branches')),
        maxAgeMs: parseDuration('baseline-max-age', maxAge),
        maxAge,
        bless: parseBless(input('bless'), request),
        token: token || undefined,
    };
}
/** `bless: true` blesses under the pin the baseline input names (`pinned:<pin>`), else `blessed`; `bless: <pin>` under that pin. */
function parseBless(raw, request) {
    const value = raw.trim();
    if (value === '' || ['false', 'no', '0', 'off'].includes(value.toLowerCase()))
        return undefined;
    if (['true', 'yes', '1', 'on'].includes(value.toLowerCase()))
        return request?.mode === 'pinned' ? request.pin : 'blessed';
    if (keyPart(value) !== value)
        throw new ConfigurationError(`Input "bless" must be true, false or a pin name (letters, digits, ".", "_", "-"); got "${value}".`);
    return value;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./packages/github/src/baseline/staging.ts
/** A baseline on disk: the directory a store uploads and restores, with manifest.json, report.json and profile.json. */





/** A fresh directory for a baseline, under RUNNER_TEMP on a runner (cleaned after the job). */
async function staging_baselineTempDir(label) {
    const root = process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    await (0,promises_.mkdir)(root, { recursive: true });
    return (0,promises_.mkdtemp)(external_node_path_default().join(root, `mlgate-baseline-${label}-`));
}
/**
 * Writes the manifest, the report and (for data) the profile into `directory`; returns the file paths. An eval
 * report is stored as report.json.gz: its case table compressed, case texts cut to what a comment shows.
 */
async function writeBaselineFiles(directory, manifest, report, profile) {
    await (0,promises_.mkdir)(directory, { recursive: true });
    const files = [
        [BASELINE_MANIFEST_FILE, manifest],
        ...(manifest.content === 'eval' ? [] : [[BASELINE_REPORT_FILE, report]]),
        ...(profile === undefined ? [] : [[BASELINE_PROFILE_FILE, profile]]),
    ];
    for (const [name, value] of files)
        await (0,promises_.writeFile)(external_node_path_default().join(directory, name), `${JSON.stringify(value, null, 2)}\n`);
    if (manifest.content !== 'eval')
        return files.map(([name]) => external_node_path_default().join(directory, name));
    const stored = external_node_path_default().join(directory, BASELINE_EVAL_REPORT_FILE);
    await (0,src/* writeReportFile */.aS)(stored, (0,src/* baselineCopy */.vu)(report), 'baseline', { gzip: true });
    return [
        external_node_path_default().join(directory, BASELINE_MANIFEST_FILE),
        stored,
        ...files.slice(1).map(([name]) => external_node_path_default().join(directory, name)),
    ];
}
/**
 * Reads a restored baseline directory; undefined (and why) when it has no valid manifest or no report, which
 * a store treats like a missing baseline rather than comparing with something unknown.
 */
async function readBaselineDirectory(directory, storedAs) {
    let manifest;
    try {
        manifest = JSON.parse(await (0,promises_.readFile)(external_node_path_default().join(directory, BASELINE_MANIFEST_FILE), 'utf8'));
    }
    catch (error) {
        return { problem: `${storedAs} has no readable ${BASELINE_MANIFEST_FILE} (${error.message})` };
    }
    if (manifest?.kind !== BASELINE_MANIFEST_KIND ||
        typeof manifest.commit !== 'string' ||
        typeof manifest.createdAt !== 'string' ||
        Number.isNaN(Date.parse(manifest.createdAt)))
        return { problem: `${storedAs}: ${BASELINE_MANIFEST_FILE} is not an mlgate baseline manifest` };
    const profile = external_node_path_default().join(directory, BASELINE_PROFILE_FILE);
    const exists = (file) => (0,promises_.access)(file).then(() => true, () => false);
    // Eval baselines saved before eval report 1.3 hold report.json.
    const compressed = external_node_path_default().join(directory, BASELINE_EVAL_REPORT_FILE);
    const report = manifest.content === 'eval' && (await exists(compressed))
        ? compressed
        : external_node_path_default().join(directory, BASELINE_REPORT_FILE);
    if (!(await exists(report)))
        return { problem: `${storedAs} holds no ${BASELINE_REPORT_FILE}` };
    if (manifest.content === 'data' && !(await exists(profile)))
        return { problem: `${storedAs} holds no ${BASELINE_PROFILE_FILE}` };
    return {
        baseline: {
            manifest,
            directory,
            report,
            ...(manifest.content === 'data' ? { profile } : {}),
            storedAs,
        },
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/cache/lib/cache.js + 35 modules
var cache = __webpack_require__(74151);
;// CONCATENATED MODULE: ./packages/github/src/baseline/cache-store.ts
/**
 * Baselines in the GitHub Actions cache (`baseline-store: cache`, the default), through @actions/cache: a pull
 * request can restore entries saved on its base branch and the default branch; an entry can never be
 * overwritten, and unused entries are evicted after 7 days (or when the repository's 10 GB are full).
 */






/**
 * Where a baseline is staged for the cache, relative to the workspace. The cache version hashes the paths as
 * written, so save and restore must name the same relative path on every runner.
 */
const STAGING = '.mlgate-baseline';
/** The cache service takes a key and at most 9 restore keys per lookup. */
const KEYS_PER_LOOKUP = 10;
class CacheBaselineStore {
    logger;
    kind = 'cache';
    workspace;
    constructor(logger, env = process.env) {
        this.logger = logger;
        if (!cache/* isFeatureAvailable */.w3())
            throw new src/* ConfigurationError */.j1('The GitHub Actions cache is not available here (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL is not set): ' +
                'baseline-store: cache works in a GitHub Actions job. Outside one, give the baseline as a file.');
        this.workspace = external_node_path_default().resolve(env.GITHUB_WORKSPACE || process.cwd());
    }
    async save(slot, directory) {
        const key = cacheKey(slot);
        return this.inWorkspace(async (staging) => {
            if (slot.kind === 'commit') {
                const existing = await cache/* restoreCache */.P3([STAGING], key, [], { lookupOnly: true });
                if (existing)
                    return {
                        saved: false,
                        storedAs: key,
                        reason: 'a baseline of this commit is stored already (a cache entry cannot be overwritten)',
                    };
            }
            await (0,promises_.cp)(directory, staging, { recursive: true });
            const id = await cache/* saveCache */.Io([STAGING], key);
            // @actions/cache reports its own failures as warnings and answers -1.
            return id === -1
                ? {
                    saved: false,
                    storedAs: key,
                    reason: 'the cache service did not store it (see the warning above)',
                }
                : { saved: true, storedAs: key };
        });
    }
    async findCommit(workflow, name, commits, into) {
        let remaining = commits.map((commit) => ({
            commit,
            key: cacheKey({ kind: 'commit', workflow, name, commit }),
        }));
        while (remaining.length > 0) {
            const batch = remaining.slice(0, KEYS_PER_LOOKUP);
            const keys = batch.map((item) => item.key);
            const restored = await this.restore(keys[0], keys.slice(1), into);
            if (!restored) {
                remaining = remaining.slice(KEYS_PER_LOOKUP);
                continue;
            }
            const { matchedKey, baseline, problem } = restored;
            const expected = batch.find((item) => item.key === matchedKey);
            if (baseline &&
                expected &&
                baseline.manifest.commit === expected.commit &&
                keys_keyPart(baseline.manifest.name) === keys_keyPart(name))
                return baseline;
            this.logger.warning(`Skipped the cached baseline ${matchedKey}: ${problem ?? 'its manifest names another commit or name'}.`);
            remaining = remaining.filter((item) => item.key !== matchedKey);
        }
        return undefined;
    }
    async findPinned(content, pin, into) {
        const prefix = pinnedCachePrefix(content, pin);
        // No entry is named by the bare prefix: the restore key's prefix match answers with the newest blessing.
        const restored = await this.restore(prefix, [prefix], into);
        if (!restored)
            return undefined;
        const { matchedKey, baseline, problem } = restored;
        if (baseline && baseline.manifest.pin === pin && baseline.manifest.content === content)
            return baseline;
        this.logger.warning(`Skipped the cached baseline ${matchedKey}: ${problem ?? 'its manifest names another pin'}.`);
        return undefined;
    }
    /** Restores the first match of the keys and moves it out of the workspace into a directory of its own. */
    async restore(key, restoreKeys, into) {
        return this.inWorkspace(async (staging) => {
            const matchedKey = await cache/* restoreCache */.P3([STAGING], key, restoreKeys);
            if (!matchedKey)
                return undefined;
            const directory = external_node_path_default().join(into, `cache-${(await (0,promises_.readdir)(into).catch(() => [])).length + 1}`);
            await (0,promises_.mkdir)(directory, { recursive: true });
            await (0,promises_.cp)(staging, directory, { recursive: true });
            return { matchedKey, ...(await readBaselineDirectory(directory, `cache entry ${matchedKey}`)) };
        });
    }
    /**
     * Runs `work` with the workspace as the working directory (the cache resolves the staging path from there)
     * and a clean staging directory, removed afterwards.
     */
    async inWorkspace(work) {
        const staging = external_node_path_default().join(this.workspace, STAGING);
        const previous = process.cwd();
        await (0,promises_.rm)(staging, { recursive: true, force: true });
        if (previous !== this.workspace)
            process.chdir(this.workspace);
        try {
            return await work(staging);
        }
        finally {
            if (previous !== this.workspace)
                process.chdir(previous);
            await (0,promises_.rm)(staging, { recursive: true, force: true });
        }
    }
}

// EXTERNAL MODULE: ./node_modules/@actions/artifact/lib/artifact.js + 27 modules
var lib_artifact = __webpack_require__(60683);
;// CONCATENATED MODULE: ./packages/github/src/artifact.ts
/**
 * Uploads files as a workflow artifact through @actions/artifact (Twirp to ACTIONS_RESULTS_URL, blob via a signed
 * URL). A subpath export (`@mlgate/github/artifact`), not part of the package index: @actions/artifact and the
 * Azure SDK add ~4 MB to a bundle, so only actions that upload artifacts should import it.
 */

async function uploadArtifact(options) {
    const { name, files, rootDirectory, retentionDays, logger } = options;
    if (!process.env.ACTIONS_RUNTIME_TOKEN || !process.env.ACTIONS_RESULTS_URL)
        throw new Error(`Cannot upload artifact "${name}": ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set. ` +
            'Artifacts can only be uploaded from a step of a GitHub Actions job.');
    const client = new lib_artifact/* DefaultArtifactClient */.t9();
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
        const name = artifactName(slot);
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
            const artifactsOfCommit = (await this.list(artifactName({ kind: 'commit', workflow, name, commit }))).filter((artifact) => !artifact.workflow_run?.head_sha || artifact.workflow_run.head_sha === commit);
            for (const artifact of artifactsOfCommit) {
                const baseline = await this.download(artifact, into);
                // Artifact names carry no workflow: another workflow's baseline of the same name is not this one's.
                if (baseline &&
                    baseline.manifest.commit === commit &&
                    keys_keyPart(baseline.manifest.workflow) === keys_keyPart(workflow))
                    return baseline;
                if (baseline)
                    this.options.logger.info(`Skipped artifact ${artifact.name} (id ${artifact.id}): saved by workflow ${baseline.manifest.workflow}, not ${workflow}.`);
            }
        }
        return undefined;
    }
    async findPinned(content, pin, into) {
        for (const artifact of await this.list(artifactName({ kind: 'pinned', content, pin }))) {
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
        await new lib_artifact/* DefaultArtifactClient */.t9().downloadArtifact(artifact.id, {
            path: directory,
            findBy: { token, workflowRunId: runId, repositoryOwner: owner, repositoryName: repo },
        });
        const { baseline, problem } = await readBaselineDirectory(directory, `artifact ${artifact.name} (id ${artifact.id})`);
        if (problem)
            logger.warning(`Skipped ${problem}.`);
        return baseline;
    }
}

;// CONCATENATED MODULE: ./packages/github/src/baseline/save.ts
/** Whether this run saves its result as a baseline, and saving it (per commit, and blessed under a pin). */



/** save-baseline: auto saves on a push to the default branch or to one of baseline-branches. */
function save_decideSave(mode, event, branches) {
    if (mode === 'false')
        return { save: false, reason: 'save-baseline is false' };
    if (!event.commit)
        return { save: false, reason: 'GITHUB_SHA is not set' };
    if (mode === 'true')
        return { save: true, reason: 'save-baseline is true' };
    if (event.name !== 'push' || !event.branch)
        return { save: false, reason: `a ${event.name || 'local'} run is not a push to a branch` };
    if (event.branch === event.defaultBranch)
        return { save: true, reason: `a push to the default branch ${event.branch}` };
    if (branches.includes(event.branch))
        return { save: true, reason: `a push to ${event.branch}, one of baseline-branches` };
    return {
        save: false,
        reason: `${event.branch} is neither the default branch${event.defaultBranch ? ` (${event.defaultBranch})` : ''} nor one of baseline-branches`,
    };
}
async function save_saveBaseline(options) {
    const { store, slot, content, name, workflow, event, logger } = options;
    const env = options.env ?? process.env;
    const manifest = {
        kind: BASELINE_MANIFEST_KIND,
        schemaVersion: '1.0',
        content,
        name,
        ...(slot.kind === 'pinned' ? { pin: slot.pin } : {}),
        commit: event.commit ?? 'unknown',
        ...(event.branch ? { branch: event.branch } : {}),
        createdAt: new Date().toISOString(),
        workflow,
        ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}),
        ...(env.GITHUB_RUN_ID ? { runId: env.GITHUB_RUN_ID } : {}),
        mlgateVersion: src/* MLGATE_VERSION */.C_,
    };
    const directory = await staging_baselineTempDir('save');
    await writeBaselineFiles(directory, manifest, options.report, options.profile);
    const result = await store.save(slot, directory);
    const what = slot.kind === 'pinned' ? `blessed baseline "${slot.pin}"` : `baseline of ${manifest.commit.slice(0, 12)}`;
    if (result.saved)
        logger.info(`Saved the ${what} to the ${store.kind} store as ${result.storedAs}.`);
    else
        logger.info(`The ${what} was not saved (${result.storedAs}): ${result.reason}.`);
    return result;
}

// EXTERNAL MODULE: ./packages/github/src/octokit.ts + 1 modules
var octokit = __webpack_require__(41819);
;// CONCATENATED MODULE: ./packages/github/src/baseline/run.ts
/**
 * The baseline steps of eval-gate and validate-data: before the run, read the baseline the inputs ask for from
 * the store; after it, save this run's result when it is a baseline (and bless it when asked).
 */










function createBaselineStore(options) {
    const { kind, logger, token, event } = options;
    if (kind === 'cache')
        return new CacheBaselineStore(logger);
    if (!token)
        throw new src/* ConfigurationError */.j1('Input "github-token" is required for baseline-store: artifact (finding artifacts of other runs).');
    if (!event.owner || !event.repo)
        throw new src/* ConfigurationError */.j1('GITHUB_REPOSITORY is not set: cannot find baseline artifacts.');
    return new ArtifactBaselineStore({
        logger,
        token,
        octokit: options.octokit ?? (0,octokit/* createOctokit */.Q)({ token, logger }),
        owner: event.owner,
        repo: event.repo,
    });
}
/**
 * Reads the baseline that `baseline: auto | pinned:<name>` (or `reference-profile: …`) asks for; undefined
 * when the input is a file path or empty. When the store cannot be read, warns and answers "not found": the
 * gates that need a baseline are then inconclusive, never passed.
 */
async function resolveRunBaseline(inputs, logger, env = process.env) {
    const { request } = inputs;
    if (!request)
        return undefined;
    if (request.mode === 'auto' && !inputs.token)
        throw new ConfigurationError(`Input "github-token" is required for ${inputs.requestInput}: auto (finding the merge base and earlier commits).`);
    const event = readRunEvent(env);
    const octokit = inputs.token ? createOctokit({ token: inputs.token, logger }) : undefined;
    const store = createBaselineStore({ kind: inputs.store, logger, token: inputs.token, event, octokit });
    const into = await baselineTempDir('restore');
    return logger.group(`Baseline (${inputs.requestInput}: ${request.mode === 'auto' ? 'auto' : `pinned:${request.pin}`})`, async () => {
        try {
            return await resolveBaseline({
                request,
                store,
                content: inputs.content,
                workflow: workflowId(env),
                name: inputs.name,
                event,
                octokit,
                maxAgeMs: inputs.maxAgeMs,
                into,
                logger,
            });
        }
        catch (error) {
            if (error instanceof ConfigurationError)
                throw error;
            await rm(into, { recursive: true, force: true });
            const message = `Could not read the ${inputs.store} baseline store: ${error.message}. Continuing without a baseline: gates that need one are inconclusive.`;
            logger.warning(message);
            return {
                resolution: {
                    request: request.mode === 'auto' ? 'auto' : `pinned:${request.pin}`,
                    store: inputs.store,
                    name: request.mode === 'auto' ? inputs.name : request.pin,
                    found: false,
                    message,
                },
            };
        }
    });
}
/**
 * Saves this run's result as the baseline of its commit when save-baseline says so, and as a blessed
 * baseline when bless is set. A failed automatic save is a warning (the gate's verdict stands); a failed
 * blessing fails the step, since someone asked for it on this run.
 */
async function saveRunBaseline(inputs, contents, logger, env = process.env) {
    const event = readRunEvent(env);
    const decision = decideSave(inputs.save, event, inputs.branches);
    if (!decision.save && !inputs.bless) {
        logger.info(`Baseline not saved: ${decision.reason}.`);
        return;
    }
    const workflow = workflowId(env);
    const common = { content: inputs.content, name: inputs.name, workflow, event, ...contents, logger, env };
    await logger.group('Saving the baseline', async () => {
        let store;
        try {
            store = createBaselineStore({ kind: inputs.store, logger, token: inputs.token, event });
        }
        catch (error) {
            if (inputs.bless)
                throw error;
            logger.warning(`The baseline was not saved: ${error.message}`);
            return;
        }
        if (decision.save) {
            logger.info(`Saving the baseline "${inputs.name}": ${decision.reason}.`);
            try {
                await saveBaseline({
                    ...common,
                    store,
                    slot: { kind: 'commit', workflow, name: inputs.name, commit: event.commit },
                });
            }
            catch (error) {
                logger.warning(`The baseline of ${event.commit?.slice(0, 12)} was not saved: ${error.message}`);
            }
        }
        if (inputs.bless) {
            const result = await saveBaseline({
                ...common,
                store,
                slot: { kind: 'pinned', content: inputs.content, pin: inputs.bless },
            });
            if (!result.saved)
                throw new Error(`Blessing "${inputs.bless}" failed: ${result.reason}`);
        }
    });
}
/** Records the resolution in the eval report and names the baseline by commit and age instead of a temporary path. */
function recordEvalBaseline(report, resolved) {
    report.baselineResolution = resolved.resolution;
    if (report.baseline && resolved.source)
        report.baseline.source = resolved.source;
}
/** The same for the data report: the reference is the stored profile, named by commit and age. */
function recordDataBaseline(report, resolved) {
    report.baselineResolution = resolved.resolution;
    if (report.reference && resolved.source)
        report.reference = resolved.source;
}

;// CONCATENATED MODULE: ./packages/github/src/baseline/index.ts
/**
 * The baseline store (`@mlgate/github/baseline`): eval reports and data profiles saved per commit of the base
 * branch (or blessed under a pin) in the Actions cache or as artifacts, and found again for pull requests.
 * A subpath export: @actions/cache and @actions/artifact add ~4 MB, only eval-gate and validate-data need them.
 */












/***/ })

};
