/** `mlgate lineage tag | verify | show | previous`: recording, checking, reading and rolling back model lineage. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, didYouMean, parseJson, parseList, requireInput } from '@mlgate/core';
import { compareVersions } from '@mlgate/github';
import { describeManifest, describeProblem, readManifest, verifyManifest } from '@mlgate/lineage';
import { EXIT, refuseArguments, type CommandOptions } from '../options.js';
import { localModelTags } from '../git-tags.js';
import { lineageTag, lineageTagOptions } from './lineage-tag.js';
import { printJson } from '../output.js';

export const lineageHelp = `Usage:
  mlgate lineage tag --model PATHS --name NAME [options]
                                                        the lineage-tag action: model id, version, manifest and
                                                        model card (and the tag, given a token)
  mlgate lineage verify --manifest FILE --model PATHS   check the model files against the manifest
  mlgate lineage show FILE                              print a manifest in human-readable form
  mlgate lineage previous --name NAME [--before V] [--json]
                                                        the version before the latest (or before V), from the
                                                        local git tags model/<name>/v* (git fetch --tags first)

Options of tag (the lineage-tag action's inputs):
  --model PATHS          the model: files, directories or globs, comma-separated or repeated
  --name NAME            model name (letters, digits, ., _ and -): versions are tags model/<name>/v<version>
  --data PATHS           training data: paths, globs, DVC files (dvc.lock, *.dvc)
  --params FILES         parameter files whose values and digests are recorded
  --eval-report FILE     the eval report of this model (mlgate eval-gate's report)
  --data-report FILES    validate-data reports of the training data
  --version V            the version to assign (default: the next number after the existing tags)
  --tag BOOL             true (default): with --github-token (or GITHUB_TOKEN) and GITHUB_REPOSITORY, create the
                         tag through the GitHub API; without them, plan the version from the local tags and
                         create none (git fetch --tags first); false: version 1 or --version, no tags read
  --github-token TOKEN   token for the tag API calls (default: GITHUB_TOKEN)
  --manifest-path FILE   where to write the manifest (default mlgate-reports/lineage/<name>-v<version>.intoto.json);
                         the model card, predicate and checksums are written beside it
  --upload BOOL          false (default here): artifacts are uploaded by the action, from a job's artifact service
  --retention-days N     (the action's artifact retention; accepted for parity)
  --json                 print the action's outputs as JSON

Options of verify, show and previous:
  --manifest FILE   verify: the lineage manifest (lineage-tag's manifest output)
  --model PATHS     verify: the model files or directories, comma-separated or repeated
  --name NAME       previous: the model name (lineage-tag's name input)
  --before V        previous: the version before V instead of before the latest
  --json            previous: print the tag record as JSON

Exit codes: 0 the lineage was written, the files match, the manifest was shown, the previous version was found;
1 the files do not match the manifest (each difference is printed), or there is no earlier version; 2 bad input
(a missing or invalid manifest or model, a version that exists for another model, not a git clone).`;

/** Each sub-command's own options: one meant for another (`lineage verify --data x`) is an error, not ignored. */
const SUBCOMMAND_OPTIONS: Record<string, readonly string[]> = {
  tag: lineageTagOptions,
  verify: ['manifest', 'model'],
  show: ['manifest'],
  previous: ['name', 'before'],
};

function refuseOtherOptions(options: CommandOptions, subcommand: string): void {
  const own = SUBCOMMAND_OPTIONS[subcommand];
  const other = Object.keys(options.values).find((name) => !own.includes(name));
  if (other !== undefined)
    throw new ConfigurationError(
      `--${other} is not an option of mlgate lineage ${subcommand}; its options: ${own.map((name) => `--${name}`).join(', ')}`,
    );
}

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

async function previous(options: CommandOptions): Promise<number> {
  const name = requireInput('name', options.values.name ?? '');
  const tags = await localModelTags(name);
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
  const subcommands = Object.keys(SUBCOMMAND_OPTIONS);
  if (subcommand === undefined)
    throw new ConfigurationError('mlgate lineage needs a command: tag, verify, show or previous');
  if (!subcommands.includes(subcommand))
    throw new ConfigurationError(
      `unknown lineage command "${subcommand}"`,
      undefined,
      didYouMean(subcommand, subcommands) ?? 'use tag, verify, show or previous',
    );
  refuseOtherOptions(rest, subcommand);
  if (subcommand !== 'show') refuseArguments(rest, `lineage ${subcommand}`);
  if (subcommand === 'tag') return lineageTag(rest);
  if (subcommand === 'verify') return verify(rest);
  if (subcommand === 'show') return show(rest);
  return previous(rest);
}
