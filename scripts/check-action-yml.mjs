// Every action.yml runs on the same Node runtime and points at its committed bundle.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const RUNTIME = 'node24';
const problems = [];

for (const name of readdirSync(path.join(root, 'actions'))) {
  const file = path.join(root, 'actions', name, 'action.yml');
  if (!existsSync(file)) continue;
  const action = parse(readFileSync(file, 'utf8'));
  if (action.runs?.using !== RUNTIME)
    problems.push(`actions/${name}/action.yml: runs.using must be ${RUNTIME}`);
  for (const key of ['main', 'post']) {
    const entry = action.runs?.[key];
    if (!entry) continue;
    if (entry !== `../../dist/${name}/index.js`)
      problems.push(`actions/${name}/action.yml: runs.${key} must be ../../dist/${name}/index.js`);
    if (!existsSync(path.join(root, 'actions', name, entry)))
      problems.push(`actions/${name}/action.yml: runs.${key} ${entry} does not exist`);
  }
  for (const [input, spec] of Object.entries(action.inputs ?? {})) {
    if (!/^[a-z][a-z0-9-]*$/.test(input))
      problems.push(`actions/${name}/action.yml: input ${input} is not kebab-case`);
    if (!spec.description) problems.push(`actions/${name}/action.yml: input ${input} has no description`);
  }
  if (!existsSync(path.join(root, 'actions', name, 'README.md')))
    problems.push(`actions/${name}/README.md is missing`);
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('action.yml files: ok');
