/**
 * Docs are tests: every workflow, snippet, command and link of README.md, docs/**\/*.md and actions/*\/README.md
 * (and the workflow files of examples/workflows/ and .github/workflows/) works as written for a new user.
 *
 * - ```yaml blocks parse. Workflows, jobs (a mapping with `steps:`) and step lists are linted by actionlint; a
 *   fragment is first wrapped into the smallest workflow around it (on pull_request and push to main, one job).
 * - Every `with:` of an mlgate action (`OWNER/mlgate@…`, `OWNER/mlgate/actions/<name>@…`, `./…`) or of the
 *   reusable workflow is an input of its action.yml / workflow_call, and required inputs are given.
 * - Every `steps.X.outputs.Y` names a step `id: X` of the same job and, for mlgate actions, an output it declares.
 * - No `${{ }}` reading step or job outputs, `github.event`, `github.head_ref` or `inputs` inside `run:` (a shell
 *   injection: pass it through `env:`).
 * - No mlgate input reads a report, baseline or manifest that no earlier step of the job writes (use `auto` or an
 *   output such as `${{ steps.lineage.outputs.manifest }}`).
 * - A whole workflow that gates on pull requests also runs on pushes to main (which save the baselines) and
 *   declares `permissions:`.
 * - Relative links (and `#anchors` into Markdown files, GitHub slugs) resolve; so do `docs/….md` mentions in the
 *   comments of the example workflows, the example's `.mlgate/` files and the action.yml files.
 * - Shell blocks (```sh, ```bash, ```shell): every line starting with `mlgate` or `npx mlgate` runs with the CLI
 *   bundle (MLGATE_DIST_DIR, else dist/) in a fresh copy of examples/support-triage, the lines of one block in
 *   order in the same copy. `eval/results.jsonl` there is the example's pr-good results (what
 *   `python evaluate.py --out eval/results.jsonl` writes); a block that runs `mlgate init` starts without the
 *   example's `.mlgate/`, as a new repository does. A line must exit 0 unless it ends with a comment saying
 *   `# exits N`; a line that cannot run here (it needs a GitHub job, a token or files of the reader's project)
 *   carries a comment `# needs a GitHub runner` (or `# needs <what>`, e.g. `# needs your model and its manifest`) and
 *   is listed as such, never silently skipped.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { actionNode, bundle, repoRoot } from '../e2e/runner.js';
import {
  type CodeBlock,
  type LintFinding,
  actionlint,
  checkLink,
  checkTriggers,
  checkWorkflow,
  codeBlocks,
  isShellBlock,
  isYamlBlock,
  locator,
  markdownFiles,
  mlgateInsideLine,
  needsRunnerMarker,
  relativeLinks,
  shellCommands,
  snippetKind,
  workflowFiles,
  wrapFragment,
} from './snippets.js';

const read = (file: string): string => readFileSync(path.join(repoRoot, file), 'utf8');

const docs = markdownFiles(repoRoot);
const blocks = docs.flatMap((file) => codeBlocks(file, read(file)));
const workflows = workflowFiles(repoRoot);

/** One YAML unit to check: a code block of a Markdown file, or a whole workflow file. */
interface Unit {
  where: string; // file, for messages
  firstLine: number; // file line of the unit's first line
  text: string;
  document?: unknown;
  parseError?: string;
}

function parseUnit(where: string, firstLine: number, text: string): Unit {
  try {
    return { where, firstLine, text, document: parse(text) };
  } catch (error) {
    const position = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 1;
    return {
      where,
      firstLine,
      text,
      parseError: `${where}:${firstLine + position - 1}: YAML does not parse: ${(error as Error).message.split('\n')[0]}`,
    };
  }
}

const units: Unit[] = [
  ...blocks.filter(isYamlBlock).map((block: CodeBlock) => parseUnit(block.file, block.line, block.text)),
  ...workflows.map((file) => parseUnit(file, 1, read(file))),
];

/** Every unit that is a workflow or a fragment of one, as actionlint sees it. */
interface Lintable {
  unit: Unit;
  kind: 'workflow' | 'job' | 'steps';
  path: string; // the name actionlint sees
  data: string; // the workflow text, the fragment wrapped
  lineOffset: number; // lines the wrapping added above the fragment
}

