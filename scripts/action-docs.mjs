// Writes the inputs/outputs tables of each action's README from its action.yml (between the
// action-docs markers). With --check, fails when a README is out of date.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const check = process.argv.includes('--check');
const START = '<!-- action-docs:start -->';
const END = '<!-- action-docs:end -->';
const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

function tables(action) {
  const inputs = Object.entries(action.inputs ?? {}).map(
    ([name, spec]) =>
      `| \`${name}\` | ${cell(spec.description)} | ${spec.required ? 'yes' : 'no'} | ${spec.default === undefined ? '' : `\`${cell(spec.default)}\``} |`,
  );
  const outputs = Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  return [
    START,
    '### Inputs',
    '',
    '| Input | Description | Required | Default |',
    '| --- | --- | --- | --- |',
    ...inputs,
    '',
    '### Outputs',
    '',
    '| Output | Description |',
    '| --- | --- |',
    ...outputs,
    END,
  ].join('\n');
}

// Each action's README beside its action.yml; the root action.yml's README is actions/mlgate/README.md.
const actions = readdirSync(path.join(root, 'actions')).map((name) => ({
  name,
  actionFile: path.join(root, 'actions', name, 'action.yml'),
  readmeFile: path.join(root, 'actions', name, 'README.md'),
}));
actions.push({
  name: 'mlgate',
  actionFile: path.join(root, 'action.yml'),
  readmeFile: path.join(root, 'actions', 'mlgate', 'README.md'),
});

let stale = 0;
for (const { name, actionFile, readmeFile } of actions) {
  if (!existsSync(actionFile) || !existsSync(readmeFile)) continue;
  const readme = readFileSync(readmeFile, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    console.error(`actions/${name}/README.md has no ${START} … ${END} section`);
    stale++;
    continue;
  }
  const updated =
    readme.slice(0, start) + tables(parse(readFileSync(actionFile, 'utf8'))) + readme.slice(end + END.length);
  if (updated === readme) continue;
  if (check) {
    console.error(
      `actions/${name}/README.md: inputs/outputs table is out of date with action.yml (run npm run docs)`,
    );
    stale++;
  } else {
    writeFileSync(readmeFile, updated);
    console.log(`updated actions/${name}/README.md`);
  }
}
if (stale > 0) process.exit(1);
