#!/usr/bin/env node
/**
 * DuckDB side by side with mlgate: `SUMMARIZE` (min, max, approximate distinct, mean, std, quartiles and null share
 * of every column) over one file, with 2 threads, through the npm package @duckdb/node-api.
 *
 *   node bench/validate-data/duckdb-summarize.mjs FILE.csv|FILE.csv.gz|FILE.jsonl|FILE.parquet [--threads 2]
 *
 * CSV and JSONL columns are sniffed by DuckDB itself (read_csv, read_json_auto), as a user would run it. Prints
 * `{"rows": N, "columns": C, "ms": T}`, where ms is the query alone, without starting Node or loading DuckDB.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { sqlString } from './generate.mjs';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('Usage: node bench/validate-data/duckdb-summarize.mjs FILE [--threads N]');
  process.exit(2);
}
const threadsAt = rest.indexOf('--threads');
const threads = threadsAt >= 0 ? rest[threadsAt + 1] : '2';
const reader = /\.(jsonl|ndjson)(\.gz)?$/.test(file)
  ? 'read_json_auto'
  : /\.parquet$/.test(file)
    ? 'read_parquet'
    : 'read_csv';
const instance = await DuckDBInstance.create(':memory:', { threads });
const connection = await instance.connect();
const started = process.hrtime.bigint();
const result = await connection.runAndReadAll(`SUMMARIZE SELECT * FROM ${reader}('${sqlString(file)}')`);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const summary = result.getRowObjectsJson();
connection.closeSync();
instance.closeSync();
console.log(JSON.stringify({ rows: Number(summary[0]?.count ?? NaN), columns: summary.length, ms }));
