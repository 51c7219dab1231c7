/** The hostile-input defences of @mlgate/core: runner-safe log lines, hidden characters, nesting, paths, child environments. */
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  checkPathPolicy,
  childEnvironment,
  escapeMarkdown,
  inlineCode,
  codeBlock,
  parseConfigText,
  runnerSafe,
  runnerSafeJson,
} from '../src/index.js';
import { showHiddenCharacters } from '../src/hidden-characters.js';
import { deepNestingLine } from '../src/nesting.js';

/** The runner's reading of a line (actions/runner ActionCommand): "::" after leading blanks, or "##[" anywhere. */
const isCommand = (line: string) => /^\s*::[a-z-]+( [^:]*)?::/i.test(line) || /##\[[a-z-]+[\] ]/i.test(line);
const lines = (text: string) => text.split(/\r\n|\r|\n/);

describe('runnerSafe', () => {
  const hostile = [
    'a\n::add-mask::secret',
    'a\r::error::x',
    'a\r\n::stop-commands::token',
    '::set-output name=passed::true',
    '   ::warning::indented',
    'v1 ##[error]x',
    '##[add-mask]x',
    'esc\u001b[2K\u001b[1A',
  ];

  it('gives one line the runner reads no command in', () => {
    for (const text of hostile) {
      const safe = runnerSafe(text);
      expect(lines(safe)).toHaveLength(1);
      expect(isCommand(safe)).toBe(false);
    }
  });

  it('keeps the text readable: breaks as \\n and \\r, controls as \\xNN, hidden characters as <U+XXXX>', () => {
    expect(runnerSafe('a\n::add-mask::b')).toBe('a\\n::add-mask::b');
    expect(runnerSafe('a\r\nb\rc')).toBe('a\\r\\nb\\rc');
    expect(runnerSafe('::error::x')).toBe('\\::error::x');
    expect(runnerSafe('  ::error::x')).toBe('  \\::error::x');
    expect(runnerSafe('x ##[error]y')).toBe('x ##\\[error]y');
    expect(runnerSafe('esc\u001b[0m')).toBe('esc\\x1b[0m');
    expect(runnerSafe('tab\there 100% %0A')).toBe('tab\there 100% %0A');
    expect(runnerSafe('abc\u202Edef')).toBe('abc<U+202E>def');
  });

  it('JSON keeps its value and loses its "##["', () => {
    const value = { id: 'x ##[add-mask]secret', n: [1, 2] };
    const text = runnerSafeJson(JSON.stringify(value, null, 2));
    expect(text).not.toContain('##[');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('hidden characters', () => {
  it('shows bidirectional and zero-width characters as <U+XXXX> in every Markdown escaper', () => {
    const trojan = 'case\u202Egnp.exe\u200B\u2066x\u2069\uFEFF';
    expect(showHiddenCharacters(trojan)).toBe('case<U+202E>gnp.exe<U+200B><U+2066>x<U+2069><U+FEFF>');
    expect(escapeMarkdown(trojan)).toBe(
      'case&#60;U+202E&#62;gnp.exe&#60;U+200B&#62;&#60;U+2066&#62;x&#60;U+2069&#62;&#60;U+FEFF&#62;',
    );
    expect(inlineCode(trojan)).toBe('`case<U+202E>gnp.exe<U+200B><U+2066>x<U+2069><U+FEFF>`');
    expect(codeBlock(trojan)).toContain('case<U+202E>gnp.exe');
  });

  it('keeps its own zero-width space that stops mentions invisible', () => {
    expect(escapeMarkdown('@octocat')).toBe('@\u200Boctocat');
    expect(escapeMarkdown('@\u200Boctocat')).toBe('@&#60;U+200B&#62;octocat');
  });
});

describe('nesting', () => {
  it('finds the line where brackets nest too deeply, outside strings', () => {
    expect(deepNestingLine('{"a": [1, {"b": 2}]}')).toBeUndefined();
    expect(deepNestingLine(`{\n"a":\n${'['.repeat(300)}`)).toBe(3);
    expect(deepNestingLine(`"${'['.repeat(300)}"`)).toBeUndefined();
    expect(deepNestingLine(`'${'['.repeat(300)}'`)).toBeUndefined();
    expect(deepNestingLine(`don't ${'['.repeat(300)}`)).toBe(1);
    expect(deepNestingLine('['.repeat(256))).toBeUndefined();
    expect(deepNestingLine('['.repeat(257))).toBe(1);
  });

  it('finds the line in a file, across chunks and through gzip, and names it when a stack overflowed', async () => {
    const { deepNestingLineInFile, rethrowNesting } = await import('../src/nesting.js');
    const { gzipSync } = await import('node:zlib');
    const dir = mkdtempSync(path.join(tmpdir(), 'mlgate-nesting-'));
    const text = `${'{"a": "[[[[\\"]]"}\n'.repeat(50000)}{"b": ${'['.repeat(100000)}\n`;
    writeFileSync(path.join(dir, 'deep.jsonl'), text);
    writeFileSync(path.join(dir, 'deep.jsonl.gz'), gzipSync(text));
    writeFileSync(path.join(dir, 'flat.jsonl'), '{"a": 1}\n');
    expect(await deepNestingLineInFile(path.join(dir, 'deep.jsonl'))).toBe(50001);
    expect(await deepNestingLineInFile(path.join(dir, 'deep.jsonl.gz'))).toBe(50001);
    expect(await deepNestingLineInFile(path.join(dir, 'flat.jsonl'))).toBeUndefined();
    const files = ['flat.jsonl', 'deep.jsonl'].map((name) => ({
      absolute: path.join(dir, name),
      shown: name,
    }));
    await expect(rethrowNesting(new Error('Maximum call stack size exceeded'), files)).rejects.toThrow(
      'nested too deeply at line 50001',
    );
    const other = new Error('disk full');
    await expect(rethrowNesting(other, files)).rejects.toBe(other);
  });

  it('a YAML file nested too deeply is an error naming the line, not a stack overflow', () => {
    const text = `gates:\n  - metric: accuracy\n    min: ${'['.repeat(100000)}\n`;
    expect(() => parseConfigText(text, {}, 'gates.yml')).toThrow(/nested too deeply at line 3/);
    // Block indentation rather than brackets: the parser's own stack overflow, named the same way.
    const blocks = `gates:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}a:\n`).join('')}`;
    expect(() => parseConfigText(blocks, {}, 'gates.yml')).toThrow(/^nested too deeply at line \d+/);
    expect(() => parseConfigText(blocks, {}, 'gates.yml')).not.toThrow(/call stack/);
  });
});

describe('the path policy', () => {
  const setup = () => {
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'mlgate-policy-')));
    const workspace = path.join(root, 'workspace');
    const temp = path.join(root, 'temp');
    const outside = path.join(root, 'outside');
    for (const dir of [workspace, temp, outside]) mkdirSync(dir);
    writeFileSync(path.join(outside, 'secret.csv'), 'x\n');
    symlinkSync(path.join(outside, 'secret.csv'), path.join(workspace, 'link.csv'));
    symlinkSync('loop-b', path.join(workspace, 'loop-a'));
    symlinkSync('loop-a', path.join(workspace, 'loop-b'));
    const env = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp };
    return { workspace, temp, outside, env };
  };

  it('allows the workspace and RUNNER_TEMP, files that do not exist yet included', () => {
    const { workspace, temp, env } = setup();
    expect(checkPathPolicy('reports/new/r.json', 'report-path', { workspace, env })).toBe(
      path.join(workspace, 'reports/new/r.json'),
    );
    expect(checkPathPolicy(path.join(temp, 'x.md'), 'report-path', { workspace, env })).toBe(
      path.join(temp, 'x.md'),
    );
  });

  it('refuses paths and link targets outside, unless MLGATE_ALLOWED_PATHS lists them', () => {
    const { workspace, outside, env } = setup();
    expect(() => checkPathPolicy('../outside/r.json', 'report-path', { workspace, env })).toThrow(
      /Input "report-path": \.\.\/outside\/r\.json is outside the workspace and RUNNER_TEMP; list its folder in MLGATE_ALLOWED_PATHS/,
    );
    expect(() => checkPathPolicy('link.csv', 'data', { workspace, env })).toThrow(
      `Input "data": link.csv is a symbolic link to ${path.join(outside, 'secret.csv')}, which is outside`,
    );
    const allowed = { ...env, MLGATE_ALLOWED_PATHS: `/nowhere:${outside}` };
    expect(checkPathPolicy('link.csv', 'data', { workspace, env: allowed })).toBe(
      path.join(workspace, 'link.csv'),
    );
  });

  it('names a symbolic link loop as one', () => {
    const { workspace, env } = setup();
    expect(() => checkPathPolicy('loop-a', 'data', { workspace, env })).toThrow(
      /loop-a is a symbolic link loop/,
    );
    expect(() => checkPathPolicy('loop-a', 'data', { workspace, env: {} })).toThrow(/symbolic link loop/);
  });

  it('does not apply outside GitHub Actions (a local CLI run)', () => {
    const { workspace } = setup();
    expect(checkPathPolicy('../outside/r.json', 'report-path', { workspace, env: {} })).toBe(
      path.resolve(workspace, '../outside/r.json'),
    );
  });
});

describe('childEnvironment', () => {
  const env = {
    PATH: '/usr/bin',
    HOME: '/home/runner',
    ACTIONS_RUNTIME_TOKEN: 'runtime',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc',
    GITHUB_TOKEN: 'ghs',
    AWS_SECRET_ACCESS_KEY: 'aws',
    KUBECONFIG: '/k',
  };

  it('passes the minimal environment and the values, never tokens or anything unlisted', () => {
    expect(childEnvironment([], { MLGATE_WEIGHT: '5' }, env)).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      MLGATE_WEIGHT: '5',
    });
  });

  it('passes what the user lists, a token included', () => {
    expect(childEnvironment(['KUBECONFIG', 'GITHUB_TOKEN', 'MISSING'], {}, env)).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      KUBECONFIG: '/k',
      GITHUB_TOKEN: 'ghs',
    });
  });
});

describe('globs and line breaks in file names', () => {
  it('a file a glob would skip (its name starts with a line break) is refused, never left out silently', async () => {
    const { resolveFiles } = await import('../src/files.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'mlgate-glob-'));
    mkdirSync(path.join(dir, 'eval'));
    writeFileSync(path.join(dir, 'eval', 'a.jsonl'), '');
    writeFileSync(path.join(dir, 'eval', 'in\nside.jsonl'), '');
    expect(await resolveFiles(['eval/*.jsonl'], 'results', dir)).toHaveLength(2);
    writeFileSync(path.join(dir, 'eval', '\n::set-output name=passed::x.jsonl'), '');
    await expect(resolveFiles(['eval/*.jsonl'], 'results', dir)).rejects.toThrow(
      'Input "results": the pattern "eval/*.jsonl" cannot match eval/\\n::set-output name=passed::x.jsonl, whose name starts with a line break; rename it',
    );
  });
});
