#!/usr/bin/env node
/**
 * Deterministic generator of the validate-data benchmark dataset: an event log of app users with 12 mixed columns.
 *
 *   node bench/validate-data/generate.mjs [--rows 11000000] [--seed 7] [--name data] [--drift]
 *                                         [--jsonl] [--gzip] [--parquet] [--shards 16] [--out-dir DIR]
 *   node bench/validate-data/generate.mjs --shape users [--rows 8700000] [--seed 7]   # users-<rows>.csv
 *
 * Writes DIR/<name>-<rows>.csv (default DIR: bench/data/validate-data) and, on request, its twins with the same rows:
 *   .jsonl      one JSON object per line, empty CSV values as null, numbers and booleans as JSON numbers and booleans;
 *   .csv.gz     the CSV compressed in the same pass (zlib runs on the thread pool, beside the generator);
 *   .parquet    DuckDB `COPY … (FORMAT parquet)` from the CSV, with typed columns, in DuckDB's default row groups
 *               (122,880 rows; hyparquet decodes a page whole, so a row group stored as one page per column is what
 *               one window of reading holds in memory);
 *   -rgN.parquet with --parquet-row-group N: the same in row groups of N rows, each column of a group one data page
 *               (DuckDB's writer does that for 1M-row groups): the hard case for a reader's memory;
 *   -shards16/  the same rows cut into 16 contiguous CSV shards, each with the header (for `mlgate profile merge`).
 *
 * Columns: id (unique int), user_id (int, skewed to heavy users), age (int, 3 % empty, 0.01 % the sentinel 999),
 * income (2-decimal float, log-normal, 5 % empty), score (3-decimal float in (0, 1)), country (30 ISO codes, Zipf-like),
 * device (5 values), email (0.05 % "n/a"), signup_date (ISO date), event_time (ISO datetime, UTC "Z"),
 * is_active (true/false), comment (free text, 70 % empty, some with commas, "" escapes or a line break inside quotes).
 * The sentinel ages and "n/a" emails are the rare defects a realistic contract tolerates with `mostly`.
 *
 * --drift shifts five columns (age +6 years, income ×1.3, score, country mix, device mix) so that a run against a
 * reference profile made from undrifted data must report drift; the reference itself is the same model with another
 * seed (run.mjs uses --name reference --seed 8).
 *
 * --shape users writes the other dataset, the columns real product data has (random ids, free text, timestamps, enums,
 * a boolean, numbers with empty cells and skew: users.mjs), as users-<rows>.csv (CSV only; --name changes the prefix).
 *
 * The PRNG is xoshiro128** seeded through splitmix32 (as bench/generate.mjs); the same arguments give the same bytes.
 */
import { closeSync, createWriteStream, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { categorical, makeRng } from '../prng.mjs';
import { COUNTRIES, COUNTRY_WEIGHTS, makeUsersRow, USERS_COLUMNS } from './users.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = path.resolve(HERE, '..', 'data', 'validate-data');

export const COLUMNS = [
  'id',
  'user_id',
  'age',
  'income',
  'score',
  'country',
  'device',
  'email',
  'signup_date',
  'event_time',
  'is_active',
  'comment',
];

/** DuckDB types of the columns, for the Parquet twin and for reading the CSV without sniffing. */
export const DUCKDB_TYPES = {
  id: 'BIGINT',
  user_id: 'INTEGER',
  age: 'INTEGER',
  income: 'DOUBLE',
  score: 'DOUBLE',
  country: 'VARCHAR',
  device: 'VARCHAR',
  email: 'VARCHAR',
  signup_date: 'DATE',
  event_time: 'TIMESTAMPTZ',
  is_active: 'BOOLEAN',
  comment: 'VARCHAR',
};

// Roughly the traffic mix of a European-centred consumer app: a few big markets and a long tail (users.mjs).
// Drift: the second and third markets swap with the tail, as after a launch campaign in new countries.
const DRIFTED_COUNTRY_WEIGHTS = COUNTRY_WEIGHTS.map((w, i) =>
  i >= 1 && i <= 4 ? w / 4 : i >= 20 ? w * 4 : w,
);
const DEVICES = ['mobile', 'desktop', 'tablet', 'tv', 'other'];
const DEVICE_WEIGHTS = [0.55, 0.3, 0.1, 0.03, 0.02];
const DRIFTED_DEVICE_WEIGHTS = [0.4, 0.45, 0.1, 0.03, 0.02];
const NAMES = ['anna', 'li', 'omar', 'sofia', 'jan', 'maria', 'noah', 'emma', 'ali', 'yuki', 'lea', 'ben'];
const DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'proton.me', 'example.org', 'web.de', 'mail.fr'];
// Free-text feedback as a CSV writer would quote it: commas and quotes force quoting, "" escapes a quote.
const COMMENTS = [
  'great app',
  'love it',
  'slow to load',
  'crashes on login, twice today',
  'the "dark mode" is nice',
  'ok',
  'too many ads, uninstalling',
  'support said "try again later"',
  'works fine on my phone',
  'checkout failed, card declined, then worked',
  'would pay for "pro"',
  'meh',
];
const MULTILINE_COMMENT = 'first line\nsecond line, after a break';

