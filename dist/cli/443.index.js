export const id = 443;
export const ids = [443];
export const modules = {

/***/ 97443:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  BASELINE_STORES: () => (/* reexport */ types/* BASELINE_STORES */.FQ),
  createBaselineStore: () => (/* reexport */ createBaselineStore),
  defaultBaselineName: () => (/* reexport */ keys/* defaultBaselineName */.mF),
  keyPart: () => (/* reexport */ keys/* keyPart */.Vs),
  readRunEvent: () => (/* reexport */ event_readRunEvent),
  saveBaseline: () => (/* reexport */ save_saveBaseline),
  workflowId: () => (/* reexport */ keys/* workflowId */.l_)
});

// UNUSED EXPORTS: baselineService

// EXTERNAL MODULE: ./packages/github/src/baseline/types.ts
var types = __webpack_require__(46548);
// EXTERNAL MODULE: ./packages/github/src/baseline/keys.ts
var keys = __webpack_require__(17489);
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

// EXTERNAL MODULE: ./packages/core/src/index.ts + 13 modules
var src = __webpack_require__(16343);
// EXTERNAL MODULE: ./packages/github/src/baseline/staging.ts
var staging = __webpack_require__(27980);
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
        kind: types/* BASELINE_MANIFEST_KIND */.lA,
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
    const directory = await (0,staging/* baselineTempDir */.Z3)('save');
    await (0,staging/* writeBaselineFiles */.kE)(directory, manifest, options.report, options.profile);
    const result = await store.save(slot, directory);
    const what = slot.kind === 'pinned' ? `blessed baseline "${slot.pin}"` : `baseline of ${manifest.commit.slice(0, 12)}`;
    if (result.saved)
        logger.info(`Saved the ${what} to the ${store.kind} store as ${result.storedAs}.`);
    else
        logger.info(`The ${what} was not saved (${result.storedAs}): ${result.reason}.`);
    return result;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./packages/github/src/baseline/inputs.ts
/**
 * The baseline inputs eval-gate and validate-data share: which stored baseline to read (`auto`,
 * `pinned:<name>`), where baselines are stored, under which name, and when to save or bless one.
 */



const DEFAULT_MAX_AGE = '14d';
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
function inputs_parseBaselineInputs(input, requestInput, content, env = process.env) {
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
        // A number alone is days (documented in the input's description).
        maxAgeMs: parseDuration('Input "baseline-max-age"', maxAge, {
            bareUnit: 'd',
            positive: true,
            examples: '14d, 36h or 2w',
        }),
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

;// CONCATENATED MODULE: ./packages/github/src/baseline/run.ts
/**
 * The baseline steps of eval-gate and validate-data: before the run, read the baseline the inputs ask for from
 * the store; after it, save this run's result when it is a baseline (and bless it when asked).
 */








/** Octokit (@actions/github and its plugins), loaded only when a stored baseline is read or saved. */
async function loadOctokit(options) {
    const { createOctokit } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 41819));
    return createOctokit(options);
}
/**
 * The store, its module loaded only now: @actions/cache and @actions/artifact (with the Azure SDK) take most of an
 * action's start-up, and a step that reads no stored baseline never needs them.
 */
