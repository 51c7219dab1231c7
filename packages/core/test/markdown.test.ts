/**
 * Escaping of untrusted text, checked by rendering it with GitHub's engine (cmark-gfm, raw HTML allowed) inside
 * the surroundings mlgate writes — a paragraph, a table row, a <details> block — and reading the HTML.
 */
import { describe, expect, it } from '@jest/globals';
import { codeBlock, escapeMarkdown, escapeTableCell, inlineCode, truncate } from '../src/markdown.js';
import { htmlText, liveReferences, renderGfm, withoutZeroWidthSpaces } from './cmark.js';

/** Case ids and outputs a malicious pull request could produce. */
const HOSTILE: [string, string][] = [
  ['closes our details block', '</details><details open>'],
  ['script tag', '<script>alert(document.cookie)</script>'],
  ['image with handler', '<img src=x onerror=alert(1)>'],
  ['Markdown link', '[click](https://evil.example)'],
  ['Markdown image', '![x](https://evil.example/x.png)'],
  ['bare URL', 'see https://evil.example/login now'],
  ['www autolink', 'www.evil.example'],
  ['e-mail autolink', 'mail admin@evil.example'],
  ['angle autolink', '<https://evil.example>'],
  ['user mention', 'cc @octocat please'],
  ['team mention', '@org/team'],
  ['issue reference', 'fixes #123'],
  ['GH- reference', 'see GH-1 and gh-22'],
  ['cross-repository reference', 'owner/repo#42'],
  ['forged verdict', '**✅ pass**'],
  ['emphasis and strikethrough', '_em_ *em* ~~del~~ ~del~'],
  ['table row', '| a | b |'],
  ['escaped pipe', 'a\\|b'],
  ['backtick fence', '```'],
  ['backtick runs', '`` ` `a` ```` ```'],
  ['fenced code that closes early', '```\n</details>\n```'],
  ['long fence with language', '````js\nalert(1)\n````'],
  ['tilde fence', '~~~\n</details>\n~~~'],
  ['math', '$x$ and $$y$$'],
  ['forged sticky marker', '<!-- mlgate:pr-eval-comment:default -->'],
  ['control characters', 'null\u0000byte bell\u0007 esc\u001b[31mred\u001b[0m del\u007f'],
  ['line breaks', 'line one\nline two\r\nline three\rline four'],
  ['backslash escapes', '\\*not bold\\* \\<b>'],
  ['entities', '&lt;script&gt; &amp; &#60;b&#62; &#x3C;'],
  ['spaces around', '  leading and trailing  '],
  ['heading', '# heading'],
  ['quote', '> quote'],
  ['list', '- item'],
  ['template braces', '{{ secrets.TOKEN }}'],
  ['trailing backslash', 'ends with \\'],
  ['quotes', 'it\'s "quoted"'],
  ['very long', `${'x'.repeat(5000)}<script>`],
];

// eslint-disable-next-line no-control-regex -- the control characters escaping removes
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** The text a reader should see for one-line escaping: line breaks as spaces, control characters gone. */
const oneLineText = (text: string): string => text.replace(/\r\n?|\n/g, ' ').replace(CONTROL, '');

/** Tags that user text must never produce, whatever the surrounding. */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<a[\s>]/);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toContain('<!--');
  expect(html).not.toMatch(/<(strong|em|del|h[1-6]|blockquote|ul|ol|li|hr)[\s>]/);
  expect(liveReferences(html)).toEqual([]);
}

const count = (text: string, part: string): number => text.split(part).length - 1;

