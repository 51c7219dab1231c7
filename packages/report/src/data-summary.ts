/**
 * The data report as Markdown for the job summary: a one-line verdict, the checks that did not pass
 * (observed vs expected, failing rows and where the first ones are), the drift table and a per-column
 * profile. Column names, values and file names come from the data: untrusted, always escaped.
 */
import {
  CALENDAR_PART_NAMES,
  escapeTableCell,
  inlineCode,
  type ColumnReport,
  type DataReport,
  type DriftResult,
  type FailingRowSample,
} from '@mlgate/core';
import { formatNumber, formatPercent } from './format.js';
import { dataReferenceLine } from './reference.js';
import { codeSpan, table, tableOfLines, tableRow, type Column } from './pr-comment/blocks.js';
import { largest } from './pr-comment/budget.js';
import { utf8Length } from './pr-comment/render.js';
import { FULL_COMMENT_BUDGET } from './pr-comment/types.js';

const OUTCOME: Record<DataReport['outcome'], string> = { pass: '✅', warn: '⚠️', fail: '❌' };
const DRIFT_STATUS: Record<DriftResult['status'], string> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  insufficient: '➖ insufficient data',
  info: 'ℹ️',
};
/** Failing checks listed in full; beyond this they are counted. */
const MAX_CHECK_ROWS = 100;
const LINES_SHOWN = 3;

const count = (n: number, word: string) => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;

/** Rows of the long tables a summary shows; the budget search only ever reduces these. */
interface SummaryRows {
  checks: number;
  drift: number;
  columns: number;
}

/**
 * The job summary, within `budget` UTF-8 bytes (GitHub drops a step's whole summary above 1 MiB): when the full
 * summary is longer, the column table is cut first, then the drift table, then the failing checks (each as little as
 * possible, with pr-eval-comment's search), and a closing line says what was left out and that the report has all.
 */
export function renderDataSummary(report: DataReport, budget = FULL_COMMENT_BUDGET): string {
  const all: SummaryRows = {
    checks: report.checks.filter((check) => check.status !== 'pass').length,
    drift: report.drift?.length ?? 0,
    columns: report.columns?.length ?? 0,
  };
  const lines = tableLines(report);
  const full = renderRows(report, all, lines);
  if (utf8Length(full) <= budget) return full;
  let rows = { ...all, columns: 0, drift: 0, checks: 0 };
  const fits = (next: SummaryRows) => {
    const markdown = renderRows(report, next, lines, all);
    return utf8Length(markdown) <= budget ? markdown : undefined;
  };
  for (const part of ['checks', 'drift', 'columns'] as const) {
    // Parts are restored in order of importance: failing checks, then drift, then columns.
    const best = largest(0, all[part], (count) => fits({ ...rows, [part]: count }));
    if (!best) break;
    rows = { ...rows, [part]: best.x };
    if (best.x < all[part]) break;
  }
  return renderRows(report, rows, lines, all);
}

/**
 * The rows of a long table, each written once: the budget search renders the summary ~20 times with more or fewer
 * rows (a file of 100,000 columns would otherwise format 100,000 rows each time).
 */
class TableLines<T> {
  private readonly lines: string[] = [];

  constructor(
    private readonly items: readonly T[],
    private readonly cells: (item: T) => string[],
  ) {}

  first(count: number): string[] {
    const end = Math.min(count, this.items.length);
    for (let i = this.lines.length; i < end; i++) this.lines.push(tableRow(this.cells(this.items[i])));
    return this.lines.slice(0, end);
  }
}

interface SummaryLines {
  drift: TableLines<DriftResult>;
  columns: TableLines<ColumnReport>;
}

function tableLines(report: DataReport): SummaryLines {
  return {
    drift: new TableLines(report.drift ?? [], driftCells),
    columns: new TableLines(report.columns ?? [], columnCells),
  };
}

