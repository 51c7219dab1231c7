/**
 * Reads a step's stdout and stderr the way the GitHub runner does (actions/runner ActionCommand.TryParseV2 and
 * TryParse): every line (split at \n, \r or \r\n) whose text after leading blanks starts with "::name…::", and the
 * legacy "##[name…]" anywhere in a line, is a workflow command when the name is one the runner knows.
 */

/** The commands the runner registers (ActionCommandManager), case-insensitive. */
const REGISTERED = new Set([
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'internal-set-repo-path',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning',
]);

export interface RunnerCommand {
  name: string;
  /** The data after the command, unescaped as the runner does (%0A, %0D, %25). */
  data: string;
  line: string;
  legacy: boolean;
}

const unescapeData = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

/** Every workflow command the runner would act on in this output. */
export function runnerCommands(output: string): RunnerCommand[] {
  const commands: RunnerCommand[] = [];
  for (const line of output.split(/\r\n|\r|\n/)) {
    const text = line.trimStart();
    if (text.startsWith('::')) {
      const end = text.indexOf('::', 2);
      if (end >= 0) {
        const name = text.slice(2, end).split(' ')[0].toLowerCase();
        if (REGISTERED.has(name)) {
          commands.push({ name, data: unescapeData(text.slice(end + 2)), line, legacy: false });
          continue;
        }
      }
    }
    const legacy = line.indexOf('##[');
    if (legacy >= 0) {
      const close = line.indexOf(']', legacy);
      const name =
        close < 0
          ? ''
          : line
              .slice(legacy + 3, close)
              .split(' ')[0]
              .toLowerCase();
      if (REGISTERED.has(name)) commands.push({ name, data: line.slice(close + 1), line, legacy: true });
    }
  }
  return commands;
}

/** The commands mlgate issues itself: annotations, debug lines, log groups and saved state (canary-deploy's post step), never v1 ("##[") syntax. */
const OURS = new Set(['debug', 'error', 'warning', 'notice', 'group', 'endgroup', 'save-state']);

/**
 * Commands the step did not issue: any command mlgate never uses (add-mask, stop-commands, set-output…),
 * any legacy "##[…]" command, and any command whose data starts with the corpus's FORGED marker.
 */
export function forgedCommands(run: { stdout: string; stderr: string }): RunnerCommand[] {
  return [...runnerCommands(run.stdout), ...runnerCommands(run.stderr)].filter(
    (command) => command.legacy || !OURS.has(command.name) || command.data.startsWith('FORGED'),
  );
}
