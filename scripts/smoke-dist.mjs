// Runs every committed bundle once. ncc can exit 0 with a broken bundle (a missing module only fails at
// run time), so each action must start, print its version and fail cleanly on missing required inputs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

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

// A scan-thread bundle (started by validate-data as worker threads) must load and, run on its own, refuse.
for (const name of readdirSync(path.join(root, 'dist'))) {
  const bundle = path.join(root, 'dist', name, 'scan-thread', 'index.js');
  if (!existsSync(bundle)) continue;
  const result = spawnSync(process.execPath, [bundle], { cwd: work, encoding: 'utf8', timeout: 30000 });
  if (result.status === 2 && /entry of validate-data scan threads/.test(result.stderr))
    console.log(`dist/${name}/scan-thread: ok`);
  else failures.push(`dist/${name}/scan-thread: exit ${result.status}\n${result.stdout}${result.stderr}`);
}

if (failures.length > 0) {
  console.error(failures.join('\n\n'));
  process.exit(1);
}
