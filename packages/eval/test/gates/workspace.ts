/** A temporary workspace with results, gates and baseline files, and eval-gate run on it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryLogger, type EvalReport } from '@mlgate/core';
import { runEvalGate, type EvalGateOptions } from '../../src/run.js';

export class Workspace {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'mlgate-gates-'));

  /** Writes a file and returns its workspace-relative name. */
  write(name: string, text: string): string {
    const file = path.join(this.dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return name;
  }

  /** Writes canonical JSONL results, one object a line. */
  jsonl(name: string, rows: object[]): string {
    return this.write(name, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  async run(
    results: string,
    options: Partial<EvalGateOptions> = {},
  ): Promise<{ report: EvalReport; logger: MemoryLogger }> {
    const logger = new MemoryLogger();
    const report = await runEvalGate(
      {
        results: [results],
        format: 'auto',
        task: 'auto',
        significance: 0.05,
        workspace: this.dir,
        context: {},
        ...options,
      },
      logger,
    );
    return { report, logger };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

/**
 * `n` binary cases "case-0".."case-(n-1)", expected alternating yes/no, predicted wrong where `wrong(i)`;
 * `extra(i)` adds fields (tags, scores, latency...).
 */
export function binaryRows(
  n: number,
  wrong: (i: number) => boolean,
  extra: (i: number) => object = () => ({}),
): object[] {
  return Array.from({ length: n }, (_, i) => {
    const expected = i % 2 === 0 ? 'yes' : 'no';
    const predicted = wrong(i) ? (expected === 'yes' ? 'no' : 'yes') : expected;
    return { id: `case-${i}`, expected, predicted, ...extra(i) };
  });
}
