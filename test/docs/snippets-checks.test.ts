/** The checks of the docs test fire on the mistakes they exist for, and wrapping a fragment adds no error. */
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { repoRoot } from '../e2e/runner.js';
import {
  actionlint,
  checkTriggers,
  checkWorkflow,
  codeBlocks,
  headingAnchors,
  locator,
  mlgateInsideLine,
  shellCommands,
  wrapFragment,
} from './snippets.js';

const stepsProblems = (text: string): string[] =>
  checkWorkflow(repoRoot, { jobs: { snippet: { steps: parse(text) } } }, 'doc.md', locator(text, 10));

describe('checkWorkflow', () => {
  it('passes a correct chain of mlgate steps', () => {
    const text = [
      '- uses: OWNER/mlgate/actions/eval-gate@v1',
      '  id: gate',
      '  with:',
      '    results: eval/results.jsonl',
      '    baseline: auto',
      '- uses: OWNER/mlgate/actions/pr-eval-comment@v1',
      '  with:',
      '    report: ${{ steps.gate.outputs.report }}',
      '- env:',
      '    SUMMARY: ${{ steps.gate.outputs.summary }}',
      '  run: echo "$SUMMARY"',
    ].join('\n');
    expect(stepsProblems(text)).toEqual([]);
  });

  it('names an unknown input, a missing required input, an unknown step and an unknown output', () => {
    const text = [
      '- uses: OWNER/mlgate/actions/pr-eval-comment@v1',
      '  id: comment',
      '  with:',
      '    reports: x',
      '- uses: OWNER/mlgate@v1',
      '  with:',
      '    gates: ${{ steps.gate.outputs.report }}',
      '- uses: actions/upload-artifact@v4',
      '  with:',
      '    path: ${{ steps.comment.outputs.nothing }}',
    ].join('\n');
    const problems = stepsProblems(text);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^doc\.md:13: "reports" is not an input of actions\/pr-eval-comment\/action\.yml/,
        ),
        expect.stringMatching(/required input "results" of action\.yml is missing/),
        expect.stringMatching(/steps\.gate\.outputs\.report: no step with id "gate"/),
        expect.stringMatching(/steps\.comment\.outputs\.nothing: .* has no output "nothing"/),
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('flags untrusted expressions inside run:, but not in env:', () => {
    const text = [
      '- uses: OWNER/mlgate/actions/eval-gate@v1',
      '  id: gate',
      '  with:',
      '    results: r.jsonl',
      '- run: echo "${{ steps.gate.outputs.summary }}"',
      '- run: echo "${{ github.event.pull_request.title }} ${{ github.head_ref }} ${{ inputs.x }}"',
      '- run: echo "${{ matrix.shard }}"',
    ].join('\n');
    const problems = stepsProblems(text);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(
      /^doc\.md:14: \$\{\{ steps\.gate\.outputs\.summary \}\} inside run: is a shell injection/,
    );
  });

  it('flags a report, baseline or manifest that nothing writes, and accepts what an earlier step writes', () => {
    const bad = [
      '- uses: OWNER/mlgate/actions/eval-gate@v1',
      '  with:',
      '    results: r.jsonl',
      '    baseline: baseline/eval-report.json',
      '- uses: OWNER/mlgate/actions/canary-deploy@v1',
      '  with:',
      '    router: nginx',
      '    config: deploy.yml',
      '    require-lineage: models/lineage.json',
    ].join('\n');
    expect(stepsProblems(bad)).toEqual([
      expect.stringMatching(
        /^doc\.md:13: baseline: baseline\/eval-report\.json is read, but no earlier step/,
      ),
      expect.stringMatching(/^doc\.md:18: require-lineage: models\/lineage\.json is read/),
    ]);
    const good = [
      '- uses: actions/download-artifact@v4',
      '  with:',
      '    name: mlgate-reports',
      '    path: mlgate-reports',
      '- uses: OWNER/mlgate/actions/pr-eval-comment@v1',
      '  with:',
      '    report: mlgate-reports/eval-report.json',
      '- uses: OWNER/mlgate/actions/eval-gate@v1',
      '  with:',
      '    results: r.jsonl',
      '    baseline: pinned:release-3',
      '- uses: OWNER/mlgate/actions/lineage-tag@v1',
      '  with:',
      '    model: m.onnx',
      '    name: m',
      '    eval-report: mlgate-reports/eval-report.json # eval-gate wrote it (report-path default)',
    ].join('\n');
    expect(stepsProblems(good)).toEqual([]);
  });

  it('checks the with: of a call of the reusable workflow against its workflow_call inputs', () => {
    const workflow = {
      jobs: {
        pipeline: {
          uses: 'OWNER/mlgate/.github/workflows/ml-pipeline.yml@v1',
          with: { results: 'r.jsonl', 'eval-cmd': 'x' },
        },
      },
    };
    expect(checkWorkflow(repoRoot, workflow, 'w.yml', () => 1)).toEqual([
      'w.yml:1: "eval-cmd" is not an input of .github/workflows/ml-pipeline.yml (OWNER/mlgate/.github/workflows/ml-pipeline.yml@v1)',
      'w.yml:1: required input "eval-command" of .github/workflows/ml-pipeline.yml is missing (OWNER/mlgate/.github/workflows/ml-pipeline.yml@v1)',
    ]);
  });
});

describe('checkTriggers', () => {
  const gate = { runs_on: 'x', steps: [{ uses: 'OWNER/mlgate@v1', with: { results: 'r' } }] };
  it('wants push to main next to pull_request, and permissions', () => {
    expect(checkTriggers(repoRoot, { on: 'pull_request', jobs: { a: gate } }, 'w.yml')).toEqual([
      expect.stringMatching(/no top-level permissions/),
      expect.stringMatching(/not on push to main/),
    ]);
    expect(
      checkTriggers(
        repoRoot,
        { on: { pull_request: null, push: { branches: ['main'] } }, permissions: {}, jobs: { a: gate } },
        'w.yml',
      ),
    ).toEqual([]);
  });
});

describe('wrapping and linting', () => {
  it('a correct fragment wrapped into a workflow has no actionlint finding; a wrong one keeps its line', () => {
    const fragment = [
      '- uses: actions/checkout@v4',
      '- uses: OWNER/mlgate@v1',
      '  id: mlgate',
      '  with:',
      '    results: r.jsonl',
      '- env:',
      '    SUMMARY: ${{ steps.mlgate.outputs.summary }}',
      '  run: |',
      '    echo "$SUMMARY"',
      '    echo done',
      '- run: echo ${{ steps.gate.outputs.report }}',
    ].join('\n');
    const wrapped = wrapFragment(fragment, 'steps', parse(fragment));
    const findings = actionlint([{ path: 'f.yml', data: wrapped.text }]);
    expect(findings.map((finding) => finding.line - wrapped.lineOffset)).toEqual([11]);
    expect(findings[0].message).toMatch(/property "gate" is not defined/);
  });
});

describe('Markdown', () => {
  it('finds fenced blocks with their first line and language', () => {
    const blocks = codeBlocks(
      'a.md',
      'text\n```yaml\na: 1\n```\n\n  ~~~sh\n  mlgate x\n  ~~~\n```\nplain\n```\n',
    );
    expect(blocks.map(({ line, lang, text }) => [line, lang, text])).toEqual([
      [3, 'yaml', 'a: 1\n'],
      [7, 'sh', 'mlgate x\n'],
      [10, '', 'plain\n'],
    ]);
  });

  it('slugs headings as GitHub does', () => {
    const anchors = headingAnchors(
      '# The `gates` file\n## Fork pull requests\n## Fork pull requests\n### A/B: 5% — ok?\n',
    );
    expect([...anchors]).toEqual([
      'the-gates-file',
      'fork-pull-requests',
      'fork-pull-requests-1',
      'ab-5--ok',
    ]);
  });

  it('reads the markers of shell lines', () => {
    const [a, b, c, d] = shellCommands({
      file: 'a.md',
      line: 5,
      lang: 'sh',
      text: 'npx mlgate eval-gate \\\n  --results r.jsonl # exits 1\nmlgate baseline bless --name x # needs a GitHub runner\n$ npm test\nmlgate x # needs your model\n',
    });
    expect([a.line, a.mlgate, a.expectedExit, a.needsRunner]).toEqual([5, true, 1, false]);
    expect([b.line, b.needsRunner]).toEqual([7, true]);
    expect([c.command, c.mlgate]).toEqual(['npm test', false]);
    expect(d.needsRunner).toBe(true);
    expect(mlgateInsideLine('npm ci && npx mlgate eval-gate --results r')).toBe(true);
    expect(mlgateInsideLine('mlgate eval-gate --results r # mlgate docs')).toBe(false);
  });
});