function renderRows(report: DataReport, rows: SummaryRows, lines: SummaryLines, all?: SummaryRows): string {
  const failing = report.checks.filter((check) => check.status !== 'pass');
  const parts = headerParts(report, failing);
  if (failing.length) parts.push(...checkParts(failing, rows.checks));
  if (report.drift?.length) parts.push(...driftParts(report.drift, lines.drift.first(rows.drift)));
  if (report.columns?.length)
    parts.push('### Columns', tableOfLines(COLUMN_TABLE, lines.columns.first(rows.columns)));
  if (all) parts.push(shortenedNote(rows, all));
  return `${parts.join('\n\n')}\n`;
}

/** The title, the one-line verdict, the reference compared against and what was not annotated. */
function headerParts(report: DataReport, failing: DataReport['checks']): string[] {
  const failed = failing.filter((check) => check.status === 'fail').length;
  const drifted = (report.drift ?? []).filter((d) => d.status === 'fail' || d.status === 'warn');
  const compared = (report.drift ?? []).filter((d) => d.status !== 'insufficient');
  const verdict = [
    `${count(report.rows, 'row')}${report.files ? ` in ${count(report.files.length, 'file')}` : ''}`,
    failed ? `${count(failed, 'check')} failed` : '',
    failing.length - failed ? `${count(failing.length - failed, 'warning')}` : '',
    `${formatNumber(report.checks.length - failing.length)} of ${formatNumber(report.checks.length)} checks passed`,
    // Only when columns were compared: "drift in 0 of 0 compared columns" says nothing true.
    compared.length > 0 ? `drift in ${drifted.length} of ${compared.length} compared columns` : '',
  ].filter(Boolean);
  const parts = [
    `## ${OUTCOME[report.outcome]} validate-data: ${report.outcome} — ${codeSpan(report.dataset)}`,
    verdict.join(' · '),
  ];
  const reference = dataReferenceLine(report);
  if (reference) parts.push(reference);
  if (report.annotations && report.annotations.total > report.annotations.written)
    parts.push(
      `Annotations: ${formatNumber(report.annotations.written)} of ${formatNumber(report.annotations.total)} findings annotated, ${formatNumber(report.annotations.total - report.annotations.written)} more not annotated (max-annotations): the table below and the report list the first 20 of each check.`,
    );
  return parts;
}

/** The checks that did not pass: a table of the first `shown`, then the first ten messages. */
function checkParts(failing: DataReport['checks'], shown: number): string[] {
  const parts = [
    '### Checks that did not pass',
    table(
      [
        { header: '' },
        { header: 'Column' },
        { header: 'Check' },
        { header: 'Observed' },
        { header: 'Expected' },
        { header: 'Failing rows', align: 'right' },
        { header: 'First failing lines' },
      ],
      failing.slice(0, Math.min(MAX_CHECK_ROWS, shown)).map((check) => [
        OUTCOME[check.status === 'fail' ? 'fail' : 'warn'],
        check.column === undefined ? '—' : escapeTableCell(check.column, 60),
        escapeTableCell(check.check, 40),
        escapeTableCell(check.observed ?? check.message, 120),
        escapeTableCell(check.expected ?? '', 80),
        check.failingRows === undefined ? '' : formatNumber(check.failingRows),
        (check.samples ?? [])
          .slice(0, LINES_SHOWN)
          .map((sample) => `${inlineCode(`${sample.file}:${sample.line}`)}${sampleDetail(sample)}`)
          .join('<br>') ||
          (check.file ? inlineCode(`${check.file}${check.line ? `:${check.line}` : ''}`) : ''),
      ]),
    ),
  ];
  const shownChecks = Math.min(MAX_CHECK_ROWS, shown);
  if (failing.length > shownChecks)
    parts.push(`…and ${formatNumber(failing.length - shownChecks)} more in the report.`);
  const messages = failing.slice(0, 10).map((check) => `- ${escapeTableCell(check.message, 300)}`);
  parts.push(messages.join('\n'));
  return parts;
}

/** The drift table (its rows shown, written by driftCells) and how the levels not set in the contract were chosen. */
function driftParts(drift: DriftResult[], shown: string[]): string[] {
  const parts = ['### Drift against the reference', tableOfLines(DRIFT_TABLE, shown)];
  if (drift.some((d) => d.basis && d.basis !== 'set in the contract'))
    parts.push(
      'Levels not set in the contract are calibrated to the sample sizes: same-distribution samples of these ' +
        'sizes reach the warn level in 0.2% and the fail level in 0.01% of draws, and never below a floor ' +
        '(the `basis` of each column in the JSON report).',
    );
  return parts;
}