describe('escapeMarkdown in a paragraph', () => {
  it.each(HOSTILE)('%s: renders as exactly the original text, inert', (_name, text) => {
    const html = renderGfm(`Case ${escapeMarkdown(text)} end.\n`);
    expectInert(html);
    expect(withoutZeroWidthSpaces(html)).toBe(`<p>Case ${htmlText(oneLineText(text))} end.</p>\n`);
  });

  it.each(HOSTILE)('%s: stays on one line and leaves no control character', (_name, text) => {
    const escaped = escapeMarkdown(text);
    expect(escaped).not.toMatch(/[\r\n]/);
    expect(escaped).not.toMatch(CONTROL);
  });

  it('puts something between @ and a name, so no one is pinged', () => {
    const html = renderGfm(`${escapeMarkdown('@octocat @org/team')}\n`);
    expect(html).not.toContain('@octocat');
    expect(html).not.toContain('@org');
    expect(withoutZeroWidthSpaces(html)).toBe('<p>@octocat @org/team</p>\n');
  });

  it('escapes every dollar sign, so GitHub renders no math', () => {
    expect(escapeMarkdown('$x$ and $$y$$')).toMatch(/^(?:[^$]|\\\$)*$/);
    expect(escapeMarkdown('$x$').replace(/\\\$/g, '')).not.toContain('$');
  });

  it('cannot start a line, so a verdict heading cannot be forged', () => {
    const html = renderGfm(`Result: ${escapeMarkdown('pass\n## ✅ **mlgate eval-gate: pass**\n')}\n`);
    expect(html).not.toMatch(/<h2|<strong/);
    expect(count(html, '<p>')).toBe(1);
  });
});

describe('escapeTableCell in a table row', () => {
  const row = (cell: string) => `| Case | Output |\n| --- | --- |\n| id | ${cell} |\n`;

  it.each(HOSTILE)('%s: one row of two cells holding the original text', (_name, text) => {
    const html = renderGfm(row(escapeTableCell(text)));
    expectInert(html);
    expect(count(html, '<tr>')).toBe(2);
    expect(count(html, '<td')).toBe(2);
    const expected = htmlText(oneLineText(truncate(text, 200)).trim());
    expect(withoutZeroWidthSpaces(html)).toBe(
      '<table>\n<thead>\n<tr>\n<th>Case</th>\n<th>Output</th>\n</tr>\n</thead>\n<tbody>\n' +
        `<tr>\n<td>id</td>\n<td>${expected}</td>\n</tr>\n</tbody>\n</table>\n`,
    );
  });

  it('truncates to `max` characters with a visible marker before escaping', () => {
    const cell = escapeTableCell(`${'a'.repeat(300)}|`, 200);
    expect(cell).toBe(`${'a'.repeat(200)}… \\[101 more characters\\]`);
    const html = renderGfm(row(escapeTableCell('b'.repeat(250), 10)));
    expect(html).toContain(`<td>${'b'.repeat(10)}… [240 more characters]</td>`);
  });
});

describe('inlineCode', () => {
  /** What a code span shows: the text on one line, control characters removed. */
  const codeText = oneLineText;

  it.each(HOSTILE)('%s: in a table row, one code span holding the original text', (_name, text) => {
    const html = renderGfm(`| Case | Status |\n| --- | --- |\n| ${inlineCode(text)} | regressed |\n`);
    expectInert(html);
    expect(count(html, '<td')).toBe(2);
    expect(html).toContain(
      `<tr>\n<td><code>${htmlText(codeText(text))}</code></td>\n<td>regressed</td>\n</tr>`,
    );
  });

  it.each(HOSTILE.filter(([, text]) => !text.includes('|')))(
    '%s: in a paragraph, one code span holding the original text',
    (_name, text) => {
      const html = renderGfm(`Case ${inlineCode(text)} regressed.\n`);
      expectInert(html);
      expect(html).toBe(`<p>Case <code>${htmlText(codeText(text))}</code> regressed.</p>\n`);
    },
  );

  it('keeps a pipe from ending a table cell, including one after a backslash', () => {
    for (const text of ['a|b', 'a\\|b', 'a\\\\|b', '|', '\\|']) {
      const html = renderGfm(`| a | b |\n| --- | --- |\n| ${inlineCode(text)} | x |\n`);
      expect(count(html, '<td')).toBe(2);
      expect(html).toContain('<td>x</td>');
    }
  });

  it('leaves no control character for the renderer to replace', () => {
    const html = renderGfm(`${inlineCode('a\u0000b\u001bc')}\n`);
    expect(html).toBe('<p><code>abc</code></p>\n');
    expect(html).not.toContain('\uFFFD');
  });
});

