/** Rendering with GitHub's Markdown engine (Debian's cmark-gfm), raw HTML allowed, for escaping tests. */
import { spawnSync } from 'node:child_process';

const CMARK = 'cmark-gfm';
const ARGS = ['-e', 'table', '-e', 'autolink', '-e', 'strikethrough', '--unsafe'];

/**
 * Markdown → HTML as GitHub's engine renders it, with raw HTML allowed (stricter than GitHub's sanitiser:
 * escaping that holds here holds on GitHub).
 */
export function renderGfm(markdown: string): string {
  const result = spawnSync(CMARK, ARGS, { input: markdown, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? "cmark-gfm is not installed: the Markdown escaping tests render with GitHub's engine. Install it with `sudo apt-get install cmark-gfm` (CI does)."
        : `cmark-gfm failed to start: ${String(result.error)}`,
    );
  }
  if (result.status !== 0) throw new Error(`cmark-gfm exited with ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** Text as cmark-gfm writes it in HTML: it escapes exactly these four characters. */
export function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The reverse of htmlText. */
export function decodeHtmlText(html: string): string {
  return html
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&');
}

/** What a reader sees outside code elements: tags removed, entities decoded. */
export function visibleTextOutsideCode(html: string): string {
  return decodeHtmlText(html.replace(/<code>[\s\S]*?<\/code>/g, ' ').replace(/<[^>]*>/g, ' '));
}

const ZERO_WIDTH_SPACE = /\u200B/g;
export const withoutZeroWidthSpaces = (text: string): string => text.replace(ZERO_WIDTH_SPACE, '');

/**
 * Everything GitHub would turn into a ping, a cross-reference or a link in text outside code
 * (mentions and references are found in the rendered text, so entities are decoded first).
 */
export function liveReferences(html: string): string[] {
  const text = visibleTextOutsideCode(html);
  const patterns = [/@[A-Za-z0-9]/g, /#[A-Za-z0-9]/g, /:\/\//g, /\bwww\./gi, /\bGH-\d/gi];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[0]));
}