const lintable: Lintable[] = units.flatMap((unit, index): Lintable[] => {
  const kind = unit.parseError ? 'other' : snippetKind(unit.document);
  if (kind === 'other') return [];
  if (kind === 'workflow') return [{ unit, kind, path: `unit-${index}.yml`, data: unit.text, lineOffset: 0 }];
  const wrapped = wrapFragment(unit.text, kind, unit.document);
  return [{ unit, kind, path: `unit-${index}.yml`, data: wrapped.text, lineOffset: wrapped.lineOffset }];
});

const filesOfUnits = [...new Set(units.map((unit) => unit.where))];

describe('documented YAML', () => {
  let findings: LintFinding[] = [];
  beforeAll(() => {
    findings = actionlint(lintable.map(({ path: file, data }) => ({ path: file, data })));
  });

  it.each(filesOfUnits)('%s: every YAML block parses', (file) => {
    expect(
      units.filter((unit) => unit.where === file && unit.parseError).map((unit) => unit.parseError),
    ).toEqual([]);
  });

  it.each(filesOfUnits)('%s: workflows and fragments pass actionlint', (file) => {
    const problems = lintable
      .filter((item) => item.unit.where === file)
      .flatMap((item) =>
        findings
          .filter((finding) => finding.path === item.path)
          .map(
            (finding) =>
              `${file}:${item.unit.firstLine + finding.line - 1 - item.lineOffset}:${finding.column}: ${finding.message} [${finding.kind}]`,
          ),
      );
    expect(problems).toEqual([]);
  });

  it.each(filesOfUnits)(
    '%s: mlgate inputs, step outputs, no expressions in run:, no file read before written',
    (file) => {
      const problems = lintable
        .filter((item) => item.unit.where === file)
        .flatMap(({ unit, kind }) => {
          const workflow =
            kind === 'workflow'
              ? (unit.document as Record<string, unknown>)
              : { jobs: { snippet: kind === 'steps' ? { steps: unit.document } : unit.document } };
          return checkWorkflow(repoRoot, workflow, file, locator(unit.text, unit.firstLine));
        });
      expect(problems).toEqual([]);
    },
  );

  it.each(filesOfUnits)(
    '%s: a workflow that gates pull requests also runs on push to main, with permissions',
    (file) => {
      const problems = lintable
        .filter((item) => item.unit.where === file && item.kind === 'workflow')
        .flatMap(({ unit }) =>
          checkTriggers(repoRoot, unit.document as Record<string, unknown>, `${file}:${unit.firstLine}`),
        );
      expect(problems).toEqual([]);
    },
  );
});

describe('code blocks', () => {
  it.each(docs)(
    '%s: every fenced block names its language (text for plain text), so it is checked as what it is',
    (file) => {
      expect(
        codeBlocks(file, read(file))
          .filter((block) => block.lang === '')
          .map((block) => `${file}:${block.line - 1}: a fence without a language`),
      ).toEqual([]);
    },
  );
});

