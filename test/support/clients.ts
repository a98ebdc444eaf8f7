import { ChatmaidClient, type ClientHooks } from "../../core/client/chatmaidClient";
import { parsePhoneIdentifier, type PhoneIdentifier } from "../../core/model/identifiers";
import { resolveSettings } from "../../core/model/settings";

/** Settings of a test client, as plain values; hooks as for the client. */
export interface TestClientOptions extends ClientHooks {
  readonly apiKey: string;
  readonly baseUrl?: string;
  /** How the key is named in messages. Default `the apiKey option`. */
  readonly keySource?: string;
  readonly maxRetries?: number;
  readonly timeoutMs?: number;
  readonly maxRequestsPerMinute?: number;
  readonly cacheSeconds?: number;
  /** The shared store setting. Default `off`: a test client paces itself alone. */
  readonly sharedStore?: string;
}

/** A client over settings resolved from explicit values only (the machine's environment is ignored). */
export function testClient(options: TestClientOptions): ChatmaidClient {
  const {
    apiKey,
    baseUrl,
    keySource,
    maxRetries,
    timeoutMs,
    maxRequestsPerMinute,
    cacheSeconds,
    sharedStore,
    ...hooks
  } = options;
  const settings = resolveSettings({
    explicit: {
      apiKey,
      baseUrl,
      maxRetries,
      maxRequestsPerMinute,
      cacheSeconds,
      sharedStore: sharedStore ?? "off",
      timeoutSeconds: timeoutMs === undefined ? undefined : timeoutMs / 1000,
    },
    explicitName: (name) => (name === "apiKey" ? (keySource ?? "the apiKey option") : `the ${name} option`),
    env: {},
  });
  return new ChatmaidClient(settings, hooks);
}

/** A parsed identifier, for calls that take one. */
export function id(text: string): PhoneIdentifier {
  return parsePhoneIdentifier(text);
}
