/**
 * HTTP dates as RFC 9110 (section 5.6.7) defines them: IMF-fixdate, and the
 * obsolete RFC 850 and asctime forms, all in GMT. Anything else is not a
 * date: `Date.parse` would read `"-5"` or `"1, 2"` as dates in 2001.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MON = MONTHS.join("|");
const DAY = "Mon|Tue|Wed|Thu|Fri|Sat|Sun";
const DAY_LONG = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
const TIME = "([0-9]{2}):([0-9]{2}):([0-9]{2})";
const IMF_FIXDATE = new RegExp(`^(?:${DAY}), ([0-9]{2}) (${MON}) ([0-9]{4}) ${TIME} GMT$`);
const RFC850 = new RegExp(`^(?:${DAY_LONG}), ([0-9]{2})-(${MON})-([0-9]{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^(?:${DAY}) (${MON}) ([0-9]{2}| [0-9]) ${TIME} ([0-9]{4})$`);

/** Milliseconds since the epoch of an HTTP date, or `undefined` when `text` is not one. */
export function parseHttpDate(text: string, now: number = Date.now()): number | undefined {
  let m: RegExpExecArray | null;
  if ((m = IMF_FIXDATE.exec(text))) return utc(+m[3]!, m[2]!, +m[1]!, +m[4]!, +m[5]!, +m[6]!);
  if ((m = RFC850.exec(text))) return utc(rfc850Year(+m[3]!, now), m[2]!, +m[1]!, +m[4]!, +m[5]!, +m[6]!);
  if ((m = ASCTIME.exec(text))) return utc(+m[6]!, m[1]!, +m[2]!.trim(), +m[3]!, +m[4]!, +m[5]!);
  return undefined;
}

function utc(year: number, mon: string, day: number, hour: number, minute: number, second: number): number | undefined {
  // 60 is a leap second.
  if (hour > 23 || minute > 59 || second > 60 || day < 1) return undefined;
  const ms = Date.UTC(year, MONTHS.indexOf(mon), day, hour, minute, Math.min(second, 59));
  // A day the month does not have (31 Feb) rolls over in Date.UTC: refuse it.
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

/** A two-digit RFC 850 year more than 50 years ahead is in the previous century (RFC 9110). */
function rfc850Year(yy: number, now: number): number {
  const current = new Date(now).getUTCFullYear();
  const year = Math.floor(current / 100) * 100 + yy;
  return year > current + 50 ? year - 100 : year;
}
