/** Deterministic customer datasets for the validate-data end-to-end tests: clean, defective and drifted. */

export const HEADER = [
  'id',
  'age',
  'income',
  'country',
  'email',
  'signup_date',
  'last_seen',
  'active',
  'score',
];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'IN', 'BR', 'JP'];
const COUNTRY_WEIGHTS = [0.3, 0.15, 0.15, 0.1, 0.1, 0.1, 0.1];

export interface Row {
  id: number;
  age: number | null;
  income: number | null;
  country: string;
  email: string;
  signup_date: string;
  last_seen: string;
  active: boolean;
  score: number;
}

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function pick(random: () => number, weights: number[]): number {
  let u = random();
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/** `count` rows; `shift` moves income up (drift) and `countryWeights` changes the country mix. */
export function customers(
  count: number,
  options: { seed?: number; firstId?: number; incomeShift?: number; countryWeights?: number[] } = {},
): Row[] {
  const random = prng(options.seed ?? 7);
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const id = (options.firstId ?? 1) + i;
    const normal = Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    rows.push({
      id,
      age: random() < 0.03 ? null : 18 + Math.floor(random() * 60),
      income:
        random() < 0.05
          ? null
          : Math.round(Math.max(500, 50_000 + 12_000 * normal + (options.incomeShift ?? 0)) * 100) / 100,
      country: COUNTRIES[pick(random, options.countryWeights ?? COUNTRY_WEIGHTS)],
      email: `user${id}@example.com`,
      signup_date: `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      // Within the last two weeks of today, so the contract's freshness (30 days) holds whenever the test runs.
      last_seen: new Date(
        Math.floor((Date.now() - random() * 14 * 86_400_000) / 60_000) * 60_000,
      ).toISOString(),
      active: random() < 0.7,
      score: Math.round(random() * 1e6) / 1e6,
    });
  }
  return rows;
}

const csvCell = (value: Row[keyof Row] | undefined): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function toCsv(rows: Row[], header = HEADER): string {
  return `${header.join(',')}\n${rows.map((row) => header.map((name) => csvCell(row[name as keyof Row])).join(',')).join('\n')}\n`;
}

export function toJsonl(rows: Row[]): string {
  return rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
}