describe('links', () => {
  it.each(docs)('%s: every relative link resolves', (file) => {
    const problems = relativeLinks(read(file)).flatMap(({ target, line }) => {
      const problem = checkLink(repoRoot, file, target);
      return problem ? [`${file}:${line}: ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });

  const yamlWithDocLinks = [
    ...workflows,
    ...['gates.yml', 'contract.yml']
      .map((name) => `examples/support-triage/.mlgate/${name}`)
      .filter((file) => existsSync(path.join(repoRoot, file))),
    'action.yml',
    ...['canary-deploy', 'eval-gate', 'lineage-tag', 'pr-eval-comment', 'validate-data'].map(
      (name) => `actions/${name}/action.yml`,
    ),
  ];
  it.each(yamlWithDocLinks)('%s: every docs/….md it mentions exists', (file) => {
    const problems: string[] = [];
    read(file)
      .split('\n')
      .forEach((line, index) => {
        for (const [mention] of line.matchAll(/\bdocs\/[\w/.-]+\.md(#[\w-]+)?/g)) {
          const problem = checkLink(repoRoot, 'README.md', mention);
          if (problem) problems.push(`${file}:${index + 1}: ${problem}`);
        }
      });
    expect(problems).toEqual([]);
  });
});

describe('documented commands', () => {
  const shellBlocks = blocks.filter(isShellBlock).map((block) => ({ block, commands: shellCommands(block) }));
  const cliHelp = existsSync(bundle('cli'))
    ? spawnSync(actionNode, [bundle('cli'), '--help'], { encoding: 'utf8' }).stdout
    : '';
  const hasInit = /^\s+init\b/m.test(cliHelp);

  it('the CLI bundle exists (MLGATE_DIST_DIR, else dist/)', () => {
    expect(cliHelp).toContain('Usage: mlgate');
  });

  it.each(shellBlocks.map(({ block }) => `${block.file}:${block.line}`))(
    '%s: no mlgate call hidden inside a line (after &&, |, ;, in $( ))',
    (where) => {
      const { commands } = shellBlocks.find(({ block }) => `${block.file}:${block.line}` === where)!;
      const hidden = commands.filter((command) => !command.needsRunner && mlgateInsideLine(command.command));
      expect(
        hidden.map(
          (command) =>
            `${command.line}: ${command.command} (put it on its own line, or mark it "${needsRunnerMarker}")`,
        ),
      ).toEqual([]);
    },
  );

  const runnable = shellBlocks.filter(({ commands }) =>
    commands.some((command) => command.mlgate && !command.needsRunner),
  );
  const listed = shellBlocks.flatMap(({ commands }) =>
    commands.filter((command) => command.mlgate && command.needsRunner),
  );
  if (listed.length > 0)
    it.each(listed.map((command) => `${command.line}: ${command.command}`))(
      'marked as needing a GitHub runner: %s',
      () => {},
    );

  for (const { block, commands } of runnable) {
    const runsInit = commands.some((command) => /^(npx\s+)?mlgate\s+init\b/.test(command.command));
    const title = `${block.file}:${block.line}: every mlgate command runs on the example project with the exit code the doc says`;
    (runsInit && !hasInit ? it.skip : it)(title, () => {
      const sandbox = exampleProject({ withoutConfig: runsInit });
      const problems: string[] = [];
      for (const command of commands) {
        if (!command.mlgate || command.needsRunner) continue;
        const line = command.command.replace(/^npx\s+mlgate/, 'mlgate');
        const result = spawnSync('bash', ['-c', line], {
          cwd: sandbox.dir,
          encoding: 'utf8',
          timeout: 120000,
          env: { PATH: `${sandbox.bin}:${process.env.PATH}`, HOME: sandbox.dir },
        });
        if (result.status !== command.expectedExit)
          problems.push(
            `${block.file}:${command.line}: \`${command.command}\` exited ${result.status}, the doc says ${command.expectedExit}\n${(result.stderr || result.stdout).trim().split('\n').slice(-6).join('\n')}`,
          );
      }
      rmSync(sandbox.root, { recursive: true, force: true });
      expect(problems).toEqual([]);
    });
  }
});

/** A fresh copy of examples/support-triage with eval/results.jsonl, and a bin folder whose `mlgate` is the bundle. */
function exampleProject({ withoutConfig }: { withoutConfig: boolean }): {
  root: string;
  dir: string;
  bin: string;
} {
  const root = mkdtempSync(path.join(tmpdir(), 'mlgate-docs-'));
  const dir = path.join(root, 'project');
  cpSync(path.join(repoRoot, 'examples', 'support-triage'), dir, {
    recursive: true,
    filter: (source) => !source.includes('mlgate-reports'),
  });
  cpSync(path.join(dir, 'eval', 'pr-good.jsonl'), path.join(dir, 'eval', 'results.jsonl'));
  if (withoutConfig) rmSync(path.join(dir, '.mlgate'), { recursive: true, force: true });
  const bin = path.join(root, 'bin');
  mkdirSync(bin);
  const shim = path.join(bin, 'mlgate');
  writeFileSync(shim, `#!/bin/sh\nexec "${actionNode}" "${bundle('cli')}" "$@"\n`);
  chmodSync(shim, 0o755);
  return { root, dir, bin };
}