async function createBaselineStore(options) {
    const { kind, logger, token, event } = options;
    if (kind === 'cache') {
        const { CacheBaselineStore } = await Promise.all(/* import() */[__webpack_require__.e(143), __webpack_require__.e(523), __webpack_require__.e(151), __webpack_require__.e(179)]).then(__webpack_require__.bind(__webpack_require__, 11179));
        return new CacheBaselineStore(logger);
    }
    if (!token)
        throw new src/* ConfigurationError */.j1('Input "github-token" is required for baseline-store: artifact (finding artifacts of other runs).');
    if (!event.owner || !event.repo)
        throw new src/* ConfigurationError */.j1('GITHUB_REPOSITORY is not set: cannot find baseline artifacts.');
    const { ArtifactBaselineStore } = await Promise.all(/* import() */[__webpack_require__.e(143), __webpack_require__.e(523), __webpack_require__.e(683), __webpack_require__.e(276)]).then(__webpack_require__.bind(__webpack_require__, 58276));
    return new ArtifactBaselineStore({
        logger,
        token,
        octokit: options.octokit ?? (await loadOctokit({ token, logger })),
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
    const octokit = inputs.token ? await loadOctokit({ token: inputs.token, logger }) : undefined;
    const store = await createBaselineStore({
        kind: inputs.store,
        logger,
        token: inputs.token,
        event,
        octokit,
    });
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
            store = await createBaselineStore({ kind: inputs.store, logger, token: inputs.token, event });
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
/**
 * The baseline store as a step uses it, from the step's inputs: `baseline` (eval-gate) or `reference-profile`
 * (validate-data) asks for a stored one (auto, pinned:<name>); baseline-store, baseline-name, save-baseline and
 * bless say where and when to save (docs/baselines.md).
 */
function baselineService(input, requestInput, content, logger) {
    const inputs = parseBaselineInputs(input, requestInput, content);
    return {
        requested: inputs.request !== undefined,
        resolve: () => resolveRunBaseline(inputs, logger),
        save: (contents) => saveRunBaseline(inputs, contents, logger),
    };
}

;// CONCATENATED MODULE: ./packages/github/src/baseline/index.ts
/**
 * The baseline store (`@mlgate/github/baseline`): eval reports and data profiles saved per commit of the base
 * branch (or blessed under a pin) in the Actions cache or as artifacts, and found again for pull requests.
 * A subpath export; the stores (cache-store, artifact-store: @actions/cache and @actions/artifact, ~4 MB) are
 * loaded by createBaselineStore only when a step reads or saves a stored baseline.
 */







/***/ }),

/***/ 17489:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cs: () => (/* binding */ artifactName),
/* harmony export */   Vs: () => (/* binding */ keyPart),
/* harmony export */   fq: () => (/* binding */ pinnedCachePrefix),
/* harmony export */   k$: () => (/* binding */ cacheKey),
/* harmony export */   l_: () => (/* binding */ workflowId),
/* harmony export */   mF: () => (/* binding */ defaultBaselineName)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
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
function keyPart(text) {
    const safe = text
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[-.]+|-+$/g, '')
        .slice(0, MAX_PART);
    return safe || 'default';
}
function cacheKey(slot, savedAt = new Date()) {
    if (slot.kind === 'commit')
        return `${CACHE_PREFIX}-${keyPart(slot.workflow)}-${keyPart(slot.name)}-${slot.commit}`;
    return `${pinnedCachePrefix(slot.content, slot.pin)}${savedAt.getTime()}`;
}
/** Every blessing of a pin starts with this; the cache service answers a prefix with its newest entry. */
function pinnedCachePrefix(content, pin) {
    return `${CACHE_PREFIX}-pinned-${content}-${keyPart(pin)}@`;
}
function artifactName(slot) {
    if (slot.kind === 'commit')
        return `${ARTIFACT_PREFIX}-${keyPart(slot.name)}-${slot.commit}`;
    return `${ARTIFACT_PREFIX}-pinned-${slot.content}-${keyPart(slot.pin)}`;
}
/**
 * The workflow part of a key: the workflow file's name from GITHUB_WORKFLOW_REF
 * (`acme/app/.github/workflows/ci.yml@refs/heads/main` → `ci.yml`), the same on pushes and pull requests;
 * else the workflow's display name.
 */
function workflowId(env = process.env) {
    const ref = env.GITHUB_WORKFLOW_REF;
    if (ref) {
        const file = ref.split('@')[0];
        if (file)
            return keyPart(node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.basename(file));
    }
    return keyPart(env.GITHUB_WORKFLOW || 'local');
}
/** The default baseline-name: the job id and what is stored, e.g. `evaluate-eval`, `validate-data`. */
function defaultBaselineName(content, env = process.env) {
    return env.GITHUB_JOB ? keyPart(`${env.GITHUB_JOB}-${content}`) : content;
}


/***/ }),

/***/ 27980:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dz: () => (/* binding */ readBaselineDirectory),
/* harmony export */   Z3: () => (/* binding */ baselineTempDir),
/* harmony export */   kE: () => (/* binding */ writeBaselineFiles)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _mlgate_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(16343);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(46548);
/** A baseline on disk: the directory a store uploads and restores, with manifest.json, report.json and profile.json. */





/** A fresh directory for a baseline, under RUNNER_TEMP on a runner (cleaned after the job). */
async function baselineTempDir(label) {
    const root = process.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)();
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(root, { recursive: true });
    return (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(root, `mlgate-baseline-${label}-`));
}
/**
 * Writes the manifest, the report and (for data) the profile into `directory`; returns the file paths. An eval
 * report is stored as report.json.gz: its case table compressed, case texts cut to what a comment shows.
 */