const EMPTY_AGE = 0.03;
const SENTINEL_AGE = 0.0001;
const EMPTY_INCOME = 0.05;
const BAD_EMAIL = 0.0005;
const EMPTY_COMMENT = 0.7;
const MULTILINE = 0.0005;
const ACTIVE = 0.78;
const DAY_MS = 86400000;
const SIGNUP_FIRST_DAY = Date.UTC(2018, 0, 1) / DAY_MS;
const SIGNUP_DAYS = Date.UTC(2026, 9, 31) / DAY_MS - SIGNUP_FIRST_DAY + 1;
const EVENTS_FROM_S = Date.UTC(2026, 10, 1) / 1000;
const EVENTS_SPAN_S = 14 * 86400;

const two = (n) => (n < 10 ? `0${n}` : `${n}`);

/** ISO dates of every signup day, precomputed: formatting a Date per row would dominate the generator. */
const SIGNUP_DATES = Array.from({ length: SIGNUP_DAYS }, (_, d) =>
  new Date((SIGNUP_FIRST_DAY + d) * DAY_MS).toISOString().slice(0, 10),
);
const EVENT_DAYS = Array.from({ length: 14 }, (_, d) =>
  new Date((EVENTS_FROM_S + d * 86400) * 1000).toISOString().slice(0, 10),
);

function csvQuote(text) {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A row generator: returns the CSV line and the JSONL line of row `id`. */
function makeRow({ seed, drift }) {
  const rng = makeRng(seed, { bits: 32 });
  const country = categorical(COUNTRIES, drift ? DRIFTED_COUNTRY_WEIGHTS : COUNTRY_WEIGHTS);
  const device = categorical(DEVICES, drift ? DRIFTED_DEVICE_WEIGHTS : DEVICE_WEIGHTS);
  const ageMean = drift ? 47 : 41;
  const incomeScale = drift ? 1.3 : 1;
  const scoreShift = drift ? 0.6 : 0;
  const csvComments = COMMENTS.map(csvQuote);
  const jsonComments = COMMENTS.map((c) => JSON.stringify(c));
  const csvMultiline = csvQuote(MULTILINE_COMMENT);
  const jsonMultiline = JSON.stringify(MULTILINE_COMMENT);
  return (id, withJson) => {
    const userId = 1 + Math.floor(2_000_000 * rng.uniform() ** 2);
    let age = '';
    if (rng.uniform() >= EMPTY_AGE) {
      age =
        rng.uniform() < SENTINEL_AGE
          ? 999
          : Math.min(90, Math.max(18, Math.round(ageMean + 13 * rng.normal())));
    }
    const income =
      rng.uniform() < EMPTY_INCOME
        ? ''
        : (Math.round(4_500_000 * incomeScale * Math.exp(0.6 * rng.normal())) / 100).toFixed(2);
    const score = (Math.round(1000 / (1 + Math.exp(0.3 - 1.2 * rng.normal() - scoreShift))) / 1000).toFixed(
      3,
    );
    const countryValue = country(rng.uniform());
    const deviceValue = device(rng.uniform());
    const email =
      rng.uniform() < BAD_EMAIL
        ? 'n/a'
        : `${NAMES[userId % NAMES.length]}${userId % 1000}@${DOMAINS[userId % DOMAINS.length]}`;
    const signup = SIGNUP_DATES[Math.floor(rng.uniform() * SIGNUP_DAYS)];
    const t = Math.floor(rng.uniform() * EVENTS_SPAN_S);
    const secondOfDay = t % 86400;
    const eventTime = `${EVENT_DAYS[(t - secondOfDay) / 86400]}T${two(Math.floor(secondOfDay / 3600))}:${two(Math.floor(secondOfDay / 60) % 60)}:${two(secondOfDay % 60)}Z`;
    const active = rng.uniform() < ACTIVE ? 'true' : 'false';
    let csvComment = '';
    let jsonComment = 'null';
    if (rng.uniform() >= EMPTY_COMMENT) {
      if (rng.uniform() < MULTILINE / (1 - EMPTY_COMMENT)) {
        csvComment = csvMultiline;
        jsonComment = jsonMultiline;
      } else {
        const k = Math.floor(rng.uniform() * COMMENTS.length);
        csvComment = csvComments[k];
        jsonComment = jsonComments[k];
      }
    }
    const csv = `${id},${userId},${age},${income},${score},${countryValue},${deviceValue},${email},${signup},${eventTime},${active},${csvComment}\n`;
    if (!withJson) return [csv, ''];
    const json =
      `{"id":${id},"user_id":${userId},"age":${age === '' ? 'null' : age},"income":${income === '' ? 'null' : income},` +
      `"score":${score},"country":"${countryValue}","device":"${deviceValue}","email":"${email}","signup_date":"${signup}",` +
      `"event_time":"${eventTime}","is_active":${active},"comment":${jsonComment}}\n`;
    return [csv, json];
  };
}

export function dataFile(name, rows, extension, outDir = DATA_DIR) {
  return path.join(outDir, `${name}-${rows}${extension}`);
}

export function shardFiles(name, rows, shards, outDir = DATA_DIR) {
  const dir = path.join(outDir, `${name}-${rows}-shards${shards}`);
  return Array.from({ length: shards }, (_, i) => path.join(dir, `part-${String(i).padStart(2, '0')}.csv`));
}

const HEADER = `${COLUMNS.join(',')}\n`;
const USERS_HEADER = `${USERS_COLUMNS.join(',')}\n`;
const CHUNK = 8 << 20;
const MAX_LINE = 1 << 12;

/**
 * A file written in 8 MB chunks through a temp name and renamed at the end, so an interrupted run leaves no half
 * file behind. Lines go straight into a reused Buffer: concatenating millions of short strings into a big string
 * spent more than half the time in the garbage collector.
 */
function chunkedFile(file, { onChunk } = {}) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w');
  const buffer = Buffer.allocUnsafe(CHUNK + MAX_LINE);
  let used = 0;
  const flush = async () => {
    writeSync(fd, buffer, 0, used);
    if (onChunk) await onChunk(Buffer.from(buffer.subarray(0, used)));
    used = 0;
  };
  return {
    /** Appends a line; returns true when the chunk is full and `flush` must be awaited. */
    write(text) {
      used += buffer.write(text, used);
      return used >= CHUNK;
    },
    flush,
    async finish() {
      await flush();
      closeSync(fd);
      renameSync(temp, file);
    },
  };
}

