/**
 * The runner's protocol, written byte for byte as @actions/core 3 writes it: inputs from INPUT_*, outputs and state
 * as heredoc file commands, the job summary, workflow commands on stdout. Not the library itself because importing
 * it evaluates its OIDC client, @actions/http-client and undici (≈ 1 MB of the bundle, a third of an action's
 * start-up; bench/README.md); test/runner.test.ts checks this module against the library on hostile values.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, constants, existsSync } from 'node:fs';
import { access, appendFile } from 'node:fs/promises';
import { EOL } from 'node:os';

/** Where an annotation points, as @actions/core's AnnotationProperties. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

type CommandProperties = Record<string, string | number | undefined>;

/** A workflow command's message: %, \r and \n escaped so a value cannot end the command or start another. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: escaped as data, and ':' and ',' so it cannot end the property list. */
export function escapeProperty(value: string | number): string {
  return escapeData(typeof value === 'string' ? value : JSON.stringify(value))
    .replace(/:/g, '%3A')
    .replace(/,/g, '%2C');
}

/** `::command key=value,…::message` on stdout; properties without a value (undefined, '', 0) are left out. */
export function issueCommand(command: string, properties: CommandProperties, message: string): void {
  let text = `::${command}`;
  const keys = Object.keys(properties);
  if (keys.length > 0) {
    const set = keys
      .filter((key) => properties[key])
      .map((key) => `${key}=${escapeProperty(properties[key]!)}`);
    text += ` ${set.join(',')}`;
  }
  process.stdout.write(`${text}::${escapeData(message)}${EOL}`);
}

/** A line written as it is; the runner may read a command in it (logger.ts's `info` makes it safe). */
export function writeLine(text: string): void {
  process.stdout.write(text + EOL);
}

/** The input the runner passes as INPUT_<NAME> (spaces as '_', upper-cased), trimmed; '' when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** `name<<delimiter` … `delimiter`, refusing a name or value that holds the delimiter. */
export function keyValueMessage(
  name: string,
  value: string,
  delimiter = `ghadelimiter_${randomUUID()}`,
): string {
  if (name.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (value.includes(delimiter))
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}`;
}

/** Appends a file command (GITHUB_OUTPUT, GITHUB_STATE) to the file the runner created for it. */
function issueFileCommand(command: 'OUTPUT' | 'STATE', message: string): void {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) throw new Error(`Unable to find environment variable for file command ${command}`);
  if (!existsSync(filePath)) throw new Error(`Missing file at path: ${filePath}`);
  appendFileSync(filePath, `${message}${EOL}`, { encoding: 'utf8' });
}

/** A step output; without GITHUB_OUTPUT (an old runner), the ::set-output command. */
export function setOutput(name: string, value: string): void {
  if (process.env.GITHUB_OUTPUT) {
    issueFileCommand('OUTPUT', keyValueMessage(name, value));
  } else {
    process.stdout.write(EOL);
    issueCommand('set-output', { name }, value);
  }
}

/** State for this action's post step (read there as STATE_<name>). */
export function saveState(name: string, value: string): void {
  if (process.env.GITHUB_STATE) issueFileCommand('STATE', keyValueMessage(name, value));
  else issueCommand('save-state', { name }, value);
}

/** State the main step saved, '' when none. */
export function getState(name: string): string {
  return process.env[`STATE_${name}`] || '';
}

/** An annotation's properties under the command's own names. */
function annotationProperties(properties: AnnotationProperties): CommandProperties {
  if (Object.keys(properties).length === 0) return {};
  return {
    title: properties.title,
    file: properties.file,
    line: properties.startLine,
    endLine: properties.endLine,
    col: properties.startColumn,
    endColumn: properties.endColumn,
  };
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('error', annotationProperties(properties), message);
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('warning', annotationProperties(properties), message);
}

export function notice(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('notice', annotationProperties(properties), message);
}

export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

/** The step fails when the process ends; the message is an error annotation. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** Runs `fn` inside a collapsible log group. */
export async function group<T>(title: string, fn: () => Promise<T>): Promise<T> {
  issueCommand('group', {}, title);
  try {
    return await fn();
  } finally {
    issueCommand('endgroup', {}, '');
  }
}

/** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY), with @actions/core's errors when it cannot. */
export async function appendJobSummary(markdown: string): Promise<void> {
  const filePath = process.env.GITHUB_STEP_SUMMARY;
  if (!filePath)
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
    );
  try {
    await access(filePath, constants.R_OK | constants.W_OK);
  } catch {
    throw new Error(
      `Unable to access summary file: '${filePath}'. Check if the file has correct read/write permissions.`,
    );
  }
  await appendFile(filePath, markdown, { encoding: 'utf8' });
}
