/**
 * Cohen's kappa for two coders who each put the same n items into one category.
 *
 *   po = share of items both coders put in the same category (observed agreement)
 *   pe = sum over categories k of p1(k) * p2(k) (agreement expected by chance
 *        from each coder's own marginal shares)
 *   kappa = (po - pe) / (1 - pe)
 *
 * Computed from integer counts, kappa = (n*agree - S) / (n^2 - S) with
 * S = sum_k c1(k)*c2(k), so the value is exact up to one division and the
 * function is symmetric in the two coders.
 *
 * kappa is null when it is undefined:
 * - no pairs (n = 0), and
 * - expected agreement 1, i.e. both coders used one and the same single category
 *   for every item: chance alone explains the agreement and the ratio is 0/0.
 * In both cases observedAgreement and expectedAgreement are still reported
 * (0 and 0 for an empty input).
 */
export interface KappaResult {
  kappa: number | null;
  observedAgreement: number;
  expectedAgreement: number;
  n: number;
}

export function cohensKappa(pairs: ReadonlyArray<readonly [string, string]>): KappaResult {
  const n = pairs.length;
  if (n === 0) return { kappa: null, observedAgreement: 0, expectedAgreement: 0, n: 0 };
  const first = new Map<string, number>();
  const second = new Map<string, number>();
  let agree = 0;
  for (const [a, b] of pairs) {
    if (a === b) agree += 1;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  let chance = 0;
  for (const [code, c1] of first) chance += c1 * (second.get(code) ?? 0);
  const n2 = n * n;
  const observedAgreement = agree / n;
  const expectedAgreement = chance / n2;
  const kappa = chance === n2 ? null : (n * agree - chance) / (n2 - chance);
  return { kappa, observedAgreement, expectedAgreement, n };
}
