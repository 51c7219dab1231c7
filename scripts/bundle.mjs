// Bundles every action (the five in actions/, the one-step root action and the CLI) with ncc into dist/<name>/.
// With --check, bundles into a temporary folder and fails when the committed dist/ differs from a fresh build.
// With --out DIR, writes the bundles there instead (a build kept apart from the committed one, e.g. for
// MLGATE_DIST_DIR in tests while dist/ is being rebuilt elsewhere).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
const check = process.argv.includes('--check');
const outFlag = process.argv.indexOf('--out');
const outDir = outFlag >= 0 ? path.resolve(process.argv[outFlag + 1]) : undefined;
// --only cli,eval-gate: just these bundles (with --out, for a quick private build).
const onlyFlag = process.argv.indexOf('--only');
const only = onlyFlag >= 0 ? process.argv[onlyFlag + 1].split(',') : undefined;

/** name → entry: every folder of actions/ with an action.yml, plus the mlgate CLI. */
const targets = readdirSync(path.join(root, 'actions'))
  .filter((name) => existsSync(path.join(root, 'actions', name, 'action.yml')))
  .map((name) => ({ name, entry: `actions/${name}/src/index.ts` }));
// The root action.yml (`uses: OWNER/mlgate@v1`, what the Marketplace lists) runs actions/mlgate.
targets.push({ name: 'mlgate', entry: 'actions/mlgate/src/index.ts' });
targets.push({ name: 'cli', entry: 'packages/cli/src/index.ts' });

const outRoot = check
  ? mkdtempSync(path.join(tmpdir(), 'mlgate-dist-'))
  : (outDir ?? path.join(root, 'dist'));
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

for (const { name, entry } of targets.filter((target) => !only || only.includes(target.name))) {
  const out = path.join(outRoot, name);
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [ncc, 'build', entry, '-o', out, '--license', 'licenses.txt', '--quiet', '--no-source-map-register'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  console.log(`bundled ${entry} → ${path.relative(root, out) || out}`);
}

/** Bundles a thread's entry into dist/<first of names>/<folder> and copies it next to the other bundles named. */
function bundleThread(entry, folder, names) {
  const first = path.join(outRoot, names[0], folder);
  execFileSync(
    process.execPath,
    [ncc, 'build', entry, '-o', first, '--license', 'licenses.txt', '--quiet', '--no-source-map-register'],
    { cwd: root, stdio: 'inherit' },
  );
  for (const name of names.slice(1)) cpSync(first, path.join(outRoot, name, folder), { recursive: true });
  console.log(`bundled ${entry} → dist/{${names.join(',')}}/${folder}`);
}

// Bundles that validate data start their scan threads from a small bundle of the data engine beside them.
bundleThread('packages/data/src/scan-thread.ts', 'scan-thread', ['validate-data', 'mlgate', 'cli']);
// Bundles that run eval-gate share large bootstraps with a resample thread started from a small bundle beside them.
bundleThread('packages/eval/src/resample-thread.ts', 'resample-thread', ['eval-gate', 'mlgate', 'cli']);

if (check) {
  const listFiles = (dir) =>
    existsSync(dir)
      ? readdirSync(dir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)))
          .sort()
      : [];
  const committed = path.join(root, 'dist');
  const expected = listFiles(outRoot);
  const actual = listFiles(committed);
  const problems = [];
  for (const file of new Set([...expected, ...actual])) {
    const a = path.join(committed, file);
    const b = path.join(outRoot, file);
    if (!existsSync(a)) problems.push(`missing from dist/: ${file}`);
    else if (!existsSync(b)) problems.push(`not produced by a fresh build (stale): dist/${file}`);
    else if (!readFileSync(a).equals(readFileSync(b)))
      problems.push(`differs from a fresh build: dist/${file}`);
  }
  rmSync(outRoot, { recursive: true, force: true });
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error('dist/ is out of date: run `npm run bundle` and commit dist/.');
    process.exit(1);
  }
  console.log(`dist/ matches a fresh build (${expected.length} files).`);
}
