/** validate-data reports: each dataset's verdict, the checks that did not pass and the drifted columns. */
import { escapeTableCell, truncate, type DataReport } from '@mlgate/core';
import { formatNumber } from '../format.js';
import { dataReferenceLine } from '../reference.js';
import { codeSpan, table } from './blocks.js';

const DATA_ICONS: Record<DataReport['outcome'], string> = { pass: '✅', warn: '⚠️', fail: '❌' };
const CHECK_ICONS: Record<'pass' | 'fail' | 'warn', string> = { pass: '✅', warn: '⚠️', fail: '❌' };
/** Rows per table; the rest is counted. */
const ROWS_SHOWN = 20;

const plural = (count: number, word: string) => `${formatNumber(count)} ${word}${count === 1 ? '' : 's'}`;

/** "❌ `data/train.csv`: fail · 10,000 rows · 2 checks did not pass · 1 drifted column". */
export function datasetLine(report: DataReport): string {
  const failing = report.checks.filter((check) => check.status !== 'pass').length;
  const parts = [
    `${DATA_ICONS[report.outcome] ?? '❔'} ${codeSpan(truncate(report.dataset, 120))}: ${report.outcome}`,
    plural(report.rows, 'row'),
    failing > 0 ? `${plural(failing, 'check')} of ${formatNumber(report.checks.length)} did not pass` : '',
    report.driftedColumns.length > 0 ? plural(report.driftedColumns.length, 'drifted column') : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

function more(total: number): string {
  return total > ROWS_SHOWN ? `\n\n…and ${formatNumber(total - ROWS_SHOWN)} more.` : '';
}

/** The checks that did not pass and the drifted columns of one dataset, as tables ('' when none). */
export function datasetTables(report: DataReport): string {
  const failing = report.checks.filter((check) => check.status !== 'pass');
  const parts: string[] = [];
  if (failing.length > 0) {
    parts.push(
      table(
        [
          { header: 'Check' },
          { header: 'Column' },
          { header: 'Message' },
          { header: 'Status', align: 'center' },
        ],
        failing
          .slice(0, ROWS_SHOWN)
          .map((check) => [
            escapeTableCell(check.check, 60),
            check.column === undefined ? '' : escapeTableCell(check.column, 60),
            escapeTableCell(check.message, 300),
            CHECK_ICONS[check.status] ?? '❔',
          ]),
      ) + more(failing.length),
    );
  }
  if (report.driftedColumns.length > 0) {
    parts.push(
      table(
        [
          { header: 'Drifted column' },
          { header: 'Statistic' },
          { header: 'Value', align: 'right' },
          { header: 'Threshold', align: 'right' },
        ],
        report.driftedColumns
          .slice(0, ROWS_SHOWN)
          .map((drift) => [
            escapeTableCell(drift.column, 60),
            escapeTableCell(drift.statistic, 40),
            formatNumber(drift.value),
            formatNumber(drift.threshold),
          ]),
      ) + more(report.driftedColumns.length),
    );
  }
  return parts.join('\n\n');
}

/** The data section: a line per dataset, with its tables unless `tables` is false (budget). */
export function dataSection(reports: DataReport[], tables: boolean): string {
  if (reports.length === 0) return '';
  const blocks = reports.flatMap((report) => {
    const detail = tables ? datasetTables(report) : '';
    return [datasetLine(report), dataReferenceLine(report), detail].filter(Boolean);
  });
  return ['**Data**', ...blocks].join('\n\n');
}
