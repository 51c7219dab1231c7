#!/usr/bin/env node
/**
 * The floor eval-gate is measured against: read a JSONL file line by line and JSON.parse every line, nothing else.
 *
 *   node bench/floor.mjs FILE
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

let rows = 0;
for await (const line of createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity })) {
  if (line.length > 0 && JSON.parse(line) !== undefined) rows++;
}
console.error(`${process.argv[2]}: ${rows} rows (floor)`);
