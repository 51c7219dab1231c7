import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { COMMANDS, main } from '../src/main.js';

/** Runs `mlgate ...argv` in this process and captures what it prints. */
async function mlgate(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const scratch = mkdtempSync(path.join(tmpdir(), 'mlgate-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const exampleResults = path.join(repoRoot, 'examples/support-triage/eval/main.jsonl');

const commands = Object.keys(COMMANDS) as (keyof typeof COMMANDS)[];
/** Commands whose first word is a sub-command. */
const subcommands: Partial<Record<keyof typeof COMMANDS, string[]>> = {
  profile: ['merge'],
  baseline: ['bless'],
  lineage: ['tag', 'verify', 'show', 'previous'],
};

describe('mlgate help', () => {
  it.each([['-h'], ['--help'], ['help']])(
    'mlgate %s prints the commands, the common options and exit codes',
    async (flag) => {
      const run = await mlgate(flag);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      for (const command of commands) expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
      expect(run.stdout).toMatch(/--verbose/);
      expect(run.stdout).toMatch(/--quiet/);
      expect(run.stdout).toMatch(
        /Exit codes: 0 passed, 1 a gate or check failed, 2 bad input or configuration/,
      );
    },
  );

  it('mlgate with no command prints the usage on stderr and exits 2', async () => {
    const run = await mlgate();
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: mlgate <command>');
  });

  describe.each(commands)('%s', (command) => {
    it('prints the same help for -h, --help and "mlgate help <command>", exit 0', async () => {
      const short = await mlgate(command, '-h');
      expect(short.code).toBe(0);
      expect(short.stderr).toBe('');
      expect(short.stdout).toContain(`mlgate ${command}`);
      expect(short.stdout).not.toContain('Commands:');
      expect((await mlgate(command, '--help')).stdout).toBe(short.stdout);
      const viaHelp = await mlgate('help', command);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toBe(short.stdout);
      expect((await mlgate('--help', command)).stdout).toBe(short.stdout);
    });

    it('help wins over missing options and works after a sub-command', async () => {
      const help = (await mlgate(command, '-h')).stdout;
      for (const sub of subcommands[command] ?? []) {
        const run = await mlgate(command, sub, '-h');
        expect(run.code).toBe(0);
        expect(run.stdout).toBe(help);
        expect((await mlgate(command, sub, '--help')).stdout).toBe(help);
        expect((await mlgate('help', command, sub)).stdout).toBe(help);
      }
    });

    it('lists -h/--help, --verbose, --quiet, every option it accepts, and its exit codes', async () => {
      const help = (await mlgate(command, '--help')).stdout;
      expect(help).toMatch(/^\s+-h, --help\b/m);
      expect(help).toMatch(/^\s+--verbose\b/m);
      expect(help).toMatch(/^\s+--quiet\b/m);
      for (const option of [...COMMANDS[command].values, ...COMMANDS[command].flags])
        expect(help).toMatch(new RegExp(`--${option}\\b`));
      const exitCodes = help.slice(help.search(/^Exit codes:/m));
      expect(exitCodes).toMatch(/^Exit codes:/);
      expect(exitCodes).toMatch(/\b0\b/);
      expect(exitCodes).toMatch(/\b2\b[^\n]*bad input/);
    });

    it('accepts --verbose and --quiet but not both', async () => {
      const sub = subcommands[command]?.[0] ?? [];
      for (const flag of ['--verbose', '--quiet']) {
        const run = await mlgate(command, ...sub, flag);
        expect(run.stderr).not.toContain('unknown option');
      }
      const both = await mlgate(command, ...sub, '--verbose', '--quiet');
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('--verbose and --quiet exclude each other');
    });
  });

  it('states what 1 means where a command can fail a check', async () => {
    const exitCodes = async (...argv: string[]) => {
      const help = (await mlgate(...argv, '--help')).stdout;
      return help.slice(help.search(/^Exit codes:/m));
    };
    expect(await exitCodes('eval-gate')).toMatch(/1 gates failed/);
    expect(await exitCodes('validate-data')).toMatch(/1 checks failed/);
    expect(await exitCodes('lineage')).toMatch(/1 the files do not match/);
    expect(await exitCodes('canary-deploy')).toMatch(/1\s+rolled back or aborted/);
    expect(await exitCodes('canary-deploy')).toMatch(/does not match --require-lineage/);
    expect(await exitCodes('baseline')).toMatch(/1 not blessed/);
  });
});

describe('errors in command-line words', () => {
  it.each([
    [['eval-gate'], '--results FILES is required'],
    [['validate-data'], '--data FILES is required'],
    [['pr-eval-comment'], '--report FILE is required'],
    [['canary-deploy'], '--router KIND is required'],
    [['canary-deploy', '--router', 'nginx'], '--config FILE is required'],
    [['lineage', 'verify'], '--manifest FILE is required'],
    [['lineage', 'verify', '--manifest', 'lineage.json'], '--model PATHS is required'],
    [['lineage', 'previous'], '--name NAME is required'],
    [['baseline', 'bless'], '--report FILE is required'],
    [['init'], '--results FILES is required'],
    [['profile', 'merge'], 'name the profiles to merge: mlgate profile merge --output FILE'],
  ])('mlgate %j: %s', async (argv, message) => {
    const run = await mlgate(...argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`mlgate ${argv[0]}: error: ${message}`);
    expect(run.stderr).not.toMatch(/\binputs? "/i);
  });

  it('every command is covered above', () => {
    // A new command needs its missing-option case in the table above.
    expect(commands.sort()).toEqual(
      [
        'baseline',
        'canary-deploy',
        'eval-gate',
        'init',
        'lineage',
        'pr-eval-comment',
        'profile',
        'validate-data',
      ].sort(),
    );
  });

  it.each([
    [
      ['eval-gate', '--results', 'r.jsonl', '--fail-on', 'sometimes'],
      '--fail-on must be one of error, inconclusive, never; got "sometimes"',
    ],
    [['eval-gate', '--results', 'r.jsonl', '--significance', '2'], '--significance must be a number'],
    [
      ['validate-data', '--data', 'd.csv', '--fail-on', 'warning'],
      '--fail-on must be one of error, warn, never; got "warning". Did you mean "warn"?',
    ],
    [
      ['validate-data', '--data', 'd.csv', '--reference-profile', 'p.json', '--reference-data', 'r.csv'],
      '--reference-profile and --reference-data exclude each other',
    ],
    [['canary-deploy', '--router', 'envoy', '--config', 'c.yml'], '--router must be one of nginx'],
    [
      ['canary-deploy', '--router', 'nginx', '--config', 'c.yml', '--steps', '10,50'],
      '--steps must end at 100',
    ],
    [
      ['canary-deploy', '--router', 'nginx', '--config', 'c.yml', '--bake-time', 'soon'],
      '--bake-time must be a duration',
    ],
    [
      ['baseline', 'bless', '--report', 'r.json', '--name', 'pin', '--baseline-store', 's3'],
      '--baseline-store must be one of cache, artifact',
    ],
  ])('mlgate %j: %s', async (argv, message) => {
    const run = await mlgate(...argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\binputs? "/i);
  });

  it.each([
    [['eval-gate', 'eval/results.jsonl'], 'eval-gate'],
    [['validate-data', '--infer', 'a.csv', 'b.csv'], 'validate-data'],
    [['pr-eval-comment', 'report.json'], 'pr-eval-comment'],
    [['canary-deploy', 'nginx'], 'canary-deploy'],
    [['lineage', 'verify', 'lineage.json'], 'lineage verify'],
    [['lineage', 'show', 'a.json', 'b.json'], 'lineage show'],
    [['baseline', 'bless', 'report.json'], 'baseline bless'],
  ])('mlgate %j: a stray word is an error, never ignored', async (argv, command) => {
    const run = await mlgate(...argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`unexpected argument "[^"]+": options are named .*mlgate ${command} --help`),
    );
  });

  it('words "set the format input" as an option too', async () => {
    writeFileSync(path.join(scratch, 'results.txt'), 'x\n');
    writeFileSync(path.join(scratch, 'data.xyz'), 'x\n');
    const results = await mlgate('eval-gate', '--results', path.join(scratch, 'results.txt'));
    expect(results.code).toBe(2);
    expect(results.stderr).toContain('Set --format to one of');
    const data = await mlgate('validate-data', '--data', path.join(scratch, 'data.xyz'));
    expect(data.code).toBe(2);
    expect(data.stderr).toContain('or set --format');
    expect(`${results.stderr}${data.stderr}`).not.toMatch(/\binput\b/);
  });

  it('names the file of a missing results file by its option', async () => {
    const run = await mlgate('eval-gate', '--results', path.join(scratch, 'nothing.jsonl'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error: --results: file not found: .*nothing\.jsonl/);
  });
});

describe('did you mean', () => {
  it('for a command', async () => {
    for (const argv of [['eval-gates'], ['help', 'eval-gates']]) {
      const run = await mlgate(...argv, '--results', 'x');
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('mlgate: unknown command "eval-gates"; did you mean "eval-gate"?');
    }
    const far = await mlgate('deploy-everything');
    expect(far.code).toBe(2);
    expect(far.stderr).toContain('unknown command "deploy-everything"');
    expect(far.stderr).toContain('Commands:');
    // Not a property of every object.
    expect((await mlgate('constructor')).stderr).toContain('unknown command "constructor"');
  });

  it('for a sub-command', async () => {
    expect((await mlgate('lineage', 'verfy')).stderr).toContain(
      'unknown lineage command "verfy"; did you mean "verify"?',
    );
    expect((await mlgate('profile', 'merg')).stderr).toContain('did you mean "merge"?');
    expect((await mlgate('baseline', 'blss')).stderr).toContain('did you mean "bless"?');
  });

  it('for an option', async () => {
    const run = await mlgate('eval-gate', '--result', 'eval/results.jsonl');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('mlgate eval-gate: error: unknown option --result; did you mean --results?');
    expect((await mlgate('validate-data', '--contracts', 'c.yml')).stderr).toContain(
      'did you mean --contract?',
    );
    expect((await mlgate('canary-deploy', '--bake', '5m')).stderr).toContain('did you mean --bake-time?');
    const far = await mlgate('eval-gate', '--colour');
    expect(far.stderr).toContain('unknown option --colour; options: --results,');
    expect((await mlgate('eval-gate', '-x')).stderr).toContain('unknown option -x');
    expect((await mlgate('eval-gate', '--json=yes')).stderr).toContain('--json takes no value');
  });

  it('for a key of the gates file, with its file and line', async () => {
    const gates = path.join(scratch, 'gates.yml');
    writeFileSync(gates, 'gates:\n  - metric: accuracy\n    minimum: 0.5\n');
    const run = await mlgate(
      'eval-gate',
      '--results',
      exampleResults,
      '--gates',
      gates,
      '--report-path',
      path.join(scratch, 'report.json'),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/gates\.yml:3 .*unknown field "minimum"; did you mean "min"\?/);
  });
});

describe('--quiet and --verbose', () => {
  const gate = (...flags: string[]) =>
    mlgate(
      'eval-gate',
      '--results',
      exampleResults,
      '--report-path',
      path.join(scratch, 'quiet.json'),
      ...flags,
    );

  it('--quiet prints the result line only', async () => {
    const normal = await gate();
    expect(normal.code).toBe(0);
    expect(normal.stderr).toContain('report: ');
    const quiet = await gate('--quiet');
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(normal.stdout);
    expect(quiet.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('--quiet still prints errors', async () => {
    const run = await mlgate('eval-gate', '--quiet');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--results FILES is required');
  });
});
