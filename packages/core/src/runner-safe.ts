/**
 * Log text the GitHub runner cannot read a workflow command in. The runner splits a step's output into lines at
 * "\n", "\r" and "\r\n", and acts on a line that starts with "::name …::" after leading blanks, or that holds
 * "##[name …]" anywhere (actions/runner ActionCommand.TryParseV2 and TryParse). @actions/core escapes the data of
 * the commands it issues itself (%, \r, \n as %25, %0D, %0A), so "%0A" in a value stays text; core.info writes text
 * as it is, and that is where a value from data, a file name or a report could become a command.
 */
import { showHiddenCharacters } from './hidden-characters.js';

const ESCAPES: Record<string, string> = { '\r\n': '\\r\\n', '\r': '\\r', '\n': '\\n' };
// eslint-disable-next-line no-control-regex -- line breaks and control characters are what this escapes
const BREAKS_AND_CONTROLS = /\r\n|[\u0000-\u0008\u000A-\u001F\u007F]/g;

/**
 * One log line from any text: line breaks shown as \n and \r, other control characters (ANSI escapes) as \xNN,
 * bidirectional and zero-width characters as <U+XXXX>, a leading "::" as "\::" and "##[" as "##\[".
 */
export function runnerSafe(text: string): string {
  const oneLine = showHiddenCharacters(text).replace(
    BREAKS_AND_CONTROLS,
    (match) => ESCAPES[match] ?? `\\x${match.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return oneLine.replace(/^(\s*)::/, '$1\\::').replace(/##\[/g, '##\\[');
}

/** JSON text printed to a step's output: "##[" inside its strings written as "##\u005B" (the same JSON value). */
export function runnerSafeJson(json: string): string {
  return json.replace(/##\[/g, '##\\u005B');
}
