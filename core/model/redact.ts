/**
 * What may be repeated from user input or a server's answer in a message, a
 * log line or a terminal: keys masked by value and by shape, and text that
 * could rearrange or hide what the user reads made harmless. The one
 * sanitizer every surface uses.
 */

/**
 * Every key the client can send starts `sk_test_` or `sk_live_` (see apiKey.ts),
 * so anything in that shape (a server echoing the key back, a key typed where
 * an identifier belongs) is redacted even before the key is known. Quotes end
 * the match, so a quoted key stays quoted; the literal `sk_test_...` (how
 * messages spell the format) is left alone.
 */
const ECHOED_KEY = /sk_(test|live)_(?!\.\.\.)[\x21\x23-\x26\x28-\x5f\x61-\x7e]+/g;

/** A run of this many characters of a key's secret part is masked wherever it appears. */
export const MIN_SECRET_RUN = 8;

/**
 * Runs are looked for in secret parts at least this long: every real key's
 * is. A shorter one (a toy key such as the emulator's `sk_test_emulator`) is
 * masked as a whole key only, or every "emulator" in a message would go.
 */
const MIN_SECRET_FOR_RUNS = 16;

const KEY_PREFIX = /^sk_(test|live)_/;

/** Every run of {@link MIN_SECRET_RUN} characters of the secret parts of the keys this process resolved. */
const secretRuns = new Set<string>();
/** Whole keys whose secret part is too short for runs (toy keys), masked as a whole. */
const shortKeys = new Set<string>();

/**
 * Remembers a key, so that from now on every message, log line and check
 * failure the package writes masks it by value: the exact key, and any run
 * of {@link MIN_SECRET_RUN} or more characters of its secret part (a server
 * may echo it without its prefix, cut, or split across lines). A secret part
 * too short to hold distinctive runs (only toy keys have one) is masked as a
 * whole key only.
 */
export function rememberSecret(key: string): void {
  const trimmed = key.trim();
  const secret = trimmed.replace(KEY_PREFIX, "");
  if (secret.length < MIN_SECRET_FOR_RUNS) {
    if (trimmed !== "") shortKeys.add(trimmed);
    return;
  }
  for (let i = 0; i + MIN_SECRET_RUN <= secret.length; i++) secretRuns.add(secret.slice(i, i + MIN_SECRET_RUN));
}

/** `text` with every remembered key masked by value, and anything key-shaped masked by shape. */
export function redactKeys(text: string): string {
  let out = secretRuns.size > 0 ? maskRuns(text) : text;
  for (const key of shortKeys) out = out.split(key).join("[redacted]");
  return out.replace(ECHOED_KEY, "sk_$1_[redacted]");
}

/** Replaces every span of `text` covered by remembered runs with `[redacted]`: one pass, however many keys. */
function maskRuns(text: string): string {
  const covered: Array<[number, number]> = [];
  for (let i = 0; i + MIN_SECRET_RUN <= text.length; i++) {
    if (!secretRuns.has(text.slice(i, i + MIN_SECRET_RUN))) continue;
    const last = covered.at(-1);
    if (last && i <= last[1]) last[1] = i + MIN_SECRET_RUN;
    else covered.push([i, i + MIN_SECRET_RUN]);
  }
  if (covered.length === 0) return text;
  let out = "";
  let at = 0;
  for (const [start, end] of covered) {
    out += `${text.slice(at, start)}[redacted]`;
    at = end;
  }
  return out + text.slice(at);
}

// Characters that would be invisible or rearrange text in a message: controls
// (Cc), format characters (Cf: bidirectional overrides, zero-width spaces,
// joiners, the BOM, tag characters) and line/paragraph separators (Zl, Zp).
export const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

// The same, but keeping the line feeds a message puts between its own lines.
const UNSAFE_EXCEPT_NEWLINE = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

// Terminal escape sequences: CSI (colours, cursor moves), OSC (titles,
// hyperlinks) up to BEL or ST, and the two-character escapes. Matching
// control characters is the point here.
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])?|\x9b[0-?]*[ -/]*[@-~]/g;

/** Longest piece of server or user text repeated in one message. */
const MAX_SHOWN = 200;

/**
 * Text from the server or the user made safe to repeat on one line of a
 * message, a log line or a terminal: escape sequences removed, other
 * control, format (bidirectional, zero-width) and line-separator characters
 * (line breaks included) shown as `?`, keys masked, and at most `max`
 * characters kept. Quotes are not added: see {@link quoteInput} for input.
 */
export function safeText(text: string, max = MAX_SHOWN): string {
  // Keys are masked before line breaks become "?": a key split across lines leaves runs on each side.
  const clean = redactKeys(text.replace(ESCAPE_SEQUENCES, "")).replace(UNSAFE_CHARACTERS, "?");
  return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}

/**
 * The last pass over a whole message before it leaves the package (an error,
 * a log line): keys masked, escape sequences removed, and unsafe characters
 * other than the message's own line feeds shown as `?`.
 */
export function safeMessage(message: string): string {
  return redactKeys(message.replace(ESCAPE_SEQUENCES, "")).replace(UNSAFE_EXCEPT_NEWLINE, "?");
}

/**
 * Quotes user input safely: keys masked, control, format (bidirectional,
 * zero-width) and line-separator characters escaped, lone surrogates
 * escaped, input longer than `max` characters cut.
 */
export function quoteInput(input: string, max = 40): string {
  // Masked before cutting and quoting: JSON escapes (a quote in a key) would break the runs.
  const masked = redactKeys(input);
  const cut = masked.length > max ? `${masked.slice(0, max)}...` : masked;
  // JSON.stringify escapes C0 controls, quotes and lone surrogates; the rest is escaped here.
  return JSON.stringify(cut).replace(UNSAFE_CHARACTERS, (c) => {
    let out = "";
    for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`;
    return out;
  });
}