/**
 * Writes `rows` rows as CSV and, on request, the JSONL twin, the gzip of the CSV and 16 (or `shards`) CSV shards, in
 * one pass over the rows. Returns the paths written.
 */
export async function generate({
  rows,
  seed = 7,
  name = 'data',
  drift = false,
  jsonl = false,
  gzip = false,
  shards = 0,
  outDir = DATA_DIR,
  shape = 'events',
}) {
  if (!Number.isInteger(rows) || rows <= 0) throw new Error(`--rows must be a positive integer, got ${rows}`);
  if (shape === 'users') return generateUsers({ rows, seed, name, outDir });
  const row = makeRow({ seed, drift });
  const written = { csv: dataFile(name, rows, '.csv', outDir) };
  let gz;
  let gzFile;
  const gzTemp = `${written.csv}.gz.tmp-${process.pid}`;
  if (gzip) {
    gz = createGzip({ level: 6 });
    gzFile = createWriteStream(gzTemp);
    gz.pipe(gzFile);
  }
  // Back-pressure: wait for zlib to drain, which also lets the thread pool compress while we generate the next chunk.
  const onChunk = gz ? async (chunk) => gz.write(chunk) || (await once(gz, 'drain')) : undefined;
  const csv = chunkedFile(written.csv, { onChunk });
  if (jsonl) written.jsonl = dataFile(name, rows, '.jsonl', outDir);
  const json = jsonl ? chunkedFile(written.jsonl) : undefined;
  if (shards > 0) {
    written.shards = shardFiles(name, rows, shards, outDir);
    rmSync(path.dirname(written.shards[0]), { recursive: true, force: true });
  }
  let shard;
  let shardEnd = 0;
  let shardIndex = -1;
  csv.write(HEADER);
  for (let i = 0; i < rows; i++) {
    if (shards > 0 && i === shardEnd) {
      await shard?.finish();
      shardIndex++;
      shardEnd = Math.floor(((shardIndex + 1) * rows) / shards);
      shard = chunkedFile(written.shards[shardIndex]);
      shard.write(HEADER);
    }
    const [csvLine, jsonLine] = row(i + 1, jsonl);
    if (csv.write(csvLine)) await csv.flush();
    if (json?.write(jsonLine)) await json.flush();
    if (shard?.write(csvLine)) await shard.flush();
  }
  await csv.finish();
  await json?.finish();
  await shard?.finish();
  if (gz) {
    const closed = once(gzFile, 'close');
    gz.end();
    await closed;
    renameSync(gzTemp, `${written.csv}.gz`);
    written.gzip = `${written.csv}.gz`;
  }
  return written;
}

