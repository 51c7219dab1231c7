/**
 * Date and datetime columns in drift: a later batch of the same process passes (event times are not
 * compared by default, declared or not); a field can opt in on its values or on a calendar part, whose
 * counts are kept per UTC hour of day and day of week and survive a profile's JSON round trip.
 */
import { describe, expect, it } from '@jest/globals';
import { ColumnProfile } from '../../src/profile/column.js';
import { checkOf, csv, hasCheck, validate } from './helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 5); // a Monday

/** One batch of `days` days from `start`: hourly events in business hours (or at night), a stable amount. */
function batch(start: number, days: number, options: { night?: boolean } = {}) {
  const rows: string[] = [];
  for (let d = 0; d < days; d++)
    for (let h = 0; h < 24; h++) {
      const daytime = h >= 8 && h < 20;
      if (daytime === !!options.night) continue;
      const t = new Date(start + d * DAY + h * HOUR + ((d * 7 + h * 13) % 60) * 60_000);
      const amount = 10 + ((d * 31 + h * 17) % 23);
      rows.push(`${t.toISOString()},${t.toISOString().slice(0, 10)},${amount}`);
    }
  return csv('ts,day,amount', rows);
}

const contract = (tsDrift = '', dayDrift = '') =>
  [
    'fields:',
    `  - { name: ts, type: datetime${tsDrift} }`,
    `  - { name: day, type: date${dayDrift} }`,
    '  - { name: amount, type: integer }',
    '',
  ].join('\n');

describe('drift of dates and datetimes', () => {
  const reference = batch(START, 28);
  const later = batch(START + 28 * DAY, 28);

  it('a later batch from the same process passes: declared event times are not compared', async () => {
    const { report } = await validate({ 'ref.csv': reference, 'cur.csv': later }, contract(), {
      referenceData: ['ref.csv'],
    });
    expect(report.drift.map((d) => d.column)).toEqual(['amount']);
    expect(report.outcome).toBe('pass');
  });

  it('without a contract, columns that look like dates or datetimes are not compared either', async () => {
    const { report } = await validate({ 'ref.csv': reference, 'cur.csv': later }, undefined, {
      referenceData: ['ref.csv'],
    });
    expect(report.drift.map((d) => d.column)).toEqual(['amount']);
    expect(report.outcome).toBe('pass');
  });

  it('without a contract, whole numbers that are all distinct (row ids) are not compared; repeated ones are', async () => {
    const ids = (from: number) =>
      csv(
        'id,count',
        Array.from({ length: 500 }, (_, i) => `${from + i},${i % 7}`),
      );
    const { report } = await validate({ 'ref.csv': ids(1), 'cur.csv': ids(10_001) }, undefined, {
      referenceData: ['ref.csv'],
    });
    expect(report.drift.map((d) => [d.column, d.status])).toEqual([['count', 'pass']]);
  });

  it('drift: true compares the values, and a month later they have moved', async () => {
    const { report } = await validate({ 'ref.csv': reference, 'cur.csv': later }, contract(', drift: true'), {
      referenceData: ['ref.csv'],
    });
    expect(report.drift.find((d) => d.column === 'ts')).toMatchObject({ statistic: 'psi', status: 'fail' });
  });

  it('on: hourOfDay and on: dayOfWeek pass for the same daily rhythm and catch a move to the night', async () => {
    const opted = contract(', drift: { on: hourOfDay }', ', drift: { on: dayOfWeek }');
    const same = await validate({ 'ref.csv': reference, 'cur.csv': later }, opted, {
      referenceData: ['ref.csv'],
    });
    const ts = same.report.drift.find((d) => d.column === 'ts')!;
    // Twelve business hours a day, every hour equally often: the same shares both months.
    expect(ts).toMatchObject({ on: 'hourOfDay', statistic: 'jensen_shannon', status: 'pass', value: 0 });
    expect(same.report.drift.find((d) => d.column === 'day')).toMatchObject({
      on: 'dayOfWeek',
      status: 'pass',
    });
    expect(same.report.outcome).toBe('pass');

    const night = await validate(
      { 'ref.csv': reference, 'cur.csv': batch(START + 28 * DAY, 28, { night: true }) },
      opted,
      { referenceData: ['ref.csv'] },
    );
    // No hour in common: the Jensen-Shannon distance is 1.
    expect(night.report.drift.find((d) => d.column === 'ts')).toMatchObject({ status: 'fail', value: 1 });
    expect(checkOf(night.report, 'drift', 'ts').message).toMatch(
      /^ts \(hour of day\): jensen_shannon 1 ≥ fail/,
    );
    expect(hasCheck(night.report, 'drift', 'day')).toBe(false);
  });

  it('keeps counts per UTC hour and weekday, merged and read back from JSON', () => {
    const profile = new ColumnProfile('ts', 'datetime');
    // 2026-01-05 is a Monday; 23:30 on Sunday 2026-01-11 is the last hour of day 6.
    for (const t of [START + 9 * HOUR, START + DAY + 9 * HOUR + 59 * 60_000, Date.UTC(2026, 0, 11, 23, 30)])
      profile.addNumber(t);
    const hours = profile.calendarCounts('hourOfDay')!;
    expect([...hours].map((c, h) => [h, c]).filter(([, c]) => c > 0)).toEqual([
      [9, 2],
      [23, 1],
    ]);
    expect([...profile.calendarCounts('dayOfWeek')!]).toEqual([1, 1, 0, 0, 0, 0, 1]);
    const copy = ColumnProfile.fromJSON(JSON.parse(JSON.stringify(profile.toJSON())));
    copy.merge(profile);
    expect([...copy.calendarCounts('dayOfWeek')!]).toEqual([2, 2, 0, 0, 0, 0, 2]);
    // Dates count weekdays only; before 1970 too (1969-12-29 was a Monday: epoch day −3).
    const days = new ColumnProfile('day', 'date');
    days.addNumber(-3);
    days.addNumber(0);
    expect(days.calendarCounts('hourOfDay')).toBeUndefined();
    expect([...days.calendarCounts('dayOfWeek')!]).toEqual([1, 0, 0, 1, 0, 0, 0]);
  });
});
