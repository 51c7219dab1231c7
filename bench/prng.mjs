// The benchmarks' seeded PRNG: xoshiro128** (Blackman & Vigna) seeded by splitmix32, so the same seed always
// gives the same data. `bits` picks uniform()'s resolution: 53 (the eval results) or 32 (twice as fast: enough
// for the data benchmark's categories and noise).
export function makeRng(seed, { bits = 53 } = {}) {
  let state = seed >>> 0;
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    s[i] = (z ^ (z >>> 16)) >>> 0;
  }
  const rotl = (x, k) => (x << k) | (x >>> (32 - k));
  const nextUint32 = () => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  const uniform =
    bits === 32
      ? () => nextUint32() / 4294967296
      : () => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;
  let spare = 0;
  let hasSpare = false;
  /** Standard normal (Marsaglia polar method). */
  const normal = () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u;
    let v;
    let q;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    spare = v * f;
    hasSpare = true;
    return u * f;
  };
  return { uniform, normal };
}

/** Inverse-CDF sampler over fixed weights: maps a uniform u in [0, 1) to one of `values`. */
export function categorical(values, weights) {
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w / total));
  cumulative[cumulative.length - 1] = 1;
  return (u) => {
    let i = 0;
    while (u >= cumulative[i]) i++;
    return values[i];
  };
}
