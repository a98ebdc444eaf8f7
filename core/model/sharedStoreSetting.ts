/**
 * The `sharedStore` setting: where processes using one key share its request
 * budget and recent reads. Parsed once here; the Redis password is held
 * non-enumerable and remembered as a secret, so no message, log or state
 * shows it.
 */
import { showUrl } from "./baseUrl";
import { InvalidInputError } from "./errors";
import { rememberSecret } from "./redact";

/** The environment variable that may hold the Redis password instead of the URL. */
export const SHARED_STORE_PASSWORD_ENV = "CHATMAID_SHARED_STORE_PASSWORD";

/** A Redis server shared by machines. */
export interface RedisStoreSetting {
  readonly kind: "redis";
  /** The URL without credentials, e.g. `rediss://cache.internal:6380/2`: how messages name the store. */
  readonly display: string;
  readonly host: string;
  readonly port: number;
  /** The database number. */
  readonly db: number;
  /** True for `rediss://` (TLS). */
  readonly tls: boolean;
  /** The ACL user, if the URL names one. */
  readonly username?: string;
  /** The password (a non-enumerable getter, like the API key). Never log or store it. */
  readonly password?: string;
}

/**
 * `machine`: the user's cache folder, shared by the processes of this user on
 * this machine (the default). `off`: each process paces itself alone.
 * `redis`: a Redis server, shared by every machine that uses it.
 */
export type SharedStoreSetting = { readonly kind: "machine" } | { readonly kind: "off" } | RedisStoreSetting;

/**
 * Parses the setting's value; unset means the machine store.
 * @param password `CHATMAID_SHARED_STORE_PASSWORD`, used when the URL has no password.
 * @throws InvalidInputError naming `source` for anything but `machine`, `off` or a usable Redis URL; the message never shows a password.
 */
export function parseSharedStore(
  value: string | undefined,
  source: string,
  password: string | undefined,
): SharedStoreSetting {
  const raw = (value ?? "").trim();
  const word = raw.toLowerCase();
  if (raw === "" || word === "machine") return { kind: "machine" };
  if (word === "off") return { kind: "off" };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(raw, source, "it is not a URL");
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:")
    throw invalid(raw, source, "only redis:// and rediss:// are supported");
  if (url.hostname === "") throw invalid(raw, source, "it names no host");
  if (url.search || url.hash) throw invalid(raw, source, "it must not have a query or a fragment");
  const dbText = url.pathname.replace(/^\/+|\/+$/g, "");
  if (!/^\d{0,2}$/.test(dbText)) throw invalid(raw, source, "the path must be a database number such as /0");
  const secret = decode(url.password, raw, source) || password?.trim() || undefined;
  // From now on every message and log line of this process masks it by value.
  if (secret) rememberSecret(secret);
  const tls = url.protocol === "rediss:";
  const port = url.port === "" ? 6379 : Number(url.port);
  const db = dbText === "" ? 0 : Number(dbText);
  const username = decode(url.username, raw, source);
  const setting = {
    kind: "redis" as const,
    display: `${url.protocol}//${url.host}/${db}`,
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port,
    db,
    tls,
    ...(username ? { username } : {}),
  };
  // A getter, not a value: neither JSON, util.inspect nor a spread copy shows it.
  return Object.defineProperty(setting, "password", { get: () => secret, enumerable: false }) as RedisStoreSetting;
}

function decode(part: string, raw: string, source: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid(raw, source, "its credentials are not valid URL encoding");
  }
}

function invalid(raw: string, source: string, why: string): InvalidInputError {
  return new InvalidInputError(
    `The shared store from ${source} (${showUrl(raw)}) is not usable: ${why}. ` +
      `Use redis://host:6379, rediss://user:password@host:6380/0 (or the password in ${SHARED_STORE_PASSWORD_ENV}), ` +
      `"machine" (the default: processes on this machine share the budget) or "off".`,
    { code: "invalid_setting" },
  );
}
