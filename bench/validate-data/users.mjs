/**
 * The "users' shape" of the validate-data benchmark (issue #15): the columns real product data has, and the ones
 * that cost a validator most. One row per app event:
 *
 *   session_id  a random UUID v4: unique, no two alike (the near-unique text column)
 *   user_id     integer, skewed to heavy users (u² · 5M)
 *   event_time  ISO datetime with milliseconds and `Z`, uniform over 30 days from 2026-11-01
 *   event_type  8 values, skewed (view 45 %, click 25 %, … purchase 2 %)
 *   plan        free / pro / team / enterprise
 *   country     30 ISO codes, Zipf-like (as the event log)
 *   is_mobile   true / false (62 % true)
 *   amount      log-normal money with 2 decimals, present on 30 % of the rows (empty otherwise)
 *   items       integer counts (1 + geometric), 45 % empty
 *   latency_ms  Pareto-tailed (α 1.6, from 20 ms) with 1 decimal, 2 % empty; a long tail into minutes
 *   comment     free text, 72 % empty; the rest 2–40 words drawn from ~4,000 made-up words, so nearly every
 *               comment is distinct. 9 % hold a multi-byte word (é, ü, ñ, 日本語, emoji), 20 % a comma (so they are
 *               quoted), 4 % a quoted phrase ("" escapes), 0.05 % a line break inside quotes.
 *
 * `users-contract.yml` is the contract a team would write for it: types, ranges, enums, a UUID pattern, lengths, a
 * null budget; drift on by default (no field turns it off). Rows are ~118 bytes, so 8.7M rows make ~1 GB.
 */
import { categorical, makeRng } from '../prng.mjs';

export const USERS_COLUMNS = [
  'session_id',
  'user_id',
  'event_time',
  'event_type',
  'plan',
  'country',
  'is_mobile',
  'amount',
  'items',
  'latency_ms',
  'comment',
];

const EVENT_TYPES = ['view', 'click', 'search', 'add_to_cart', 'login', 'share', 'logout', 'purchase'];
const EVENT_WEIGHTS = [0.45, 0.25, 0.1, 0.07, 0.06, 0.03, 0.02, 0.02];
const PLANS = ['free', 'pro', 'team', 'enterprise'];
const PLAN_WEIGHTS = [0.7, 0.2, 0.08, 0.02];
export const COUNTRIES = [
  'US', 'DE', 'GB', 'FR', 'IN', 'BR', 'ES', 'IT', 'NL', 'PL', 'CA', 'MX', 'SE', 'JP', 'AU',
  'TR', 'BE', 'CH', 'AT', 'PT', 'DK', 'NO', 'FI', 'IE', 'CZ', 'RO', 'GR', 'HU', 'ZA', 'NZ',
]; // prettier-ignore
export const COUNTRY_WEIGHTS = COUNTRIES.map((_, i) => 1 / (i + 1.5));
const MULTIBYTE_WORDS = [
  'café',
  'naïve',
  'über',
  'niño',
  'façade',
  '日本語',
  'Größe',
  '👍',
  'déjà vu',
  'ça va',
  '😡',
  'Ελλάδα',
];
const HEX = '0123456789abcdef';
const DAY_MS = 86_400_000;
const EVENTS_FROM_MS = Date.UTC(2026, 10, 1);
const EVENTS_SPAN_MS = 30 * DAY_MS;

/** ~4,000 pronounceable made-up words of 2–9 letters, seeded: a vocabulary with a Zipf-like use. */
function vocabulary(rng) {
  const consonants = 'bcdfghklmnprstvwz';
  const vowels = 'aeiou';
  const words = new Set(['the', 'a', 'it', 'app', 'is', 'and', 'not', 'my', 'to', 'on', 'very', 'slow']);
  while (words.size < 4000) {
    const syllables = 1 + Math.floor(rng.uniform() * 3);
    let word = '';
    for (let s = 0; s < syllables; s++) {
      word += consonants[Math.floor(rng.uniform() * consonants.length)];
      word += vowels[Math.floor(rng.uniform() * vowels.length)];
      if (rng.uniform() < 0.4) word += consonants[Math.floor(rng.uniform() * consonants.length)];
    }
    words.add(word);
  }
  return [...words];
}

