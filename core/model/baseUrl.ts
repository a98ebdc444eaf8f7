import { InvalidInputError } from "./errors";
import { quoteInput } from "./redact";

/** Chatmaid's single API host; the environment comes from the key, not the host. */
export const DEFAULT_BASE_URL = "https://developers-api.chatmaid.net";

/**
 * Normalizes a configured base URL to an origin plus optional path prefix,
 * without a trailing `/` or `/v1`, since users paste both forms (the official
 * SDK's default already ends in `/v1`).
 *
 * @param baseUrl The configured URL; `undefined` or empty means the default.
 * @param source Where the URL came from, named in the error.
 * @returns e.g. `https://developers-api.chatmaid.net` or `http://127.0.0.1:4010`.
 */
export function normalizeBaseUrl(baseUrl: string | undefined, source = "the baseUrl option"): string {
  const raw = (baseUrl ?? "").trim();
  if (raw === "") return DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(raw, source, "it is not an absolute URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw invalid(raw, source, "only http and https are supported");
  }
  if (url.username || url.password || url.search || url.hash) {
    throw invalid(raw, source, "it must not contain credentials, a query or a fragment");
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    throw invalid(
      raw,
      source,
      "plain http:// would send the API key unencrypted over the network; use https://, or http:// only for a loopback host such as the emulator",
    );
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/\/v1$/i, "").replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${path}`;
}

/** `localhost`, `*.localhost`, 127.0.0.0/8 and `::1`: traffic that never leaves the machine. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "::1" ||
    /^127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(host)
  );
}

function invalid(raw: string, source: string, why: string): InvalidInputError {
  return new InvalidInputError(
    `The Chatmaid base URL from ${source} (${showUrl(raw)}) is not usable: ${why}. ` +
      `Use e.g. ${DEFAULT_BASE_URL} or http://127.0.0.1:4010 for the emulator.`,
    { code: "invalid_base_url" },
  );
}

/**
 * A bad URL as it may appear in a message. Credentials, a query and a fragment
 * can hold secrets (tokens are often pasted there), so they are masked before
 * anything is cut (up to the last `@`: a password may hold a `/`), and a key
 * pasted in place of the URL is redacted.
 */
export function showUrl(raw: string): string {
  const masked = raw.replace(/^([a-z][a-z0-9+.-]*:\/\/).*@/is, "$1***@").replace(/([?#]).*$/s, "$1***");
  return quoteInput(masked, 60);
}
