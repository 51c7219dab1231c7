// Preview of the pr-eval-comment pull-request comment as a reviewer sees it: renders the comment Markdown
// with GitHub's engine (cmark-gfm), wraps it in a page styled like a GitHub comment and screenshots it with
// headless Chromium into docs/images/pr-comment.png.
//
// Usage (after `npm run bundle`; imports nothing from the TypeScript sources):
//   node scripts/preview-comment.mjs [--markdown FILE] [--out PNG] [--html FILE] [--width 1000] [--height 2400]
//                                    [--dist DIR]
//
//   --markdown FILE  the comment to preview, e.g. the `body-path` output of pr-eval-comment or a file written
//                    by renderPrComment. Without it, the script builds the example comment itself: the bundled
//                    CLI (dist/cli) runs eval-gate on a scratch copy of examples/support-triage (eval/main.jsonl
//                    as the baseline, eval/pr-regressed.jsonl as the pull request), then the bundled
//                    action (dist/pr-eval-comment) renders it in summary-only mode (no GitHub API call) and the
//                    body file it writes is previewed. The example runs get fixed, made-up commit SHAs and a
//                    run URL so the verdict line and footer look as they do in CI.
//   --dist DIR       the bundles to run (default dist/), e.g. a scratch `ncc build` output
//   --out PNG        screenshot path (default docs/images/pr-comment.png)
//   --html FILE      also keep the HTML page
//   --width/--height browser window in CSS pixels (default 1000 × 2400); the screenshot is the window
//
// Needs cmark-gfm (apt-get install cmark-gfm) and Chromium (apt-get install chromium; /usr/bin/chromium).
// Raw HTML is NOT passed through (cmark-gfm runs without --unsafe): before rendering, the comment's own
// block markup — whole lines (possibly indented in a list item) `<details>`/`<details open>` with a
// `<summary>`, `</details>`, and lines wrapped in `<sub>` — outside fenced code is swapped for random
// placeholders, and only those placeholders become tags again.
// The page's Content-Security-Policy allows no script and no network access (only its inline style).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
const { values: args } = parseArgs({
  options: {
    markdown: { type: 'string' },
    dist: { type: 'string', default: path.join(root, 'dist') },
    out: { type: 'string', default: path.join(root, 'docs', 'images', 'pr-comment.png') },
    html: { type: 'string' },
    width: { type: 'string', default: '1000' },
    height: { type: 'string', default: '2400' },
  },
});

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((file) =>
  existsSync(file),
);
const work = mkdtempSync(path.join(tmpdir(), 'mlgate-preview-'));

/** The example comment, produced by the bundled CLI and action exactly as in CI (summary-only mode). */
function exampleComment() {
  const dist = path.resolve(args.dist);
  const cli = path.join(dist, 'cli', 'index.js');
  const action = path.join(dist, 'pr-eval-comment', 'index.js');
  for (const file of [cli, action]) {
    if (!existsSync(file))
      throw new Error(`${file} is missing: run \`npm run bundle\`, or pass --markdown FILE.`);
  }
  // A scratch copy of the example project, so report paths read as they do in CI (mlgate-reports/…).
  const project = path.join(work, 'support-triage');
  for (const part of ['eval', '.mlgate']) {
    cpSync(path.join(root, 'examples', 'support-triage', part), path.join(project, part), {
      recursive: true,
    });
  }
  const run = (results, report, sha, extra) => {
    const result = spawnSync(
      process.execPath,
      [
        cli,
        'eval-gate',
        '--results',
        results,
        '--gates',
        '.mlgate/gates.yml',
        '--report-path',
        report,
        ...extra,
      ],
      {
        cwd: project,
        encoding: 'utf8',
        env: {
          ...process.env,
          GITHUB_SHA: sha,
          GITHUB_REPOSITORY: 'acme/support-triage',
          GITHUB_RUN_ID: '4242',
          GITHUB_EVENT_PATH: '',
        },
      },
    );
    // eval-gate exits 1 when a gate fails: that is the point of the regressed example.
    if (!existsSync(path.join(project, report)))
      throw new Error(`eval-gate wrote no report:\n${result.stdout}\n${result.stderr}`);
    return report;
  };
  const baseline = run(
    'eval/main.jsonl',
    'mlgate-reports/main.json',
    '9a8b7c6d5e4f30211234567890abcdef12345678',
    [],
  );
  const report = run(
    'eval/pr-regressed.jsonl',
    'mlgate-reports/pr-regressed.json',
    '3f9c2a1e5b7d8c9f0a1b2c3d4e5f60718293a4b5',
    ['--baseline', baseline],
  );
  // The runner creates these files before a step runs; @actions/core appends to them.
  writeFileSync(path.join(work, 'summary.md'), '');
  writeFileSync(path.join(work, 'output.txt'), '');
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(GITHUB_|INPUT_)/.test(name)),
  );
  try {
    execFileSync(process.execPath, [action], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...env,
        INPUT_REPORT: report,
        INPUT_MODE: 'summary-only',
        'INPUT_COMMENT-ID': 'default',
        'INPUT_MAX-CASES': '20',
        'INPUT_DETAILS-URL': 'https://github.com/acme/support-triage/actions/runs/4242#artifacts',
        RUNNER_TEMP: work,
        GITHUB_WORKSPACE: project,
        GITHUB_STEP_SUMMARY: path.join(work, 'summary.md'),
        GITHUB_OUTPUT: path.join(work, 'output.txt'),
      },
    });
  } catch (error) {
    // The action reports on stdout (::error:: lines).
    throw new Error(`pr-eval-comment failed:\n${error.stdout ?? ''}${error.message}`);
  }
  return readFileSync(path.join(work, 'mlgate', 'pr-eval-comment-default.md'), 'utf8');
}

