// What may be repeated from user input or a server's answer in a message.

/**
 * Every key the client can send starts `sk_test_` or `sk_live_` (see apiKey.ts),
 * so anything in that shape (a server echoing the key back, a key typed where
 * an identifier belongs) is redacted before it can reach an error message, a
 * log or a deploy's output. Quotes end the match, so a quoted key stays quoted;
 * the literal `sk_test_...` (how messages spell the format) is left alone.
 */
const ECHOED_KEY = /sk_(test|live)_(?!\.\.\.)[\x21\x23-\x26\x28-\x5f\x61-\x7e]+/g;

/** `text` with every API-key-shaped token replaced by `sk_<env>_[redacted]`. */
export function redactKeys(text: string): string {
  return text.replace(ECHOED_KEY, "sk_$1_[redacted]");
}

// Characters that would be invisible or rearrange text in a message: controls
// (Cc), format characters (Cf: bidirectional overrides, zero-width spaces,
// joiners, the BOM, tag characters) and line/paragraph separators (Zl, Zp).
export const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

// Terminal escape sequences: CSI (colours, cursor moves), OSC (titles,
// hyperlinks) up to BEL or ST, and the two-character escapes. Matching
// control characters is the point here.
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])?|\x9b[0-?]*[ -/]*[@-~]/g;

/** Longest piece of server or user text repeated in one message. */
const MAX_SHOWN = 200;

/**
 * Text from the server or the user made safe to repeat in a message, a log
 * line or a terminal: escape sequences removed, other control, format
 * (bidirectional, zero-width) and line-separator characters (line breaks
 * included) shown as `?`, key-shaped text redacted, and at most `max`
 * characters kept. Quotes are not added: see {@link quoteInput} for input.
 */
export function safeText(text: string, max = MAX_SHOWN): string {
  const clean = redactKeys(text.replace(ESCAPE_SEQUENCES, "")).replace(UNSAFE_CHARACTERS, "?");
  return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}

/**
 * Quotes user input safely: control, format (bidirectional, zero-width) and
 * line-separator characters escaped, lone surrogates escaped, API keys
 * redacted, input longer than `max` characters cut.
 */
export function quoteInput(input: string, max = 40): string {
  const cut = input.length > max ? `${input.slice(0, max)}...` : input;
  // An API key typed where another value belongs must not be repeated. JSON.stringify
  // escapes C0 controls, quotes and lone surrogates; the rest is escaped here.
  return JSON.stringify(redactKeys(cut)).replace(UNSAFE_CHARACTERS, (c) => {
    let out = "";
    for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`;
    return out;
  });
}