const DRIFT_TABLE: Column[] = [
  { header: 'Column' },
  { header: 'Statistic' },
  { header: 'Value', align: 'right' },
  { header: 'Warn at', align: 'right' },
  { header: 'Fail at', align: 'right' },
  { header: 'Status' },
  { header: 'Also measured' },
];

/** One row of the drift table. */
function driftCells(d: DriftResult): string[] {
  return [
    escapeTableCell(d.on ? `${d.column} (${CALENDAR_PART_NAMES[d.on]})` : d.column, 60),
    d.statistic,
    d.value === null ? (d.status === 'fail' ? '∞' : 'n/a') : formatNumber(d.value),
    d.warn === undefined ? '' : formatNumber(d.warn),
    d.fail === undefined ? '' : formatNumber(d.fail),
    DRIFT_STATUS[d.status],
    Object.entries(d.details ?? {})
      .filter(([name]) => name !== d.statistic)
      .map(([name, value]) => `${name} ${value === null ? 'n/a' : formatNumber(value)}`)
      .join(', '),
  ];
}

/** The per-column profile table. */
const COLUMN_TABLE: Column[] = [
  { header: 'Column' },
  { header: 'Type' },
  { header: 'Nulls', align: 'right' },
  { header: 'Invalid', align: 'right' },
  { header: 'Distinct ≈', align: 'right' },
  { header: 'Min', align: 'right' },
  { header: 'Mean', align: 'right' },
  { header: 'Median ≈', align: 'right' },
  { header: 'Max', align: 'right' },
  { header: 'Std', align: 'right' },
  { header: 'Most frequent' },
];

/** One row of the per-column profile table. */
function columnCells(column: ColumnReport): string[] {
  return [
    escapeTableCell(column.name, 60),
    escapeTableCell(column.type, 20),
    `${formatNumber(column.nulls)}${column.count ? ` (${formatPercent(column.nulls / column.count)})` : ''}`,
    formatNumber(column.invalid),
    formatNumber(column.distinct),
    value(column.min, column.type),
    value(column.mean, column.type),
    value(column.p50, column.type),
    value(column.max, column.type),
    column.std === undefined ? '' : formatNumber(column.std),
    column.topValuesStopped !== undefined
      ? `near unique: not tracked after ${formatNumber(column.topValuesStopped)} values`
      : (column.topValues ?? [])
          .slice(0, 3)
          .map((top) => `${inlineCode(top.value.slice(0, 30))} ${formatNumber(top.count)}`)
          .join(', '),
  ];
}

/** The sample's value, else why the row failed (a row that could not be read has no value). */
function sampleDetail(sample: FailingRowSample): string {
  if (sample.value !== undefined) return ` ${inlineCode(sample.value.slice(0, 40))}`;
  return sample.message ? ` ${escapeTableCell(sample.message, 80)}` : '';
}

/** What a shortened summary left out, so that nothing is dropped silently. */
function shortenedNote(rows: SummaryRows, all: SummaryRows): string {
  const left = (
    [
      ['failing checks', 'checks'],
      ['drift rows', 'drift'],
      ['columns', 'columns'],
    ] as const
  )
    .filter(([, part]) => rows[part] < all[part])
    .map(([word, part]) => `${formatNumber(rows[part])} of ${formatNumber(all[part])} ${word} shown`);
  return `<sub>Shortened to fit GitHub's 1 MiB job summary limit: ${left.join(', ')}. The JSON report (the \`report\` output) has them all.</sub>`;
}

/** Dates are profiled as days since the epoch and datetimes as milliseconds: shown as ISO text. */
function value(x: number | undefined, type: string): string {
  if (x === undefined) return '';
  if (type === 'date') return new Date(Math.round(x) * 86_400_000).toISOString().slice(0, 10);
  if (type === 'datetime') return new Date(Math.round(x)).toISOString().replace('.000Z', 'Z');
  return formatNumber(x);
}
