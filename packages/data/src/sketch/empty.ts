/**
 * Zero-length arrays that sketches start from and replace on first use: a wide file has a sketch of each kind per
 * column, and an empty typed array of its own still costs ~190 bytes. Nothing can be written into them.
 */
export const EMPTY_FLOAT64 = Object.freeze(new Float64Array(0)) as Float64Array;
export const EMPTY_UINT32 = Object.freeze(new Uint32Array(0)) as Uint32Array;
