/**
 * Number and duration formatting that reproduces Python's, so log lines read exactly as MMEngine's do.
 *
 * JavaScript's `toFixed`/`toExponential` differ from Python's `format()` in three ways this module corrects:
 * the exponent has at least two digits in Python (`1.0000e-03`, not `1.0000e-3`), an exact tie rounds half to even
 * in Python (`'{:.2f}'.format(0.125) == '0.12'`) where JavaScript rounds it up, and `NaN`/`Infinity` print as
 * `nan`/`inf`. Values whose decimal expansion is not an exact tie round identically in both languages, because both
 * round the exact binary value.
 */

function nonFinite(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  return value > 0 ? 'inf' : '-inf';
}

/** The widest expansion JavaScript prints; exact for every tie a double can hold at up to ~40 digits. */
const EXACT_DIGITS = 100;

function lastDigitIsOdd(text: string): boolean {
  const code = text.charCodeAt(text.length - 1);
  return (code - 48) % 2 === 1;
}

function isTie(exactDigits: string, cut: number): boolean {
  // The digit just past the cut is 5 and every later digit is 0: the value sits exactly halfway.
  if (exactDigits[cut] !== '5') return false;
  for (let i = cut + 1; i < exactDigits.length; i++) if (exactDigits[i] !== '0') return false;
  return true;
}

/** Python's `'{:.{digits}f}'.format(value)`. */
export function formatFixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const abs = Math.abs(value);
  if (abs >= 1e21) {
    // toFixed switches to exponent notation here; such a double is an integer, so BigInt prints it exactly.
    return `${sign}${BigInt(abs).toString()}${digits > 0 ? `.${'0'.repeat(digits)}` : ''}`;
  }
  const rounded = abs.toFixed(digits);
  if (digits < EXACT_DIGITS) {
    const exact = abs.toFixed(EXACT_DIGITS);
    const point = exact.indexOf('.');
    if (isTie(exact, point + 1 + digits)) {
      // JavaScript rounds a tie up; Python keeps the truncation when its last digit is even.
      const truncated = exact.slice(0, digits > 0 ? point + 1 + digits : point);
      if (!lastDigitIsOdd(truncated)) return sign + truncated;
    }
  }
  return sign + rounded;
}

/** Python's `'{:.{digits}e}'.format(value)`: `formatExponential(0.001, 4) === '1.0000e-03'`. */
export function formatExponential(value: number, digits: number): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const abs = Math.abs(value);
  let text = abs.toExponential(digits);
  if (digits < EXACT_DIGITS) {
    const exact = abs.toExponential(EXACT_DIGITS);
    const exactE = exact.indexOf('e');
    const mantissa = exact.slice(0, exactE);
    // The mantissa reads "d.ddd…": keep 2 + digits characters ("d" alone when digits is 0); the next digit decides.
    const keep = digits > 0 ? 2 + digits : 1;
    if (isTie(mantissa, digits > 0 ? keep : 2)) {
      const truncated = mantissa.slice(0, keep);
      if (!lastDigitIsOdd(truncated)) text = truncated + exact.slice(exactE);
    }
  }
  const eAt = text.indexOf('e');
  const exponent = Number(text.slice(eAt + 1));
  const expDigits = String(Math.abs(exponent)).padStart(2, '0');
  return `${sign}${text.slice(0, eAt)}e${exponent < 0 ? '-' : '+'}${expDigits}`;
}

/**
 * Python's `str(datetime.timedelta(seconds=Math.trunc(seconds)))`: `H:MM:SS`, or `D day(s), H:MM:SS` from one day
 * on; a negative duration counts whole days down (`-5` is `-1 day, 23:59:55`), as Python does.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const total = Math.trunc(seconds);
  const days = Math.floor(total / 86_400);
  const rest = total - days * 86_400;
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  const clock = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  if (days === 0) return clock;
  return `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${clock}`;
}

/** Python's `str.rjust`. */
export function rjust(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}
