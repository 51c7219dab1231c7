/** `mlgate lineage verify | show | previous`: checking, reading and rolling back model lineage. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigurationError, didYouMean, parseJson, parseList, requireInput } from '@mlgate/core';
import { compareVersions, modelTagPrefix, parseTagMessage } from '@mlgate/github';
import { describeManifest, describeProblem, readManifest, verifyManifest } from '@mlgate/lineage';
import { EXIT, refuseArguments, type CommandOptions } from '../options.js';
import { printJson } from '../output.js';

export const lineageHelp = `Usage:
  mlgate lineage verify --manifest FILE --model PATHS   check the model files against the manifest
  mlgate lineage show FILE                              print a manifest in human-readable form
  mlgate lineage previous --name NAME [--before V] [--json]
                                                        the version before the latest (or before V), from the
                                                        local git tags model/<name>/v* (git fetch --tags first)

Options:
  --manifest FILE   verify: the lineage manifest (lineage-tag's manifest output)
  --model PATHS     verify: the model files or directories, comma-separated or repeated
  --name NAME       previous: the model name (lineage-tag's name input)
  --before V        previous: the version before V instead of before the latest
  --json            previous: print the tag record as JSON

Exit codes: 0 the files match, the manifest was shown, the previous version was found; 1 the files do not match
the manifest (each difference is printed), or there is no earlier version; 2 bad input (a missing or invalid
manifest, not a git clone).`;

async function verify(options: CommandOptions): Promise<number> {
  const manifestFile = path.resolve(requireInput('manifest', options.values.manifest ?? ''));
  const models = parseList(requireInput('model', options.values.model ?? ''));
  const text = await readFile(manifestFile, 'utf8').catch(() => {
    throw new ConfigurationError(`manifest not found: ${options.values.manifest}`);
  });
  const result = await verifyManifest(
    parseJson(text, options.values.manifest),
    models,
    process.cwd(),
    options.values.manifest,
  );
  for (const problem of result.problems) process.stdout.write(`${describeProblem(problem)}\n`);
  process.stdout.write(
    result.ok
      ? `OK: ${result.verified} files match ${options.values.manifest}\n`
      : `FAILED: ${result.problems.length} problem(s)\n`,
  );
  return result.ok ? EXIT.ok : EXIT.failed;
}

async function show(options: CommandOptions): Promise<number> {
  refuseArguments({ ...options, positionals: options.positionals.slice(1) }, 'lineage show');
  const file = options.positionals[0] ?? options.values.manifest;
  if (!file) throw new ConfigurationError('name the manifest: mlgate lineage show FILE');
  process.stdout.write(`${describeManifest(await readManifest(path.resolve(file), file))}\n`);
  return EXIT.ok;
}

const run = promisify(execFile);

async function previous(options: CommandOptions): Promise<number> {
  const name = requireInput('name', options.values.name ?? '');
  const prefix = modelTagPrefix(name);
  // Fixed arguments, no shell: the name only narrows the ref pattern.
  const { stdout } = await run(
    'git',
    [
      'for-each-ref',
      '--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)%00%(contents)%00%00',
      `refs/tags/${prefix}*`,
    ],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  ).catch((error: Error) => {
    throw new ConfigurationError(
      `cannot read git tags here (${error.message.split('\n')[0]}): run inside a clone with its tags fetched`,
    );
  });
  const tags = stdout
    .split('\0\0\n')
    .filter((entry) => entry.trim())
    .map((entry) => {
      const [tag, object, peeled, message] = entry.replace(/^\n/, '').split('\0');
      return {
        tag,
        version: tag.slice(prefix.length),
        commit: peeled || object,
        record: parseTagMessage(message ?? ''),
      };
    })
    .filter((item) => item.version)
    .sort((a, b) => compareVersions(a.version, b.version));
  const before = options.values.before?.replace(/^v/, '');
  const candidates = before
    ? tags.filter((item) => compareVersions(item.version, before) < 0)
    : tags.slice(0, -1);
  const found = candidates.at(-1);
  if (!found) {
    process.stderr.write(
      `no version of ${name} before ${before ? `v${before}` : 'the latest'} (${tags.length} tag(s) found)\n`,
    );
    return EXIT.failed;
  }
  if (options.flags.json) printJson(found);
  else {
    process.stdout.write(
      [
        `tag:      ${found.tag}`,
        `version:  ${found.version}`,
        `commit:   ${found.commit}`,
        `model id: ${found.record?.modelId ?? 'unknown (not an mlgate tag)'}`,
        ...(found.record?.manifestSha256 ? [`manifest: sha256 ${found.record.manifestSha256}`] : []),
        ...(found.record?.artifactName
          ? [`artifact: ${found.record.artifactName} (run ${found.record.runId ?? '?'})`]
          : []),
      ].join('\n') + '\n',
    );
  }
  return EXIT.ok;
}

export async function lineage(options: CommandOptions): Promise<number> {
  const [subcommand, ...positionals] = options.positionals;
  const rest = { ...options, positionals };
  if (subcommand === 'verify' || subcommand === 'previous') refuseArguments(rest, `lineage ${subcommand}`);
  if (subcommand === 'verify') return verify(rest);
  if (subcommand === 'show') return show(rest);
  if (subcommand === 'previous') return previous(rest);
  const subcommands = ['verify', 'show', 'previous'];
  if (subcommand === undefined)
    throw new ConfigurationError('mlgate lineage needs a command: verify, show or previous');
  throw new ConfigurationError(
    `unknown lineage command "${subcommand}"`,
    undefined,
    didYouMean(subcommand, subcommands) ?? 'use verify, show or previous',
  );
}
