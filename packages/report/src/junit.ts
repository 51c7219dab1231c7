/**
 * An eval report as JUnit XML, for the test reporters already in users' workflows (dorny/test-reporter,
 * mikepenz/action-junit-report, GitLab's JUnit view): one <testcase> per eval case and one per gate.
 *
 * - A case that errored has an <error> with the case's error; a case that did not pass (majority over repeats, or a
 *   classification case whose prediction is not the expected label) has a <failure> saying why (expected vs predicted, or how many repeats passed). Scores and tags are <property>
 *   entries, the output is <system-out>, the latency is `time` (seconds).
 * - A gate is a <testcase> of the "gates" suite: a failed gate has a <failure> with the gate's message, an
 *   inconclusive one is <skipped> with it (it neither passed nor failed).
 */
import type { CaseRecord, EvalReport, GateResult } from '@mlgate/core';

/** Text safe inside XML: escaped, with the characters XML 1.0 forbids (most C0 controls, lone surrogates) dropped. */
export function xmlText(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attributes = (values: Record<string, string | number | undefined>): string =>
  Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${xmlText(String(value))}"`)
    .join('');

/** Why a case did not pass, in one line. */
function failureMessage(item: CaseRecord): string {
  if (item.passRate !== undefined && (item.repeats ?? 1) > 1) {
    const passed = Math.round(item.passRate * (item.repeats ?? 1));
    return `passed ${passed} of ${item.repeats} repeats${item.flaky ? ' (flaky)' : ''}`;
  }
  if (item.expected !== undefined && item.predicted !== undefined)
    return `expected ${JSON.stringify(item.expected)}, predicted ${JSON.stringify(item.predicted)}`;
  return 'the case did not pass';
}

/**
 * Whether a case passed: its recorded pass (explicit pass/fail, majority over repeats), else for a
 * classification task whether the prediction is the expected label; undefined when neither says.
 */
function casePassed(item: CaseRecord, task: EvalReport['task']): boolean | undefined {
  if (item.pass !== undefined) return item.pass;
  if (
    (task === 'binary' || task === 'multiclass') &&
    item.expected !== undefined &&
    item.predicted !== undefined
  )
    return String(item.expected) === String(item.predicted);
  return undefined;
}

function caseXml(item: CaseRecord, suite: string, task: EvalReport['task']): string {
  const time = item.latencyMs !== undefined ? (item.latencyMs / 1000).toFixed(3) : undefined;
  const lines = [`    <testcase${attributes({ classname: suite, name: item.id, time })}>`];
  const properties = [
    ...Object.entries(item.scores ?? {}).map(([name, value]) => [`score:${name}`, String(value)]),
    ...Object.entries(item.tags ?? {}).map(([name, value]) => [`tag:${name}`, value]),
    ...(item.source ? [['source', `${item.source.file}:${item.source.line}`]] : []),
  ];
  if (properties.length > 0) {
    lines.push('      <properties>');
    for (const [name, value] of properties) lines.push(`        <property${attributes({ name, value })}/>`);
    lines.push('      </properties>');
  }
  if (item.error !== undefined) {
    lines.push(
      `      <error${attributes({ message: item.error.split('\n')[0] })}>${xmlText(item.error)}</error>`,
    );
  } else if (casePassed(item, task) === false) {
    const message = failureMessage(item);
    const why = Object.entries(item.reasons ?? {}).map(([name, reason]) => `${name}: ${reason}`);
    const body = [message, ...why, item.input !== undefined ? `input: ${item.input}` : undefined]
      .filter((part) => part !== undefined)
      .join('\n');
    lines.push(`      <failure${attributes({ message })}>${xmlText(body)}</failure>`);
  }
  if (item.output !== undefined) lines.push(`      <system-out>${xmlText(item.output)}</system-out>`);
  lines.push('    </testcase>');
  return lines.join('\n');
}

function gateName(gate: GateResult): string {
  const slice = gate.slice ? ` [${gate.slice.tag}=${gate.slice.value}]` : '';
  return `${gate.metric}${slice} ${gate.rule}`;
}

function gateXml(gate: GateResult): string {
  const open = `    <testcase${attributes({ classname: 'mlgate.gates', name: gateName(gate) })}>`;
  if (gate.status === 'fail' && gate.severity === 'error')
    return `${open}\n      <failure${attributes({ message: gate.message })}>${xmlText(gate.message)}</failure>\n    </testcase>`;
  if (gate.status !== 'pass')
    return `${open}\n      <skipped${attributes({ message: gate.message })}/>\n    </testcase>`;
  return `${open}</testcase>`;
}

/** The report's cases and gates as a JUnit XML document. */
export function renderJunitXml(report: EvalReport): string {
  const suite = 'mlgate.eval';
  const cases = report.cases;
  const errors = cases.filter((item) => item.error !== undefined).length;
  const failures = cases.filter(
    (item) => item.error === undefined && casePassed(item, report.task) === false,
  ).length;
  const seconds = cases.reduce((sum, item) => sum + (item.latencyMs ?? 0), 0) / 1000;
  const gateFailures = report.gates.filter(
    (gate) => gate.status === 'fail' && gate.severity === 'error',
  ).length;
  const gateSkipped = report.gates.filter(
    (gate) => gate.status !== 'pass' && !(gate.status === 'fail' && gate.severity === 'error'),
  ).length;
  const sources = report.sources.map((source) => source.file).join(', ');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'mlgate eval-gate', tests: cases.length + report.gates.length, failures: failures + gateFailures, errors, skipped: gateSkipped })}>`,
    `  <testsuite${attributes({ name: `eval cases (${sources})`, tests: cases.length, failures, errors, skipped: 0, time: seconds.toFixed(3), timestamp: report.generatedAt })}>`,
    ...cases.map((item) => caseXml(item, suite, report.task)),
    '  </testsuite>',
    `  <testsuite${attributes({ name: 'gates', tests: report.gates.length, failures: gateFailures, errors: 0, skipped: gateSkipped })}>`,
    ...report.gates.map(gateXml),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
