/**
 * Rounding for the outputs: half-up on the exact decimal, never on a binary float's fuzz.
 * `Math.round(1.005 * 100) / 100` gives 1 (1.005 is 1.00499999… in binary, and × 100 makes it
 * 100.49999…); the decimal the number stands for is 1.005, which rounds to 1.01.
 */

/**
 * `x` rounded half-up (away from zero) to `digits` decimals, on the shortest decimal that
 * stands for `x` (its JavaScript string): the shift by 10^digits is done on that decimal
 * string, where it is exact, and so is the final division ("101e-2" parses to the double
 * nearest 1.01, as the literal does).
 */
export function roundHalfUp(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const sign = x < 0 ? -1 : 1;
  const s = String(Math.abs(x));
  // Exponent forms: below 1e-6 (rounds to 0 at any digits we use) or from 1e21 (integers).
  if (s.includes('e')) return sign * (Math.abs(x) < 1 ? 0 : Math.abs(x));
  const scaled = Number(`${s}e${digits}`);
  return sign * Number(`${Math.round(scaled)}e-${digits}`);
}

/** Two decimals: hours and minutes. */
export function round2(x: number): number {
  return roundHalfUp(x, 2);
}

/**
 * numerator / denominator (non-negative integers, denominator > 0) rounded half-up to
 * `digits` decimals, exactly: integer arithmetic on the counts, no float quotient first.
 */
export function ratioHalfUp(numerator: number, denominator: number, digits: number): number {
  const scale = 10 ** digits;
  const q = Math.floor((2 * numerator * scale + denominator) / (2 * denominator));
  return Number(`${q}e-${digits}`);
}
