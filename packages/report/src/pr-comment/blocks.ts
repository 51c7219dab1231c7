/**
 * Markdown building blocks of the comment. Only our own text goes into headers and <summary> elements
 * (they are raw HTML, where Markdown escapes would show); untrusted text reaches cells already escaped.
 */
import { inlineCode, truncate } from '@mlgate/core';

export type Align = 'left' | 'right' | 'center';
export interface Column {
  header: string;
  align?: Align;
}

const DELIMITERS: Record<Align, string> = { left: '---', right: '---:', center: ':---:' };

/** A GFM table; cells must already be escaped (no raw pipes or line breaks). */
export function table(columns: Column[], rows: string[][]): string {
  return tableOfLines(columns, rows.map(tableRow));
}

/** One row of a GFM table, as `table` writes it. */
export const tableRow = (cells: string[]): string => `| ${cells.join(' | ')} |`;

/** A GFM table of rows already written by `tableRow`. */
export function tableOfLines(columns: Column[], lines: string[]): string {
  return [
    `| ${columns.map((column) => column.header).join(' | ')} |`,
    `| ${columns.map((column) => DELIMITERS[column.align ?? 'left']).join(' | ')} |`,
    ...lines,
  ].join('\n');
}

/** A <details> block whose body is Markdown; `summary` must be our own HTML-safe text. */
export function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/**
 * Untrusted text as inline code outside a table (a paragraph, a list item, a heading). inlineCode puts a
 * backslash before every pipe because GitHub splits table cells even inside code spans; elsewhere a code span
 * shows that backslash, so exactly those are taken out again.
 */
export const codeSpan = (text: string): string => inlineCode(text).replace(/\\\|/g, '|');

/** Our own short text (a number with its sign or arrow, an interval) kept on one line in a table cell. */
export const nowrap = (text: string): string => text.replace(/ /g, '\u00A0');

/** Indents Markdown by two spaces so it continues a list item ("- …"); blank lines stay empty. */
export const indentForListItem = (markdown: string): string =>
  markdown
    .split('\n')
    .map((line) => (line === '' ? '' : `  ${line}`))
    .join('\n');

/** A commit as reviewers know it: the 7-character short SHA (other identifiers kept, but bounded). */
export function shortCommit(commit: string): string {
  return /^[0-9a-f]{8,64}$/i.test(commit) ? commit.slice(0, 7) : truncate(commit, 40);
}

const AGE_UNITS: [string, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['min', 60],
];

/** How old `then` was at `now` (both ISO timestamps), e.g. "3 days old"; undefined when either is unreadable. */
export function formatAge(then: string | undefined, now: string): string | undefined {
  if (!then) return undefined;
  const from = Date.parse(then);
  const to = Date.parse(now);
  if (Number.isNaN(from) || Number.isNaN(to)) return undefined;
  const seconds = Math.max(0, (to - from) / 1000);
  for (const [unit, size] of AGE_UNITS) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${unit}${count === 1 || unit === 'min' ? '' : 's'} old`;
  }
  return '< 1 min old';
}

/** Characters that mean something in a Markdown link destination or a table, percent-encoded. */
const LINK_SIGNIFICANT = /[\s()<>[\]\\`"'|]/g;

/**
 * An http(s) URL safe to put in a Markdown link destination, or undefined for anything else
 * (javascript:, data:, relative or unparsable URLs). Credentials are removed.
 */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.username = '';
  url.password = '';
  return url.href.replace(
    LINK_SIGNIFICANT,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}
