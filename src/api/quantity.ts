/**
 * Resource quantities (apimachinery's resource.Quantity): `100m`, `128Mi`, `1.5`, `1e3`.
 *
 * Guarantees:
 * - `parseQuantity` accepts what resource.ParseQuantity accepts and throws an Error with its message
 *   otherwise. The value is held exactly (a bigint times a power of ten), so `0.1` stays 0.1.
 * - Like Kubernetes, a quantity finer than 1n is rounded up to 1n (away from zero): asking for a sliver
 *   of a resource still asks for some. BinarySI amounts are capped at 2^63-1.
 * - `toString()` is Kubernetes' canonical String(): `0.5` → `500m`, `1536Mi` stays, `1024Ki` → `1Mi`,
 *   `1e4` → `10e3`. Canonical forms parse back to the same quantity.
 * - `value()` and `milliValue()` round away from zero, as Value() and MilliValue() do, so 1.5m of CPU
 *   is 2 millicores to a scheduler, never 1.
 */

/** How a quantity prints: `1e3`, `1Ki`, `1k`. Set by the suffix it was written with. */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_WRONG = "unable to parse quantity's suffix";

// The same grammar as parseQuantityString: sign, digits with at most one point, then a suffix made of
// suffix letters, an optional sign and exponent digits. Which suffixes exist is checked afterwards.
const SHAPE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/;

const DECIMAL_SUFFIXES = new Map<string, number>([
  ['n', -9], ['u', -6], ['m', -3], ['', 0], ['k', 3], ['M', 6], ['G', 9], ['T', 12], ['P', 15], ['E', 18],
]);
const BINARY_SUFFIXES = new Map<string, number>([['Ki', 10], ['Mi', 20], ['Gi', 30], ['Ti', 40], ['Pi', 50], ['Ei', 60]]);
const DECIMAL_BY_EXPONENT = new Map([...DECIMAL_SUFFIXES].map(([s, e]) => [e, s]));
const BINARY_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const NANO = -9;
const MAX_INT64 = 2n ** 63n - 1n;

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/** n / 10^places, rounding away from zero when anything is lost. */
function shrink(n: bigint, places: number): bigint {
  // Dividing by more digits than n has leaves only the rounding; skip the giant power of ten.
  if (places > abs(n).toString().length) return n === 0n ? 0n : n < 0n ? -1n : 1n;
  const d = pow10(places);
  const q = n / d;
  if (q * d === n) return q;
  return n < 0n ? q - 1n : q + 1n;
}

/** The suffix's base, exponent and format, as suffixHandler.interpret reads it; undefined if unknown. */
function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  const dec = DECIMAL_SUFFIXES.get(suffix);
  if (dec !== undefined) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = BINARY_SUFFIXES.get(suffix);
  if (bin !== undefined) return { base: 2, exponent: bin, format: 'BinarySI' };
  // `E` alone is exa; `e3`, `E6`, `e-3` are exponents. Go reads the exponent as an int32.
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1));
    if (Math.abs(exponent) <= 2 ** 31 - 1) return { base: 10, exponent, format: 'DecimalExponent' };
  }
  return undefined;
}

export class Quantity {
  /** -1, 0 or 1. */
  readonly sign: -1 | 0 | 1;

  /** The amount is exactly `mantissa × 10^exponent`; the exponent is never below -9. */
  private constructor(
    private readonly mantissa: bigint,
    private readonly exponent: number,
    readonly format: QuantityFormat,
  ) {
    this.sign = mantissa === 0n ? 0 : mantissa < 0n ? -1 : 1;
    Object.freeze(this);
  }

  /** Builds a quantity from an exact amount, applying Kubernetes' nano rounding and BinarySI cap. */
  static of(mantissa: bigint, exponent: number, format: QuantityFormat): Quantity {
    if (exponent < NANO) {
      mantissa = shrink(mantissa, NANO - exponent);
      exponent = NANO;
    }
    if (format === 'BinarySI' && mantissa !== 0n) {
      const magnitude = new Quantity(abs(mantissa), exponent, format);
      if (magnitude.cmp(MAX) > 0) return new Quantity(mantissa < 0n ? -MAX_INT64 : MAX_INT64, 0, format);
      // Less than one of anything cannot be written in binary units, so it stays decimal.
      if (magnitude.cmp(ONE) < 0) format = 'DecimalSI';
    }
    return new Quantity(mantissa, exponent, format);
  }

  get isNegative(): boolean {
    return this.sign < 0;
  }

  isZero(): boolean {
    return this.sign === 0;
  }