/**
 * Markdown → HTML with cmark-gfm, raw HTML off. Our own <details>/<summary>/<sub> lines travel as
 * placeholders (a random token no text can guess), so they alone become tags again.
 */
function toHtml(markdown) {
  const token = `MLGATE${randomBytes(8).toString('hex')}`;
  const open = new Map();
  let count = 0;
  let fence = '';
  const protectedMarkdown = markdown
    .split('\n')
    .map((line) => {
      // Inside a fenced code block every line is text.
      const marker = /^ *(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence) {
        const closes = marker && marker[0] === fence[0] && marker.length >= fence.length;
        if (closes && !line.trim().slice(marker.length).trim()) fence = '';
        return line;
      }
      if (marker) {
        fence = marker;
        return line;
      }
      // Our block lines, also indented inside a list item.
      const details = /^( *)<details( open)?><summary>(.*)<\/summary>$/.exec(line);
      if (details) {
        const key = `${token}D${count++}`;
        open.set(key, Boolean(details[2]));
        return `${details[1]}${key}X ${details[3]}`;
      }
      const end = /^( *)<\/details>$/.exec(line);
      if (end) return `${end[1]}${token}END`;
      const sub = /^<sub>(.*)<\/sub>$/.exec(line);
      if (sub) return `${token}SUB ${sub[1]} ${token}BUS`;
      return line;
    })
    .join('\n');
  const result = spawnSync('cmark-gfm', ['-e', 'table', '-e', 'autolink', '-e', 'strikethrough'], {
    input: protectedMarkdown,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error || result.status !== 0)
    throw new Error(`cmark-gfm failed (apt-get install cmark-gfm): ${result.error ?? result.stderr}`);
  return result.stdout
    .replace(new RegExp(`<p>(${token}D\\d+)X (.*?)</p>`, 'g'), (_match, key, summary) =>
      open.has(key) ? `<details${open.get(key) ? ' open' : ''}><summary>${summary}</summary>` : _match,
    )
    .replace(new RegExp(`<p>${token}END</p>`, 'g'), '</details>')
    .replace(new RegExp(`<p>${token}SUB (.*?) ${token}BUS</p>`, 'g'), '<p><sub>$1</sub></p>');
}

const CSS = `
  body { margin: 0; padding: 24px; background: #fff; color: #1f2328;
    font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", "Liberation Sans", Helvetica, Arial,
      sans-serif, "Apple Color Emoji", "Noto Color Emoji";
    font-size: 14px; line-height: 1.5; }
  .comment { max-width: 880px; border: 1px solid #d1d9e0; border-radius: 6px; }
  .comment-header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; border-radius: 6px 6px 0 0;
    padding: 8px 16px; color: #59636e; }
  .comment-header strong { color: #1f2328; }
  .markdown-body { padding: 16px; }
  .markdown-body > :first-child { margin-top: 0; }
  h3 { font-size: 1.25em; font-weight: 600; line-height: 1.25; margin: 24px 0 16px; }
  p, ul, table, pre, details { margin: 0 0 16px; }
  ul { padding-left: 2em; }
  table { border-collapse: collapse; border-spacing: 0; display: block; width: max-content; max-width: 100%;
    overflow: auto; font-variant-numeric: tabular-nums; }
  th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
  th { font-weight: 600; }
  tr { background: #fff; border-top: 1px solid #d1d9e0; }
  tr:nth-child(2n) { background: #f6f8fa; }
  code, pre { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono",
    monospace; font-size: 85%; }
  code { background: rgba(129, 139, 152, 0.12); border-radius: 6px; padding: 0.2em 0.4em; }
  pre { background: #f6f8fa; border-radius: 6px; padding: 16px; overflow: auto; line-height: 1.45; }
  pre code { background: transparent; padding: 0; font-size: 100%; }
  details summary { cursor: pointer; display: list-item; }
  details > :not(summary):first-of-type { margin-top: 16px; }
  sub { font-size: 75%; color: #59636e; vertical-align: baseline; }
  a { color: #0969da; text-decoration: none; }
`;

function page(body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>mlgate pull-request comment</title><style>${CSS}</style></head>
<body><div class="comment">
<div class="comment-header"><strong>github-actions</strong> bot commented</div>
<div class="markdown-body">
${body}
</div></div></body></html>
`;
}

try {
  if (!CHROMIUM) throw new Error('Chromium is missing: apt-get install -y chromium');
  const markdown = args.markdown ? readFileSync(args.markdown, 'utf8') : exampleComment();
  const html = page(toHtml(markdown));
  const htmlFile = path.join(work, 'comment.html');
  writeFileSync(htmlFile, html);
  if (args.html) writeFileSync(args.html, html);
  const out = path.resolve(args.out);
  mkdirSync(path.dirname(out), { recursive: true });
  rmSync(out, { force: true });
  execFileSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${path.join(work, 'profile')}`,
      `--screenshot=${out}`,
      `--window-size=${Number(args.width)},${Number(args.height)}`,
      `file://${htmlFile}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // Chromium exits 0 even when it could not take the screenshot.
  if (!existsSync(out)) throw new Error(`Chromium wrote no screenshot to ${out}`);
  console.log(
    `preview: ${path.relative(process.cwd(), out) || out} (${markdown.length} characters of Markdown)`,
  );
} catch (error) {
  console.error(`preview-comment: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
