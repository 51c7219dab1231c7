#!/usr/bin/env node
/**
 * The JavaScript ceiling: the least work any JS reader must do on the benchmark files, with nothing else.
 *
 *   node bench/validate-data/splitter.mjs FILE.csv     # counts rows and fields byte by byte (RFC 4180 quotes)
 *   node bench/validate-data/splitter.mjs FILE.jsonl   # splits lines and JSON.parse's each one
 *
 * Reads 1 MB at a time with readSync (no streams) and prints `{"rows": N, "fields": F}`. The CSV loop is what a
 * byte-level scanner costs before it decodes or checks any value; the JSONL loop is the floor of a reader built on
 * JSON.parse.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 1 << 20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

function splitCsv(fd) {
  const buffer = Buffer.allocUnsafe(CHUNK);
  let rows = 0;
  let fields = 0;
  let quoted = false;
  let lastByte = NEWLINE;
  for (let n; (n = readSync(fd, buffer, 0, CHUNK, null)) > 0;) {
    for (let i = 0; i < n; i++) {
      const byte = buffer[i];
      // A doubled quote inside a quoted field leaves and re-enters the quotes, so "" needs no special case.
      if (byte === QUOTE) quoted = !quoted;
      else if (quoted) continue;
      else if (byte === COMMA) fields++;
      else if (byte === NEWLINE) {
        fields++;
        rows++;
      }
    }
    lastByte = buffer[n - 1];
  }
  if (lastByte !== NEWLINE) {
    fields++;
    rows++;
  }
  // The header is a row of the file but not of the data.
  return { rows: rows - 1, fields };
}

function splitJsonl(fd) {
  const buffer = Buffer.allocUnsafe(CHUNK);
  let rows = 0;
  let fields = 0;
  let carry = Buffer.alloc(0);
  const parse = (bytes, start, end) => {
    if (end > start) {
      const record = JSON.parse(bytes.toString('utf8', start, end));
      rows++;
      for (const key in record) if (Object.hasOwn(record, key)) fields++;
    }
  };
  for (let n; (n = readSync(fd, buffer, 0, CHUNK, null)) > 0;) {
    let start = 0;
    let end = buffer.indexOf(NEWLINE, 0);
    if (carry.length && end >= 0 && end < n) {
      const line = Buffer.concat([carry, buffer.subarray(0, end)]);
      parse(line, 0, line.length);
      carry = Buffer.alloc(0);
      start = end + 1;
      end = buffer.indexOf(NEWLINE, start);
    }
    while (end >= 0 && end < n) {
      parse(buffer, start, end);
      start = end + 1;
      end = buffer.indexOf(NEWLINE, start);
    }
    carry = Buffer.concat([carry, buffer.subarray(start, n)]);
  }
  parse(carry, 0, carry.length);
  return { rows, fields };
}

const file = process.argv[2];
if (!file) {
  console.error('Usage: node bench/validate-data/splitter.mjs FILE.csv|FILE.jsonl');
  process.exit(2);
}
const fd = openSync(file, 'r');
const counts = /\.(jsonl|ndjson)$/.test(file) ? splitJsonl(fd) : splitCsv(fd);
closeSync(fd);
console.log(JSON.stringify(counts));
