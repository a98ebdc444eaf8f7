/**
 * Who may use the control routes. They need no API key, so the danger is a
 * web page open in the developer's browser: it can send "simple" cross-site
 * requests (a form post, `fetch` with `mode: "no-cors"`: text/plain, form or
 * multipart bodies) without a CORS preflight, and through DNS rebinding it
 * can even read answers under its own host name. Hence three rules:
 *
 * - the `Host` header names this machine (a loopback name) or the exact
 *   address the user bound: a rebinding page sends its own name;
 * - an `Origin` header, when present, is the emulator's own origin: browsers
 *   send one on cross-site posts, curl and scripts send none;
 * - state-changing requests carry `Content-Type: application/json`, a type a
 *   browser only sends cross-site after a preflight the emulator never
 *   approves.
 *
 * The `/v1` API routes are left open: they need a key, only read, and must
 * keep answering under any name (e.g. a compose service name).
 */
import type { IncomingHttpHeaders } from "node:http";

/** Where the emulator listens: what its own `Host` and `Origin` look like. */
export interface EmulatorSite {
  /** The bound port. */
  port: number;
  /** The host it was bound to, as given: `127.0.0.1`, `::1`, `0.0.0.0`, `192.168.1.5`, `localhost`... */
  host: string;
}

/** A refused control request: the status and message of its error envelope. */
export interface Refusal {
  /** 403 (foreign Host or Origin) or 415 (body type). */
  status: 403 | 415;
  /** What was wrong and what to send instead. */
  message: string;
}

/** A host in a `Host` or `Origin`: a bracketed IPv6 literal or a name / IPv4 address, then an optional port. */
const HOST_PORT = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i;

/** `application/json`, any case, optionally with parameters such as `; charset=utf-8`. */
const JSON_CONTENT_TYPE = /^application\/json[ \t]*(;.*)?$/i;

/** Methods that only read: they need no body type. */
const READ_METHODS = new Set(["GET", "HEAD"]);

/** Echoed header values are cut to this length. */
const MAX_ECHO = 100;

function echo(value: string | undefined): string {
  return value === undefined ? "none" : JSON.stringify(value.slice(0, MAX_ECHO));
}

/**
 * Splits `host[:port]` and normalizes the host the way a URL does (lowercase,
 * canonical IPv4 and IPv6 forms). Anything else (userinfo, paths, spaces) is
 * `undefined`: checked against the strict pattern first, so the URL parser
 * never sees more than a host and a port.
 */
function parseHostPort(value: string): { name: string; port: number | undefined } | undefined {
  const match = HOST_PORT.exec(value);
  if (match === null) return undefined;
  try {
    const name = new URL(`http://${match[1]!}`).hostname;
    return { name, port: match[2] === undefined ? undefined : Number(match[2]) };
  } catch {
    return undefined;
  }
}

/** `host` as it appears in a URL, normalized (`::1` -> `[::1]`), or undefined if it is not a plain host. */
function normalizedHost(host: string): string | undefined {
  return parseHostPort(host.includes(":") ? `[${host}]` : host)?.name;
}

/** `localhost`, `*.localhost`, `127.x.x.x` or `[::1]` (after normalization). */
function isLoopbackName(name: string): boolean {
  return name === "localhost" || name.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(name) || name === "[::1]";
}

/**
 * The bound host when it is not a loopback name, else undefined. A wildcard
 * (`0.0.0.0`, `::`) counts too: the printed URL then uses it, and a page
 * reaching it from another site is still stopped by the Origin and body-type
 * rules.
 */
function boundName(site: EmulatorSite): string | undefined {
  const name = normalizedHost(site.host);
  return name === undefined || isLoopbackName(name) ? undefined : name;
}

/** A loopback name, or the exact host the emulator was bound to. */
function namesThisEmulator(name: string, site: EmulatorSite): boolean {
  return isLoopbackName(name) || name === boundName(site);
}

/** The accepted host names, for messages: "localhost, *.localhost, 127.x.x.x or [::1]" (plus the bound host). */
function acceptedNames(site: EmulatorSite): string {
  const bound = boundName(site);
  const names = ["localhost", "*.localhost", "127.x.x.x", "[::1]", ...(bound === undefined ? [] : [bound])];
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1)!}`;
}

/** Whether `host` (a `Host` header) names this emulator: accepted name, and no port or its port. */
function isOwnHost(host: string, site: EmulatorSite): boolean {
  const parsed = parseHostPort(host);
  return (
    parsed !== undefined &&
    namesThisEmulator(parsed.name, site) &&
    (parsed.port === undefined || parsed.port === site.port)
  );
}

/** Whether `origin` is `http://<accepted name>:<port>` (no port only when the emulator is on 80). */
function isOwnOrigin(origin: string, site: EmulatorSite): boolean {
  if (!origin.startsWith("http://")) return false;
  const parsed = parseHostPort(origin.slice("http://".length));
  return parsed !== undefined && namesThisEmulator(parsed.name, site) && (parsed.port ?? 80) === site.port;
}

/**
 * Refuses (403) a control request whose `Host` does not name this machine or
 * the bound address (DNS rebinding), or whose `Origin` is present and not the
 * emulator's own (a web page). `undefined` when the caller may go on.
 */
export function refuseForeignCaller(headers: IncomingHttpHeaders, site: EmulatorSite): Refusal | undefined {
  const { host, origin } = headers;
  if (host === undefined || !isOwnHost(host, site)) {
    return {
      status: 403,
      message:
        `Control routes only answer requests addressed to this machine: Host must be ${acceptedNames(site)}, ` +
        `with no port or port ${site.port} (got ${echo(host)}). Another name may be a web page using DNS rebinding.`,
    };
  }
  if (origin !== undefined && !isOwnOrigin(origin, site)) {
    return {
      status: 403,
      message:
        `Control routes refuse requests from web pages: Origin ${echo(origin)} is not this emulator ` +
        `(http://HOST:${site.port}, HOST being ${acceptedNames(site)}). ` +
        `Send them from curl or a script, without an Origin header.`,
    };
  }
  return undefined;
}

/**
 * Refuses (415) a state-changing control request (anything but GET and HEAD)
 * without `Content-Type: application/json`, whatever its body. `undefined`
 * when the request may go on.
 */
export function refuseNonJsonBody(method: string, headers: IncomingHttpHeaders): Refusal | undefined {
  if (READ_METHODS.has(method)) return undefined;
  const type = headers["content-type"];
  if (type !== undefined && JSON_CONTENT_TYPE.test(type.trim())) return undefined;
  return {
    status: 415,
    message:
      `Control requests that change state (POST, PUT, DELETE) need Content-Type: application/json ` +
      `(got ${echo(type)}). With curl: -H 'content-type: application/json'.`,
  };
}
