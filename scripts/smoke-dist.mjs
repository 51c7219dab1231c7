// Runs every committed bundle once. ncc can exit 0 with a broken bundle (a missing module only fails at
// run time), so each action must start, print its version and fail cleanly on missing required inputs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const work = mkdtempSync(path.join(tmpdir(), 'mlgate-smoke-'));
const failures = [];

for (const name of readdirSync(path.join(root, 'dist'))) {
  const bundle = path.join(root, 'dist', name, 'index.js');
  if (!existsSync(bundle)) continue;
  const env = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: path.join(work, `${name}.out`),
    GITHUB_STEP_SUMMARY: path.join(work, `${name}.md`),
  };
  writeFileSync(env.GITHUB_OUTPUT, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY, '');
  const args = name === 'cli' ? [bundle, '--version'] : [bundle];
  const result = spawnSync(process.execPath, args, { cwd: work, env, encoding: 'utf8', timeout: 30000 });
  const output = `${result.stdout}${result.stderr}`;
  const broken = /webpackMissingModule|Cannot find module|ERR_REQUIRE_ESM|SyntaxError|ReferenceError/.test(
    output,
  );
  // The CLI must succeed; an action without inputs must fail with a clean "::error::" line, not a crash.
  const ok =
    name === 'cli'
      ? result.status === 0 && /\d+\.\d+\.\d+/.test(output)
      : result.status === 1 && /::error::/.test(output);
  if (broken || !ok) failures.push(`dist/${name}: exit ${result.status}\n${output}`);
  else console.log(`dist/${name}: ok (${output.trim().split('\n')[0]})`);
}

// A thread's bundle (validate-data's scan threads, eval-gate's resample thread) must load and, run alone, refuse.
const threads = [
  ['scan-thread', /entry of validate-data scan threads/],
  ['resample-thread', /entry of eval-gate resample threads/],
];
for (const name of readdirSync(path.join(root, 'dist')))
  for (const [folder, refusal] of threads) {
    const bundle = path.join(root, 'dist', name, folder, 'index.js');
    if (!existsSync(bundle)) continue;
    const result = spawnSync(process.execPath, [bundle], { cwd: work, encoding: 'utf8', timeout: 30000 });
    if (result.status === 2 && refusal.test(result.stderr)) console.log(`dist/${name}/${folder}: ok`);
    else failures.push(`dist/${name}/${folder}: exit ${result.status}\n${result.stdout}${result.stderr}`);
  }

// Dynamic import()s (the baseline stores, shard artifacts, octokit) become chunk files <id>.index.js beside a
// bundle's index.js, loaded only when a step needs them: every chunk a file asks for must be there, none may be
// left over from another build, and each must load.
for (const name of readdirSync(path.join(root, 'dist'))) {
  const dir = path.join(root, 'dist', name);
  if (!existsSync(path.join(dir, 'index.js'))) continue;
  const files = readdirSync(dir).filter((file) => file.endsWith('.js'));
  const chunks = files.filter((file) => /^\d+\.index\.js$/.test(file));
  const wanted = new Set();
  for (const file of files)
    for (const [, id] of readFileSync(path.join(dir, file), 'utf8').matchAll(
      /_require__\.e\((?:\/\*[^*]*\*\/ )?(\d+)\)/g,
    ))
      wanted.add(`${id}.index.js`);
  const missing = [...wanted].filter((chunk) => !chunks.includes(chunk));
  const stale = chunks.filter((chunk) => !wanted.has(chunk));
  if (missing.length) failures.push(`dist/${name}: chunks missing: ${missing.join(', ')}`);
  if (stale.length) failures.push(`dist/${name}: chunks no file asks for (stale?): ${stale.join(', ')}`);
  const load = chunks.map(
    (chunk) => `await import(${JSON.stringify(pathToFileURL(path.join(dir, chunk)).href)});`,
  );
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', load.join('\n')], {
    cwd: work,
    encoding: 'utf8',
    timeout: 30000,
  });
  if (result.status !== 0) failures.push(`dist/${name}: a chunk does not load\n${result.stderr}`);
  else if (chunks.length) console.log(`dist/${name}: ${chunks.length} chunks ok (${chunks.join(', ')})`);
}

if (failures.length > 0) {
  console.error(failures.join('\n\n'));
  process.exit(1);
}