async function writeBaselineFiles(directory, manifest, report, profile) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(directory, { recursive: true });
    const files = [
        [_types_js__WEBPACK_IMPORTED_MODULE_4__/* .BASELINE_MANIFEST_FILE */ .vX, manifest],
        ...(manifest.content === 'eval' ? [] : [[_types_js__WEBPACK_IMPORTED_MODULE_4__/* .BASELINE_REPORT_FILE */ .wb, report]]),
        ...(profile === undefined ? [] : [[_types_js__WEBPACK_IMPORTED_MODULE_4__/* .BASELINE_PROFILE_FILE */ .xR, profile]]),
    ];
    for (const [name, value] of files)
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(directory, name), `${JSON.stringify(value, null, 2)}\n`);
    if (manifest.content !== 'eval')
        return files.map(([name]) => node_path__WEBPACK_IMPORTED_MODULE_2___default().join(directory, name));
    const stored = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(directory, _types_js__WEBPACK_IMPORTED_MODULE_4__/* .BASELINE_EVAL_REPORT_FILE */ .De);
    await (0,_mlgate_core__WEBPACK_IMPORTED_MODULE_3__/* .writeReportFile */ .aS)(stored, (0,_mlgate_core__WEBPACK_IMPORTED_MODULE_3__/* .baselineCopy */ .vu)(report), 'baseline', { gzip: true });
    return [
        node_path__WEBPACK_IMPORTED_MODULE_2___default().join(directory, _types_js__WEBPACK_IMPORTED_MODULE_4__/* .BASELINE_MANIFEST_FILE */ .vX),
        stored,
        ...files.slice(1).map(([name]) => node_path__WEBPACK_IMPORTED_MODULE_2___default().join(directory, name)),
    ];
}
/**
 * Reads a restored baseline directory; undefined (and why) when it has no valid manifest or no report, which
 * a store treats like a missing baseline rather than comparing with something unknown.
 */
async function readBaselineDirectory(directory, storedAs) {
    let manifest;
    try {
        manifest = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(directory, _types_js__WEBPACK_IMPORTED_MODULE_4__/* .BASELINE_MANIFEST_FILE */ .vX), 'utf8'));
    }
    catch (error) {
        return { problem: `${storedAs} has no readable ${_types_js__WEBPACK_IMPORTED_MODULE_4__/* .BASELINE_MANIFEST_FILE */ .vX} (${error.message})` };
    }
    if (manifest?.kind !== _types_js__WEBPACK_IMPORTED_MODULE_4__/* .BASELINE_MANIFEST_KIND */ .lA ||
        typeof manifest.commit !== 'string' ||
        typeof manifest.createdAt !== 'string' ||
        Number.isNaN(Date.parse(manifest.createdAt)))
        return { problem: `${storedAs}: ${_types_js__WEBPACK_IMPORTED_MODULE_4__/* .BASELINE_MANIFEST_FILE */ .vX} is not an mlgate baseline manifest` };
    const profile = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(directory, _types_js__WEBPACK_IMPORTED_MODULE_4__/* .BASELINE_PROFILE_FILE */ .xR);
    const exists = (file) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.access)(file).then(() => true, () => false);
    // Eval baselines saved before eval report 1.3 hold report.json.
    const compressed = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(directory, _types_js__WEBPACK_IMPORTED_MODULE_4__/* .BASELINE_EVAL_REPORT_FILE */ .De);
    const report = manifest.content === 'eval' && (await exists(compressed))
        ? compressed
        : node_path__WEBPACK_IMPORTED_MODULE_2___default().join(directory, _types_js__WEBPACK_IMPORTED_MODULE_4__/* .BASELINE_REPORT_FILE */ .wb);
    if (!(await exists(report)))
        return { problem: `${storedAs} holds no ${_types_js__WEBPACK_IMPORTED_MODULE_4__/* .BASELINE_REPORT_FILE */ .wb}` };
    if (manifest.content === 'data' && !(await exists(profile)))
        return { problem: `${storedAs} holds no ${_types_js__WEBPACK_IMPORTED_MODULE_4__/* .BASELINE_PROFILE_FILE */ .xR}` };
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


/***/ }),

/***/ 46548:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   De: () => (/* binding */ BASELINE_EVAL_REPORT_FILE),
/* harmony export */   FQ: () => (/* binding */ BASELINE_STORES),
/* harmony export */   lA: () => (/* binding */ BASELINE_MANIFEST_KIND),
/* harmony export */   vX: () => (/* binding */ BASELINE_MANIFEST_FILE),
/* harmony export */   wb: () => (/* binding */ BASELINE_REPORT_FILE),
/* harmony export */   xR: () => (/* binding */ BASELINE_PROFILE_FILE)
/* harmony export */ });
/** The baseline store's vocabulary: what a stored baseline holds and the interface both backends implement. */
const BASELINE_STORES = ['cache', 'artifact'];
const BASELINE_MANIFEST_KIND = 'mlgate/baseline-manifest';
const BASELINE_MANIFEST_FILE = 'manifest.json';
const BASELINE_REPORT_FILE = 'report.json';
/** An eval baseline's report (1.3 on): compressed, its case texts cut to what a comment shows (baselineCopy). */
const BASELINE_EVAL_REPORT_FILE = 'report.json.gz';
const BASELINE_PROFILE_FILE = 'profile.json';


/***/ })

};
