/**
 * Running user commands (router hooks, metric scripts, nginx -t) without a shell: argv goes straight to
 * execve, values reach the command through argv elements and environment variables, never a command line.
 */
import { spawn } from 'node:child_process';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Added to the step's environment (mlgate's own tools: kubectl, nginx). */
  env?: Record<string, string>;
  /** The whole environment instead (the user's commands: childEnvironment from @mlgate/core). */
  environment?: Record<string, string>;
  cwd?: string;
  signal?: AbortSignal;
  /** Output beyond this many bytes per stream is dropped (and said so). */
  maxOutput?: number;
}

export async function runCommand(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const [file, ...args] = argv;
  const maxOutput = options.maxOutput ?? 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.environment ?? { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    const collect = () => {
      const chunks: Buffer[] = [];
      let size = 0;
      let dropped = 0;
      return {
        push(chunk: Buffer) {
          if (size + chunk.length > maxOutput) {
            dropped += chunk.length;
            return;
          }
          size += chunk.length;
          chunks.push(chunk);
        },
        text: () =>
          Buffer.concat(chunks).toString('utf8') + (dropped > 0 ? `\n[${dropped} more bytes dropped]` : ''),
      };
    };
    const stdout = collect();
    const stderr = collect();
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const onAbort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(
        error.code === 'ENOENT'
          ? new Error(`command not found: ${file}`)
          : new Error(`${file}: ${error.message}`),
      );
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) {
        const reason: unknown = options.signal.reason;
        reject(reason instanceof Error ? reason : new Error(String(reason)));
        return;
      }
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout: stdout.text(), stderr: stderr.text() });
    });
  });
}

/** Runs a command and throws with its stderr when it exits non-zero. */
export async function runChecked(
  argv: readonly string[],
  what: string,
  options: RunOptions = {},
): Promise<string> {
  const result = await runCommand(argv, options);
  if (result.exitCode !== 0) {
    const detail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-5).join('\n');
    throw new Error(`${what} failed (exit code ${result.exitCode}): ${detail}`);
  }
  return result.stdout;
}