describe('codeBlock inside a <details> block', () => {
  const details = (block: string) => `<details><summary>Output</summary>\n\n${block}\n\n</details>\n`;
  /** What a fenced block shows: the text with normalised line endings, control characters removed. */
  const blockText = (text: string) => `${text.replace(/\r\n?/g, '\n').replace(CONTROL, '')}\n`;

  it.each(HOSTILE)(
    '%s: the fence holds exactly the original text and our block is closed once',
    (_name, text) => {
      const html = renderGfm(details(codeBlock(text)));
      expect(html).toBe(
        `<details><summary>Output</summary>\n<pre><code>${htmlText(blockText(text))}</code></pre>\n</details>\n`,
      );
      expect(count(html, '</details>')).toBe(1);
      expect(count(html, '<details')).toBe(1);
    },
  );

  it('uses a fence longer than any backtick run inside', () => {
    const text = ['```', '````', '`````````', '~~~~', '``` js'].join('\n');
    const block = codeBlock(text, 'text');
    expect(block.startsWith('``````````text\n')).toBe(true);
    const html = renderGfm(details(block));
    expect(html).toBe(
      `<details><summary>Output</summary>\n<pre><code class="language-text">${htmlText(text)}\n</code></pre>\n</details>\n`,
    );
  });
});

describe('a realistic report section built from hostile strings', () => {
  it('keeps one details block, one table of one row per case, and nothing live', () => {
    const ids = HOSTILE.map(([, text]) => text);
    const rows = ids.map((id) => `| ${inlineCode(id)} | ${escapeTableCell(id)} | fail |`);
    const markdown = [
      `<details open><summary>regressed (${ids.length})</summary>`,
      '',
      '| Case | Output | After |',
      '| --- | --- | --- |',
      ...rows,
      '',
      `First output: ${escapeMarkdown(ids[0])}`,
      '',
      codeBlock(ids.join('\n')),
      '',
      '</details>',
      '',
    ].join('\n');
    const html = renderGfm(markdown);
    expectInert(html);
    expect(count(html, '<details')).toBe(1);
    expect(count(html, '</details>')).toBe(1);
    expect(html.trimEnd().endsWith('</details>')).toBe(true);
    expect(count(html, '<tr>')).toBe(ids.length + 1);
    expect(count(html, '<td')).toBe(ids.length * 3);
    expect(count(html, '<td>fail</td>')).toBe(ids.length);
    expect(count(html, '<pre>')).toBe(1);
  });
});

describe('truncate', () => {
  it('returns text of at most `max` characters unchanged', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('', 0)).toBe('');
  });

  it('keeps the first `max` characters and says how many were left out', () => {
    const text = 'x'.repeat(1000);
    const result = truncate(text, 100);
    expect(result).toBe(`${'x'.repeat(100)}… [900 more characters]`);
  });

  it('never cuts an emoji in half', () => {
    const text = '😀'.repeat(10); // 20 UTF-16 code units
    const result = truncate(text, 5);
    const kept = result.slice(0, result.indexOf('…'));
    expect(kept).toMatch(/^(?:😀)*$/u);
    expect(result).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    const omitted = Number(/\[(\d+) more characters\]/.exec(result)![1]);
    expect(kept.length + omitted).toBe(text.length);
  });

  it('counts from the original when the text was cut before: cutting again to the same length changes nothing', () => {
    const text = 'abcdefghij'.repeat(500); // 5,000 characters
    const stored = truncate(text, 2000);
    expect(stored).toBe(`${text.slice(0, 2000)}… [3000 more characters]`);
    expect(truncate(stored, 1000)).toBe(truncate(text, 1000));
    expect(truncate(stored, 1000)).toBe(`${text.slice(0, 1000)}… [4000 more characters]`);
    const excerpt = truncate(text, 1000);
    expect(truncate(excerpt, 1000)).toBe(excerpt);
    expect(truncate(excerpt, 10)).toBe(truncate(text, 10));
  });
});