/** The users' shape: CSV only. */
async function generateUsers({ rows, seed, name, outDir }) {
  const row = makeUsersRow({ seed });
  const written = { csv: dataFile(name, rows, '.csv', outDir) };
  const csv = chunkedFile(written.csv);
  csv.write(USERS_HEADER);
  for (let i = 0; i < rows; i++) if (csv.write(row(i + 1))) await csv.flush();
  await csv.finish();
  return written;
}

/**
 * Writes the Parquet twin of a CSV with DuckDB (2 threads) and typed columns, in DuckDB's default row groups or in
 * groups of `rowGroupSize` rows (DuckDB then writes each column of a group as one data page: the case where a
 * reader that decodes a page whole holds a whole row group).
 */
export async function toParquet(
  csvPath,
  parquetPath = csvPath.replace(/\.csv$/, '.parquet'),
  rowGroupSize = undefined,
) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const temp = `${parquetPath}.tmp-${process.pid}.parquet`;
  const columns = Object.entries(DUCKDB_TYPES)
    .map(([column, type]) => `'${column}': '${type}'`)
    .join(', ');
  await connection.run(
    `COPY (SELECT * FROM read_csv('${sqlString(csvPath)}', header = true, columns = {${columns}}))
     TO '${sqlString(temp)}' (FORMAT parquet${rowGroupSize ? `, ROW_GROUP_SIZE ${rowGroupSize}` : ''})`,
  );
  connection.closeSync();
  instance.closeSync();
  renameSync(temp, parquetPath);
  return parquetPath;
}

export const sqlString = (text) => text.replace(/'/g, "''");

function parseArgs(argv) {
  const args = {
    rows: 11_000_000,
    seed: 7,
    name: 'data',
    drift: false,
    jsonl: false,
    gzip: false,
    parquet: false,
    parquetRowGroup: 0,
    shards: 0,
    outDir: DATA_DIR,
    shape: 'events',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--rows') args.rows = Number(value().replace(/_/g, ''));
    else if (flag === '--seed') args.seed = Number(value());
    else if (flag === '--name') args.name = value();
    else if (flag === '--drift') args.drift = true;
    else if (flag === '--jsonl') args.jsonl = true;
    else if (flag === '--gzip') args.gzip = true;
    else if (flag === '--parquet') args.parquet = true;
    else if (flag === '--parquet-row-group') args.parquetRowGroup = Number(value().replace(/_/g, ''));
    else if (flag === '--shards') args.shards = Number(value());
    else if (flag === '--out-dir') args.outDir = path.resolve(value());
    else if (flag === '--shape') args.shape = value();
    else if (flag === '--help' || flag === '-h') {
      console.log(
        'Usage: node bench/validate-data/generate.mjs [--rows N] [--seed S] [--name NAME] [--drift] [--jsonl] [--gzip] [--parquet] [--parquet-row-group N] [--shards K] [--out-dir DIR] [--shape events|users]',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!Number.isInteger(args.shards) || args.shards < 0) throw new Error(`bad --shards ${args.shards}`);
  if (args.shape !== 'events' && args.shape !== 'users')
    throw new Error(`--shape: events or users, got ${args.shape}`);
  if (args.shape === 'users' && (args.jsonl || args.gzip || args.parquet || args.shards || args.drift))
    throw new Error('--shape users writes the CSV only');
  if (args.shape === 'users' && !argv.some((a) => a.startsWith('--name'))) args.name = 'users';
  return args;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  let started = Date.now();
  const written = await generate(args);
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  console.error(`wrote ${args.rows} rows: ${Object.keys(written).join(', ')} in ${seconds()} s`);
  for (const file of Object.values(written).flat()) console.error(`  ${path.relative(process.cwd(), file)}`);
  if (args.parquet) {
    started = Date.now();
    const parquet = await toParquet(
      written.csv,
      args.parquetRowGroup ? written.csv.replace(/\.csv$/, `-rg${args.parquetRowGroup}.parquet`) : undefined,
      args.parquetRowGroup || undefined,
    );
    console.error(`wrote ${path.relative(process.cwd(), parquet)} in ${seconds()} s`);
  }
}
