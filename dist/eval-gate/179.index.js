export const id = 179;
export const ids = [179];
export const modules = {

/***/ 11179:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CacheBaselineStore: () => (/* binding */ CacheBaselineStore)
/* harmony export */ });
/* harmony import */ var _actions_cache__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74151);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _mlgate_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(52144);
/* harmony import */ var _keys_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(17489);
/* harmony import */ var _staging_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(27980);
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
        if (!_actions_cache__WEBPACK_IMPORTED_MODULE_0__/* .isFeatureAvailable */ .w3())
            throw new _mlgate_core__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1('The GitHub Actions cache is not available here (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL is not set): ' +
                'baseline-store: cache works in a GitHub Actions job. Outside one, give the baseline as a file.');
        this.workspace = node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(env.GITHUB_WORKSPACE || process.cwd());
    }
    async save(slot, directory) {
        const key = (0,_keys_js__WEBPACK_IMPORTED_MODULE_4__/* .cacheKey */ .k$)(slot);
        return this.inWorkspace(async (staging) => {
            if (slot.kind === 'commit') {
                const existing = await _actions_cache__WEBPACK_IMPORTED_MODULE_0__/* .restoreCache */ .P3([STAGING], key, [], { lookupOnly: true });
                if (existing)
                    return {
                        saved: false,
                        storedAs: key,
                        reason: 'a baseline of this commit is stored already (a cache entry cannot be overwritten)',
                    };
            }
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.cp)(directory, staging, { recursive: true });
            const id = await _actions_cache__WEBPACK_IMPORTED_MODULE_0__/* .saveCache */ .Io([STAGING], key);
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
            key: (0,_keys_js__WEBPACK_IMPORTED_MODULE_4__/* .cacheKey */ .k$)({ kind: 'commit', workflow, name, commit }),
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
                (0,_keys_js__WEBPACK_IMPORTED_MODULE_4__/* .keyPart */ .Vs)(baseline.manifest.name) === (0,_keys_js__WEBPACK_IMPORTED_MODULE_4__/* .keyPart */ .Vs)(name))
                return baseline;
            this.logger.warning(`Skipped the cached baseline ${matchedKey}: ${problem ?? 'its manifest names another commit or name'}.`);
            remaining = remaining.filter((item) => item.key !== matchedKey);
        }
        return undefined;
    }
    async findPinned(content, pin, into) {
        const prefix = (0,_keys_js__WEBPACK_IMPORTED_MODULE_4__/* .pinnedCachePrefix */ .fq)(content, pin);
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
            const matchedKey = await _actions_cache__WEBPACK_IMPORTED_MODULE_0__/* .restoreCache */ .P3([STAGING], key, restoreKeys);
            if (!matchedKey)
                return undefined;
            const directory = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(into, `cache-${(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(into).catch(() => [])).length + 1}`);
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(directory, { recursive: true });
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.cp)(staging, directory, { recursive: true });
            return { matchedKey, ...(await (0,_staging_js__WEBPACK_IMPORTED_MODULE_5__/* .readBaselineDirectory */ .Dz)(directory, `cache entry ${matchedKey}`)) };
        });
    }
    /**
     * Runs `work` with the workspace as the working directory (the cache resolves the staging path from there)
     * and a clean staging directory, removed afterwards.
     */
    async inWorkspace(work) {
        const staging = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(this.workspace, STAGING);
        const previous = process.cwd();
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(staging, { recursive: true, force: true });
        if (previous !== this.workspace)
            process.chdir(this.workspace);
        try {
            return await work(staging);
        }
        finally {
            if (previous !== this.workspace)
                process.chdir(previous);
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(staging, { recursive: true, force: true });
        }
    }
}


/***/ })

};
