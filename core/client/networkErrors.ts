/**
 * What a failed fetch means. Node's fetch reports everything as `TypeError:
 * fetch failed`; the reason is somewhere down its `cause` chain.
 */
import { ChatmaidError, ConnectionError, UnexpectedStatusError } from "../model/errors";
import { safeText } from "../model/redact";

/** A network failure as the transport handles it: the error, and whether retrying may help. */
export interface NetworkFailure {
  readonly error: ChatmaidError;
  readonly retryable: boolean;
}

/** Where the request went: for messages. */
export interface NetworkContext {
  /** `GET /v1/...`. */
  readonly request: string;
  /** The full URL (no credentials: base URLs with credentials are refused). */
  readonly url: string;
  /** The proxy from the environment, as `http://host:port`, when one is set. */
  readonly proxy?: string;
}

/** Turns a fetch failure into a typed error with a message that says what to check. */
export function networkFailure(error: unknown, context: NetworkContext): NetworkFailure {
  const chain = causes(error);
  const codes = chain.map((e) => e.code).filter((c): c is string => typeof c === "string");
  const messages = chain.map((e) => (typeof e.message === "string" ? e.message : ""));
  const { request } = context;
  // llhttp refuses a status line outside 100-599 (an assertion in Node's fetch, a parser error in undici's).
  if (codes.includes("ERR_ASSERTION") || codes.includes("HPE_INVALID_STATUS")) {
    return {
      retryable: false,
      error: new UnexpectedStatusError(
        `The server at ${hostOf(context.url)} answered ${request} with a status line that is not HTTP (outside 100-599). ` +
          `Check the base URL points at the Chatmaid API.`,
        { code: "unexpected_status", request },
      ),
    };
  }
  const tunnel = messages.map((m) => /Proxy response \((\d+)\)/.exec(m)).find((m) => m !== null);
  if (tunnel) return proxyRefused(Number(tunnel[1]), context);
  const atProxy = context.proxy ? chain.find((e) => isAddressOf(e, context.proxy!)) : undefined;
  if (atProxy) {
    return {
      retryable: true,
      error: new ConnectionError(
        `Could not reach Chatmaid for ${request}: the proxy ${context.proxy} (from HTTPS_PROXY / HTTP_PROXY) could not be reached` +
          `${typeof atProxy.code === "string" ? ` (${safeText(atProxy.code, 40)})` : ""}. Check the proxy variables, or that the proxy is running.`,
        { code: "proxy_unreachable", request },
      ),
    };
  }
  const code = codes.find((c) => c !== "UND_ERR_ABORTED");
  const host = hostOf(context.url);
  const what =
    code === "ENOTFOUND" || code === "EAI_AGAIN"
      ? `the host ${host} could not be resolved`
      : code === "ECONNREFUSED"
        ? `the connection to ${host} was refused`
        : code === "ECONNRESET" || code === "UND_ERR_SOCKET"
          ? `the connection to ${host} was reset`
          : `the request to ${host} failed${code ? ` (${safeText(code, 40)})` : ""}`;
  const via = context.proxy
    ? `, through the proxy ${context.proxy} (from HTTPS_PROXY / HTTP_PROXY; NO_PROXY skips it)`
    : "";
  return {
    retryable: true,
    error: new ConnectionError(
      `Could not reach Chatmaid for ${request}${via}: ${what}. ` +
        `Check the network${context.proxy ? ", the proxy" : ""} and the base URL (chatmaid:baseUrl / CHATMAID_BASE_URL).`,
      { code: "connection_error", request },
    ),
  };
}

/** A proxy that refused the tunnel: 407 and 403 are settings to fix, not outages to retry. */
function proxyRefused(status: number, context: NetworkContext): NetworkFailure {
  const proxy = context.proxy ?? "the proxy";
  const hint =
    status === 407
      ? "it asks for credentials: put them in the proxy URL (http://user:password@host:port)"
      : status === 403
        ? `it does not allow ${hostOf(context.url)}: ask for it to be allowed, or list the host in NO_PROXY if it is reachable directly`
        : "check the proxy";
  return {
    retryable: status >= 500,
    error: new ConnectionError(
      `Could not reach Chatmaid for ${context.request}: the proxy ${proxy} (from HTTPS_PROXY / HTTP_PROXY) refused to connect to ${hostOf(context.url)} (${status}); ${hint}.`,
      { code: "proxy_refused", request: context.request },
    ),
  };
}

/** A system error's connection fields (Node puts the address and port it tried on the error). */
interface Cause {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly address?: unknown;
  readonly port?: unknown;
}

/** Whether a connection error was about `origin` (`http://host:port`): the proxy itself, not the host behind it. */
function isAddressOf(cause: Cause, origin: string): boolean {
  const url = new URL(origin);
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return cause.port === port && (cause.address === host || (host === "localhost" && cause.address === "127.0.0.1"));
}

/** The error and its causes, outermost first (bounded: a cycle must not loop). */
function causes(error: unknown): Cause[] {
  const out: Cause[] = [];
  let current: unknown = error;
  while (current !== null && typeof current === "object" && out.length < 8) {
    out.push(current as Cause);
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the Chatmaid host";
  }
}
