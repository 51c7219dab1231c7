/** The row-level findings of a report as annotations: failing rows first by check, capped, the total kept. */
import { formatNumber, type DataReport } from '@mlgate/core';

export interface RowAnnotation {
  level: 'error' | 'warning';
  file: string;
  line: number;
  title: string;
  message: string;
}

export function rowAnnotations(report: DataReport, max: number): { written: RowAnnotation[]; total: number } {
  const written: RowAnnotation[] = [];
  let total = 0;
  for (const check of report.checks) {
    if (check.status === 'pass') continue;
    const level = check.status === 'fail' ? 'error' : 'warning';
    const title = `mlgate: ${check.column ? `${check.column} ` : ''}${check.check}`;
    if (check.samples?.length) {
      total += check.failingRows ?? check.samples.length;
      for (const sample of check.samples) {
        if (written.length >= max) break;
        const value = sample.value === undefined ? '' : ` (value: ${JSON.stringify(sample.value)})`;
        written.push({
          level,
          file: sample.file,
          line: sample.line,
          title,
          message: `${sample.message ?? check.message}${value}`,
        });
      }
    } else if (check.file) {
      total++;
      if (written.length < max)
        written.push({ level, file: check.file, line: check.line ?? 1, title, message: check.message });
    }
  }
  return { written, total };
}

/** "110 more findings not annotated (max-annotations 10; 120 in all): the job summary and the report list them by check." */
export function unannotatedNote(total: number, written: number, max: number): string {
  return `${formatNumber(total - written)} more finding${total - written === 1 ? '' : 's'} not annotated (max-annotations ${formatNumber(max)}; ${formatNumber(total)} in all): the job summary and the report list them by check.`;
}
