/**
 * Proxies from the environment. Node's built-in fetch ignores `HTTPS_PROXY`,
 * `HTTP_PROXY` and `NO_PROXY`, and corporate CI often reaches the internet
 * only through a proxy; undici's `EnvHttpProxyAgent` with undici's own fetch
 * honours them. It is loaded only when a proxy is set, so the common path
 * keeps Node's fetch and its start-up cost.
 */
import type * as Undici from "undici";
import { isLoopback } from "../model/baseUrl";
import { InvalidInputError } from "../model/errors";

/** The fetch to use, and the proxy it goes through (origin only, never credentials). */
export interface NetworkPath {
  /** The fetch implementation. */
  readonly fetch: typeof fetch;
  /** The proxy as `http://host:port`, when one is used for some hosts. */
  readonly proxy?: string;
}

/** Proxy settings as read from the environment (lower case first, as curl and undici do; empty means unset). */
interface ProxySettings {
  readonly httpProxy: string | undefined;
  readonly httpsProxy: string | undefined;
  readonly noProxy: string;
}

const agents = new Map<string, Undici.Dispatcher>();

/**
 * Node's fetch when no proxy variable is set, or when `target` is a loopback
 * host (a proxy may be another machine, and plain http:// is allowed only
 * because loopback traffic never leaves this one); otherwise undici's fetch
 * through an `EnvHttpProxyAgent` (one per distinct setting, kept for the
 * process), which sends each request through the proxy for its scheme
 * unless `NO_PROXY` names the host.
 * @throws InvalidInputError for a proxy variable that is not a URL, without repeating it (it may hold credentials).
 */
export function networkPath(
  target: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): NetworkPath {
  const settings = proxySettings(env);
  if (!settings.httpProxy && !settings.httpsProxy) return { fetch };
  if (isLoopback(new URL(target).hostname)) return { fetch };
  const undici = require("undici") as typeof Undici;
  const key = JSON.stringify(settings);
  let agent = agents.get(key);
  if (!agent) {
    try {
      agent = new undici.EnvHttpProxyAgent(settings);
    } catch {
      // The error's `input` holds the raw URL, credentials and all: never repeat it.
      throw new InvalidInputError(
        `The proxy in ${settings.httpsProxy ? "HTTPS_PROXY" : "HTTP_PROXY"} is not a valid http:// or https:// URL. ` +
          `Set it to e.g. http://proxy.example:3128 (credentials as http://user:password@host:port), or unset it.`,
        { code: "invalid_proxy", origin: "environment" },
      );
    }
    agents.set(key, agent);
  }
  const dispatcher = agent;
  const proxied = (input: string | URL, init?: RequestInit) =>
    undici.fetch(input, { ...(init as Undici.RequestInit), dispatcher });
  return { fetch: proxied as unknown as typeof fetch, proxy: originOf((settings.httpsProxy ?? settings.httpProxy)!) };
}

function proxySettings(env: Readonly<Record<string, string | undefined>>): ProxySettings {
  const value = (lower: string, upper: string): string | undefined => nonEmpty(env[lower]) ?? nonEmpty(env[upper]);
  return {
    httpProxy: value("http_proxy", "HTTP_PROXY"),
    httpsProxy: value("https_proxy", "HTTPS_PROXY"),
    noProxy: value("no_proxy", "NO_PROXY") ?? "",
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value.trim() : undefined;
}

/** `http://host:port` of a proxy URL: the credentials are dropped. */
function originOf(raw: string): string {
  try {
    return new URL(raw).origin;
  } catch {
    return "the proxy";
  }
}