  /** ScaledValue: the amount in units of 10^scale, rounded away from zero. */
  scaledValue(scale: number): number {
    const shift = this.exponent - scale;
    if (shift >= 0) return shift > 400 ? this.sign * Infinity : Number(this.mantissa * pow10(shift));
    return Number(shrink(this.mantissa, -shift));
  }

  /** Value(): whole units, rounded away from zero (`1.1` → 2). */
  value(): number {
    return this.scaledValue(0);
  }

  /** MilliValue(): thousandths, rounded away from zero (`1.5m` → 2). */
  milliValue(): number {
    return this.scaledValue(-3);
  }

  /** Both mantissas over the smaller exponent, so they compare and add as integers. */
  private static align(a: Quantity, b: Quantity): [bigint, bigint] {
    const e = Math.min(a.exponent, b.exponent);
    return [a.mantissa * pow10(a.exponent - e), b.mantissa * pow10(b.exponent - e)];
  }

  cmp(other: Quantity): -1 | 0 | 1 {
    const [a, b] = Quantity.align(this, other);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Like Quantity.Add: exact, keeping this quantity's format unless this one is zero. */
  add(other: Quantity): Quantity {
    const [a, b] = Quantity.align(this, other);
    return new Quantity(a + b, Math.min(this.exponent, other.exponent), this.isZero() ? other.format : this.format);
  }

  sub(other: Quantity): Quantity {
    return this.add(other.neg());
  }

  neg(): Quantity {
    return new Quantity(-this.mantissa, this.exponent, this.format);
  }

  /** The canonical form (Quantity.String / CanonicalizeBytes). */
  toString(): string {
    if (this.sign === 0) return '0';
    if (this.format === 'BinarySI') {
      const whole = this.exponent >= 0 ? this.mantissa * pow10(this.exponent) : undefined;
      const unit = pow10(Math.max(0, -this.exponent));
      const exact = whole ?? (this.mantissa % unit === 0n ? this.mantissa / unit : undefined);
      // Below 1024, or with a fraction, binary units would need rounding: print in decimal instead.
      if (exact !== undefined && abs(exact) >= 1024n) return binaryString(exact);
      return decimalString(this.mantissa, this.exponent, 'DecimalSI');
    }
    return decimalString(this.mantissa, this.exponent, this.format);
  }

  toJSON(): string {
    return this.toString();
  }
}

const MAX = Quantity.of(MAX_INT64, 0, 'DecimalSI');
const ONE = Quantity.of(1n, 0, 'DecimalSI');

/**
 * Decimal forms use an exponent that is a multiple of three, with factors of ten moved out of the
 * mantissa first: 1500 is `1500` (not `1.5k`), 0.5 is `500m`, 10000 in exponent form is `10e3`.
 */
function decimalString(mantissa: bigint, exponent: number, format: 'DecimalSI' | 'DecimalExponent'): string {
  let m = mantissa;
  let e = exponent;
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  while (e % 3 !== 0) {
    m *= 10n;
    e--;
  }
  if (format === 'DecimalExponent') return e === 0 ? `${m}` : `${m}e${e}`;
  // Beyond exa there is no SI suffix; write the amount in exa.
  if (e > 18) {
    m *= pow10(e - 18);
    e = 18;
  }
  return `${m}${DECIMAL_BY_EXPONENT.get(e)!}`;
}

/** Binary forms move factors of 1024 into the suffix: 1536Mi stays, 1048576Ki is 1Gi. */
function binaryString(whole: bigint): string {
  let n = whole;
  let power = 0;
  while (power < BINARY_BY_POWER.length - 1 && n % 1024n === 0n) {
    n /= 1024n;
    power++;
  }
  return `${n}${BINARY_BY_POWER[power]!}`;
}

/** resource.ParseQuantity. Numbers are read through their JavaScript spelling (`0.1`, `1e+21`). */
export function parseQuantity(input: string | number): Quantity {
  const str = typeof input === 'number' ? String(input) : input;
  const m = str === '' ? null : SHAPE.exec(str);
  if (!m) throw new Error(FORMAT_WRONG);
  const [, sign, num = '', denom = '', suffix = ''] = m;
  const unit = interpretSuffix(suffix);
  if (!unit) throw new Error(SUFFIX_WRONG);
  let mantissa = BigInt(num + denom || '0');
  if (sign === '-') mantissa = -mantissa;
  if (unit.base === 2) return Quantity.of(mantissa * 2n ** BigInt(unit.exponent), -denom.length, unit.format);
  return Quantity.of(mantissa, unit.exponent - denom.length, unit.format);
}

/** The canonical spelling of a quantity, or of a string or number that parses as one. */
export function formatQuantity(q: Quantity | string | number): string {
  return (q instanceof Quantity ? q : parseQuantity(q)).toString();
}
