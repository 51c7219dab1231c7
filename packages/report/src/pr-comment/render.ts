/** Assembling the comment from its sections for one layout (what to include, how many cases). */
import type { CaseStatus, DataReport, EvalReport } from '@mlgate/core';
import { details, safeUrl } from './blocks.js';
import { caseCountsLine, CasePieces, caseSections, renderSection, type CaseSection } from './cases.js';
import { chartSection } from './chart.js';
import { costLine } from './cost.js';
import { dataSection } from './data.js';
import { footer, shortenedNote, type Target } from './footer.js';
import {
  gateReasons,
  gatesTable,
  headlineGates,
  otherMetricNames,
  otherMetricsTable,
  sliceGates,
  slicesTable,
} from './metrics.js';
import { evalReferenceLine } from '../reference.js';
import { contextLine, verdictHeading } from './verdict.js';

/** How the budget counts: UTF-16 code units (≥ the characters GitHub counts) or UTF-8 bytes. */
export type Measure = (text: string) => number;
export const utf16Length: Measure = (text) => text.length;
export const utf8Length: Measure = (text) => Buffer.byteLength(text, 'utf8');

/** What a rendering includes; the budget search only ever reduces these. */
export interface Layout {
  /** Cases listed per section. */
  shown: Record<CaseStatus, number>;
  /** How many listed cases keep their input/output block, counted in reading order (regressions first). */
  detailed: number;
  chart: boolean;
  dataTables: boolean;
  otherMetrics: boolean;
  gateReasons: boolean;
  /** Gate rows kept (headline gates first, then slice gates): a last resort. */
  gateRows: number;
  /** Verdict and footer only: when nothing else fits. */
  minimal: boolean;
  /** Adds the "shortened" note. */
  shortened: boolean;
}

/** Everything that does not depend on the layout, computed once. */
export class CommentParts {
  readonly sections: CaseSection[];
  readonly pieces: CasePieces;
  readonly heading: string;
  readonly context: string;
  /** What the baseline comparisons compared with: commit, age, how it was found. */
  readonly reference: string;
  readonly chart: string;
  readonly cost: string;
  readonly footer: string;
  readonly hasDetailsLink: boolean;
  private readonly dataFull: string;
  private readonly dataLines: string;
  private readonly other: string;
  private readonly otherCount: number;
  private readonly reasons: string;
  private readonly caseCounts: string;

  constructor(
    readonly report: EvalReport,
    dataReports: DataReport[],
    detailsUrl: string | undefined,
    private readonly target: Target = 'comment',
    runUrl?: string,
  ) {
    this.sections = caseSections(report);
    this.pieces = new CasePieces(report.task);
    this.heading = verdictHeading(report);
    this.context = contextLine(report);
    this.reference = evalReferenceLine(report);
    this.chart = chartSection(report);
    this.cost = costLine(report);
    this.footer = footer(report, detailsUrl, runUrl);
    this.hasDetailsLink = safeUrl(detailsUrl) !== undefined;
    this.dataFull = dataSection(dataReports, true);
    this.dataLines = dataSection(dataReports, false);
    this.other = otherMetricsTable(report);
    this.otherCount = otherMetricNames(report).length;
    this.reasons = gateReasons(report);
    this.caseCounts = caseCountsLine(report, this.sections);
  }

  /** Data tables can be dropped only when they exist. */
  get hasDataTables(): boolean {
    return this.dataFull !== this.dataLines;
  }
  get hasOtherMetrics(): boolean {
    return this.other !== '';
  }
  get hasGateReasons(): boolean {
    return this.reasons !== '';
  }
  get gateCount(): number {
    return this.report.gates.length;
  }

  /**
   * The comment for `layout`, or undefined as soon as it is known to exceed `budget`
   * (sections are added in order, so a long tail of cases is never rendered in vain).
   */
  render(layout: Layout, budget: number, measure: Measure = utf16Length): string | undefined {
    const blocks: string[] = [];
    let length = 1; // the final newline
    const add = (block: string): boolean => {
      if (block === '') return true;
      length += measure(block) + (blocks.length > 0 ? 2 : 0);
      blocks.push(block);
      return length <= budget;
    };
    // The tail (note and footer) is reserved up front so the early exits are exact.
    const tail = [
      layout.shortened ? shortenedNote(this.target, this.hasDetailsLink) : '',
      this.footer,
    ].filter(Boolean);
    length += tail.reduce((sum, block) => sum + measure(block) + 2, 0);
    if (!add(this.heading)) return undefined;
    if (!layout.minimal) {
      if (!this.renderBody(layout, add)) return undefined;
    }
    for (const block of tail) blocks.push(block);
    const markdown = `${blocks.join('\n\n')}\n`;
    return measure(markdown) <= budget ? markdown : undefined;
  }

  private renderBody(layout: Layout, add: (block: string) => boolean): boolean {
    const report = this.report;
    const headlineRows = Math.min(layout.gateRows, headlineGates(report).length);
    const sliceRows = Math.max(0, layout.gateRows - headlineRows);
    const droppedGates = this.gateCount - Math.min(layout.gateRows, this.gateCount);
    if (!add(this.context) || !add(this.reference)) return false;
    if (!add(gatesTable(report, headlineRows))) return false;
    if (droppedGates > 0 && !add(`…and ${droppedGates} more gates: see the job summary.`)) return false;
    if (layout.gateReasons && !add(this.reasons)) return false;
    if (layout.otherMetrics && this.other && !add(details(`Other metrics (${this.otherCount})`, this.other)))
      return false;
    if (sliceRows > 0 && sliceGates(report).length > 0 && !add(slicesTable(report, sliceRows))) return false;
    if (!add(this.caseCounts)) return false;
    let offset = 0;
    for (const section of this.sections) {
      const shown = Math.min(layout.shown[section.status], section.entries.length);
      const detailed = Math.max(0, Math.min(shown, layout.detailed - offset));
      offset += shown;
      const block = renderSection(
        section,
        { shown, detailed, open: section.status === 'regressed' },
        this.pieces,
      );
      if (!add(block)) return false;
    }
    if (layout.chart && !add(this.chart)) return false;
    if (!add(this.cost)) return false;
    return add(layout.dataTables ? this.dataFull : this.dataLines);
  }
}
