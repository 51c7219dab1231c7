/** Argument checks shared by the drift statistics: a wrong input is a bug in the caller, so these throw RangeError. */

/** Checks that `counts` is a vector of finite, non-negative numbers and returns its sum. */
export function checkCounts(counts: ArrayLike<number>, what: string, fn: string): number {
  if (counts.length === 0) throw new RangeError(`${fn}: ${what} is empty`);
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!(c >= 0) || c === Infinity)
      throw new RangeError(`${fn}: ${what}[${i}] = ${c} is not a finite count ≥ 0`);
    sum += c;
  }
  return sum;
}

/** Checks two count vectors of the same length with positive totals; returns their totals. */
export function checkCountPair(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  fn: string,
): [number, number] {
  if (reference.length !== current.length)
    throw new RangeError(`${fn}: reference has ${reference.length} bins but current has ${current.length}`);
  const r = checkCounts(reference, 'reference', fn);
  const c = checkCounts(current, 'current', fn);
  if (r === 0 || c === 0)
    throw new RangeError(`${fn}: ${r === 0 ? 'reference' : 'current'} counts add up to 0`);
  return [r, c];
}

/** A sorted copy of a sample, rejecting empty samples and NaN. */
export function sortedSample(values: ArrayLike<number>, what: string, fn: string): Float64Array {
  if (values.length === 0) throw new RangeError(`${fn}: ${what} is empty`);
  const sorted = Float64Array.from(values);
  for (let i = 0; i < sorted.length; i++)
    if (Number.isNaN(sorted[i])) throw new RangeError(`${fn}: ${what}[${i}] is NaN`);
  return sorted.sort();
}
