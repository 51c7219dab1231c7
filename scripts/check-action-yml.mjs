// Every action.yml runs on the same Node runtime and points at its committed bundle.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const RUNTIME = 'node24';
const problems = [];

// The five actions in actions/<name>/, and the one-step root action.yml whose source is actions/mlgate.
const actions = readdirSync(path.join(root, 'actions')).map((name) => ({
  name,
  file: `actions/${name}/action.yml`,
  bundle: `../../dist/${name}/index.js`,
}));
actions.push({ name: 'mlgate', file: 'action.yml', bundle: 'dist/mlgate/index.js' });

for (const { name, file, bundle } of actions) {
  if (!existsSync(path.join(root, file))) continue;
  const action = parse(readFileSync(path.join(root, file), 'utf8'));
  if (action.runs?.using !== RUNTIME) problems.push(`${file}: runs.using must be ${RUNTIME}`);
  for (const key of ['main', 'post']) {
    const entry = action.runs?.[key];
    if (!entry) continue;
    if (entry !== bundle) problems.push(`${file}: runs.${key} must be ${bundle}`);
    if (!existsSync(path.join(root, path.dirname(file), entry)))
      problems.push(`${file}: runs.${key} ${entry} does not exist`);
  }
  for (const [input, spec] of Object.entries(action.inputs ?? {})) {
    if (!/^[a-z][a-z0-9-]*$/.test(input)) problems.push(`${file}: input ${input} is not kebab-case`);
    if (!spec.description) problems.push(`${file}: input ${input} has no description`);
  }
  // Only the root action is listed on the Marketplace, which shows at most 125 characters of its description.
  if (file === 'action.yml' && String(action.description ?? '').length > 125)
    problems.push(`${file}: description is over 125 characters (the Marketplace cuts it)`);
  for (const key of ['name', 'description', 'branding'])
    if (!action[key]) problems.push(`${file}: ${key} is missing (the Marketplace lists it)`);
  if (!existsSync(path.join(root, 'actions', name, 'README.md')))
    problems.push(`actions/${name}/README.md is missing`);
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('action.yml files: ok');
