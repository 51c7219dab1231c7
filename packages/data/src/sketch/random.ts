/** The random bits sketches need, from a 32-bit xorshift generator whose whole state is one serialisable number. */

/** The state every sketch starts from, so that the same input in the same order gives the same sketch. */
export const DEFAULT_SKETCH_SEED = 0x9e3779b9;

/** One xorshift32 step (Marsaglia 2003, shifts 13/17/5): period 2³² − 1 over non-zero states. */
export function nextXorshift32(state: number): number {
  let x = state | 0;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
}

/** A valid generator state from any number (0 is the one fixed point of xorshift, so it is replaced). */
export function normaliseSeed(seed: number): number {
  const s = seed >>> 0;
  return s === 0 ? DEFAULT_SKETCH_SEED : s;
}
