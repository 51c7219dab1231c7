/**
 * Escaping of untrusted text (case ids, model outputs, file names) for GitHub-flavoured Markdown.
 * Everything from a pull request goes through here before it reaches a comment or a job summary.
 */
import { showHiddenCharacters } from './hidden-characters.js';

const ZERO_WIDTH_SPACE = '\u200B';
/** C0 control characters except tab and newlines: invisible, and some terminals and renderers act on them. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** HTML-significant characters as entities, so no text can open or close a tag such as <details>. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Stops GitHub from turning text into pings, cross-references or links:
 * a zero-width space after "@" and "#", inside "://" and "www.", keeps the text readable but inert.
 */
function neutraliseReferences(text: string): string {
  return text
    .replace(/@(?=[A-Za-z0-9_-])/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/#(?=[A-Za-z0-9_-])/g, `#${ZERO_WIDTH_SPACE}`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/\bwww\./gi, (match) => `${match.slice(0, 3)}${ZERO_WIDTH_SPACE}.`)
    .replace(/\bGH-(?=\d)/gi, (match) => `${match}${ZERO_WIDTH_SPACE}`);
}

/**
 * Characters that start inline Markdown (emphasis, code, links, tables, strikethrough, math), backslash-escaped.
 * Line-start syntax (lists, headings) cannot occur: escaped text is always a single line inside our own markup,
 * and "#" is escaped anyway.
 */
function escapeMarkdownPunctuation(text: string): string {
  return text.replace(/[\\`*_{}[\]#|~$]/g, (char) => `\\${char}`);
}

/** Untrusted text for inline use (a paragraph or list item): one line, no formatting, no HTML, no pings. */
export function escapeMarkdown(text: string): string {
  // Hidden characters first: the zero-width spaces added below are ours and must stay invisible.
  const oneLine = showHiddenCharacters(text)
    .replace(/\r\n?|\n/g, ' ')
    .replace(CONTROL_CHARACTERS, '');
  // Entities last: their "#" must be neither backslash-escaped nor split by a zero-width space.
  return escapeHtml(neutraliseReferences(escapeMarkdownPunctuation(oneLine)));
}

/** Untrusted text for a table cell: as escapeMarkdown, and never longer than `max` characters. */
export function escapeTableCell(text: string, max = 200): string {
  return escapeMarkdown(truncate(text, max));
}

const CUT_MARKER = /… \[(\d+) more characters\]$/;

/**
 * Shortens text to at most `max` characters with a visible marker, never silently. Text already cut by truncate
 * (it ends with the marker) keeps counting from the original: cutting a stored 1,000-character excerpt to 1,000
 * again changes nothing, and cutting it shorter names every character the reader does not see.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = CUT_MARKER.exec(text);
  const body = marker ? text.slice(0, marker.index) : text;
  const hidden = marker ? Number(marker[1]) : 0;
  if (marker && body.length <= max) return text;
  // Never end on the first half of a surrogate pair (an emoji cut in two renders as U+FFFD).
  const end = max > 0 && /[\uD800-\uDBFF]/.test(body[max - 1]) ? max - 1 : max;
  return `${body.slice(0, end)}… [${body.length - end + hidden} more characters]`;
}

/**
 * Untrusted multi-line text as a fenced code block: the fence is longer than any backtick run inside,
 * so the content can never close it; HTML is inert inside a fence.
 */
export function codeBlock(text: string, language = ''): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const body = showHiddenCharacters(text).replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '');
  return `${fence}${language}\n${body}\n${fence}`;
}

/** Untrusted text as inline code, e.g. a case id: backtick-safe, single line. */
export function inlineCode(text: string): string {
  const oneLine = showHiddenCharacters(text)
    .replace(/\r\n?|\n/g, ' ')
    .replace(CONTROL_CHARACTERS, '');
  const longestRun = Math.max(0, ...[...oneLine.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = '`'.repeat(longestRun + 1);
  // Renderers strip one space from each end of a code span that starts and ends with a space: pad to keep them.
  const pad = /^[` ]|[` ]$/.test(oneLine) && /[^ ]/.test(oneLine) ? ' ' : oneLine === '' ? ' ' : '';
  // A pipe ends a table cell even inside code spans on GitHub; its entity does not exist in code, so escape it.
  return `${ticks}${pad}${oneLine.replace(/\|/g, '\\|')}${pad}${ticks}`;
}
