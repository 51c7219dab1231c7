/** Deterministic test data for the sketch tests. */

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A seeded uniform [0, 1) generator (mulberry32). */
export function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n draws from one of the named distributions. */
export function sample(
  kind: 'uniform' | 'normal' | 'lognormal' | 'integers' | 'sorted',
  n: number,
  seed = 1,
): Float64Array {
  const u = uniform(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    switch (kind) {
      case 'uniform':
        out[i] = u();
        break;
      case 'normal':
        out[i] = 50 + 10 * normal();
        break;
      case 'lognormal':
        out[i] = Math.exp(2 * normal());
        break;
      case 'integers':
        out[i] = Math.floor(20 * u() * u());
        break;
      case 'sorted':
        out[i] = i * 0.5;
        break;
    }
  }
  return out;
}

export function loadFixture<T>(name: string): { source: string; cases: T[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  return JSON.parse(readFileSync(join(here, '..', 'fixtures', 'sketch', name), 'utf8')) as {
    source: string;
    cases: T[];
  };
}

/** JSON round trip, as a profile file does. */
export function roundTrip(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
