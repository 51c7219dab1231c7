/**
 * Child processes for end-to-end tests: each server runs in its own process group as the current user, its
 * output is kept for failure messages, and every group still alive is killed when the test process exits.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';

export interface ManagedProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  /** The last 64 kB of stdout and stderr, interleaved. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) when the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the process has ended. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_LIMIT = 64 * 1024;
const running = new Set<ManagedProcess>();

// Last line of defence: a test run that dies without afterAll must not leave servers on the machine.
process.once('exit', () => {
  for (const managed of running) killGroup(managed.pid, 'SIGKILL');
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ManagedProcess {
  // detached: the process leads its own group, so stop() reaches nginx's and haproxy's workers too.
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (error) => {
      keep(Buffer.from(`\n${name}: ${error.message}\n`));
      resolve('spawn-error');
    });
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const managed: ManagedProcess = {
    name,
    pid: child.pid,
    child,
    output: () => output,
    exited,
    async stop(graceMs = 3000) {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(child.pid!, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      // Workers that outlived their master are killed with the group.
      killGroup(child.pid!, 'SIGKILL');
      running.delete(managed);
    },
  };
  running.add(managed);
  void exited.then(() => {
    if (child.exitCode !== null || child.signalCode !== null) running.delete(managed);
  });
  return managed;
}

/** Free TCP ports on 127.0.0.1, found by binding port 0 (all held at once, so they differ). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined/false; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 15_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}` +
          (lastError ? `: ${lastError instanceof Error ? lastError.message : inspect(lastError)}` : ''),
      );
    await sleep(intervalMs);
  }
}

/** True when `process.getuid` says root: nginx then needs an explicit `user`. */
export const runningAsRoot = () => process.getuid?.() === 0;
