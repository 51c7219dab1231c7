/** The standard normal upper tail, for z-tests on reported estimates and their standard errors. */

/**
 * erfc(x) by the Chebyshev fit of Numerical Recipes (Press et al., 3rd ed., §6.2.2, `erfccheb`'s predecessor
 * `erfcc`): fractional error below 1.2e-7 everywhere, enough for p-values read to two significant digits.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const y =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? y : 2 - y;
}

/** P(Z ≥ z) for a standard normal Z. */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return 0.5 * erfc(z / Math.SQRT2);
}
