import { InvalidInputError } from "./errors";

/** The Chatmaid environment a key belongs to, inferred from its prefix. */
export type ChatmaidEnvironment = "test" | "live";

/** Where a key came from, named in errors so users know what to fix. */
export const DEFAULT_KEY_SOURCE = "the apiKey option";

const PREFIXES: ReadonlyArray<readonly [string, ChatmaidEnvironment]> = [
  ["sk_test_", "test"],
  ["sk_live_", "live"],
];

// Printable ASCII without spaces: anything else could never be a key and could
// smuggle a header line into the request.
const KEY_BODY = /^[\x21-\x7e]+$/;

/**
 * Returns the environment of an API key (`sk_test_` -> `test`, `sk_live_` ->
 * `live`), or throws {@link InvalidInputError} without echoing the key.
 *
 * @param apiKey The key to inspect.
 * @param source Where the key came from, e.g. `stack config chatmaid:apiKey`.
 */
export function environmentOfKey(apiKey: string, source: string = DEFAULT_KEY_SOURCE): ChatmaidEnvironment {
  const key = typeof apiKey === "string" ? apiKey.trim() : "";
  for (const [prefix, environment] of PREFIXES) {
    if (key.startsWith(prefix) && key.length > prefix.length && KEY_BODY.test(key)) {
      return environment;
    }
  }
  throw new InvalidInputError(
    `The Chatmaid API key from ${source} is not a Chatmaid secret key: it must start with sk_test_ or sk_live_ ` +
      `(length ${key.length}). Copy the key again from the Chatmaid dashboard and set it there.`,
    { code: "invalid_api_key" },
  );
}