function csvQuote(text) {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const two = (n) => (n < 10 ? `0${n}` : `${n}`);
const three = (n) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** A row generator of the users' shape: returns the CSV line of row `id` (no JSONL twin). */
export function makeUsersRow({ seed }) {
  const rng = makeRng(seed, { bits: 32 });
  const words = vocabulary(rng);
  const eventType = categorical(EVENT_TYPES, EVENT_WEIGHTS);
  const plan = categorical(PLANS, PLAN_WEIGHTS);
  const country = categorical(COUNTRIES, COUNTRY_WEIGHTS);
  const days = Array.from({ length: 30 }, (_, d) =>
    new Date(EVENTS_FROM_MS + d * DAY_MS).toISOString().slice(0, 10),
  );
  const word = () => words[Math.floor(words.length * rng.uniform() ** 2.5)];
  const uuid = () => {
    let out = '';
    for (let i = 0; i < 32; i++) {
      if (i === 8 || i === 12 || i === 16 || i === 20) out += '-';
      const nibble =
        i === 12 ? 4 : i === 16 ? 8 + Math.floor(rng.uniform() * 4) : Math.floor(rng.uniform() * 16);
      out += HEX[nibble];
    }
    return out;
  };
  const comment = () => {
    const n = 2 + Math.floor(rng.uniform() ** 2 * 39);
    const parts = [];
    for (let i = 0; i < n; i++) parts.push(word());
    if (rng.uniform() < 0.09)
      parts[Math.floor(rng.uniform() * n)] =
        MULTIBYTE_WORDS[Math.floor(rng.uniform() * MULTIBYTE_WORDS.length)];
    if (rng.uniform() < 0.2) parts[Math.floor(rng.uniform() * n)] += ',';
    if (rng.uniform() < 0.04) {
      const k = Math.floor(rng.uniform() * n);
      parts[k] = `"${parts[k]}"`;
    }
    if (rng.uniform() < 0.0005) parts[Math.floor(rng.uniform() * n)] += '\n';
    let text = parts.join(' ');
    text = text[0].toUpperCase() + text.slice(1);
    return csvQuote(text.endsWith(',') ? text.slice(0, -1) : text);
  };
  return (_id) => {
    const session = uuid();
    const userId = 1 + Math.floor(5_000_000 * rng.uniform() ** 2);
    const t = Math.floor(rng.uniform() * EVENTS_SPAN_MS);
    const ms = t % 1000;
    const secondOfDay = Math.floor(t / 1000) % 86400;
    const eventTime = `${days[Math.floor(t / DAY_MS)]}T${two(Math.floor(secondOfDay / 3600))}:${two(Math.floor(secondOfDay / 60) % 60)}:${two(secondOfDay % 60)}.${three(ms)}Z`;
    const type = eventType(rng.uniform());
    const planValue = plan(rng.uniform());
    const countryValue = country(rng.uniform());
    const mobile = rng.uniform() < 0.62 ? 'true' : 'false';
    const amount =
      rng.uniform() < 0.3 ? (Math.round(100 * Math.exp(3.2 + 1.1 * rng.normal())) / 100).toFixed(2) : '';
    const items =
      rng.uniform() < 0.45 ? '' : String(1 + Math.floor(Math.log(1 - rng.uniform()) / Math.log(0.6)));
    const latency =
      rng.uniform() < 0.02 ? '' : (Math.round(200 / (1 - rng.uniform()) ** (1 / 1.6)) / 10).toFixed(1);
    const text = rng.uniform() < 0.72 ? '' : comment();
    return `${session},${userId},${eventTime},${type},${planValue},${countryValue},${mobile},${amount},${items},${latency},${text}\n`;
  };
}
