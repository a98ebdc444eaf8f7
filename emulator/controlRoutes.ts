/**
 * `/_emulator/...` routes: the dashboard and fault controls over HTTP, so a
 * user running the bin can drive it with curl. No API key, no rate limit, not
 * recorded as API requests (only logged). Who may call them: controlAccess.ts.
 */
import type { IncomingMessage } from "node:http";
import { refuseForeignCaller, refuseNonJsonBody, type EmulatorSite } from "./controlAccess";
import type { Exchange } from "./exchange";
import { FaultError, parseFault } from "./faults";
import { EmulatorDataError } from "./phoneNumberInput";
import { checkLatency, type EmulatorState } from "./state";
import type { EmulatorAccount, PhoneNumberInput } from "./types";

/** Prefix of every control route. */
export const CONTROL_PREFIX = "/_emulator";

/** Largest accepted control body: room for ~10,000-number accounts. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A bad control request: answered as a 4xx envelope. */
class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A too-large body is still read (and dropped) up to this much, so the client gets its 413; beyond it the connection is cut. */
const MAX_DRAIN_BYTES = 4 * MAX_BODY_BYTES;

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge) {
        // Keep reading without keeping, so the 413 can be answered once the client has sent it all.
        // Past that, cut the connection; nothing more will arrive, so settle here.
        if (size > MAX_DRAIN_BYTES) {
          req.destroy();
          reject(new ControlError(413, `Body larger than ${MAX_BODY_BYTES} bytes`));
        }
        return;
      }
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => {
      if (tooLarge) return reject(new ControlError(413, `Body larger than ${MAX_BODY_BYTES} bytes`));
      const text = Buffer.concat(chunks).toString("utf8").trim();
      if (text === "") return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new ControlError(400, "Body must be JSON"));
      }
    });
  });
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new ControlError(400, "Body must be a JSON object");
  return body as Record<string, unknown>;
}

function accountOf(value: unknown, fallback: EmulatorAccount | undefined): EmulatorAccount | undefined {
  if (value === undefined) return fallback;
  if (value === "test" || value === "live") return value;
  throw new ControlError(400, 'account must be "test" or "live"');
}

type Handler = (state: EmulatorState, body: Record<string, unknown>, param: string | undefined) => unknown;

interface ControlRoute {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const ROUTES: ControlRoute[] = [
  { method: "GET", pattern: /^\/health$/, handler: () => ({ status: "ok" }) },
  {
    method: "GET",
    pattern: /^\/phone-numbers$/,
    handler: (s) => ({ test: s.store.snapshot("test"), live: s.store.snapshot("live") }),
  },
  {
    method: "PUT",
    pattern: /^\/phone-numbers$/,
    handler: (s, body) => {
      for (const key of Object.keys(body)) {
        const account = accountOf(key, undefined)!;
        s.store.setNumbers(account, body[key] as PhoneNumberInput[]);
      }
      return { test: s.store.list("test").length, live: s.store.list("live").length };
    },
  },
  {
    method: "POST",
    pattern: /^\/phone-numbers$/,
    handler: (s, body) =>
      s.store.addNumber(accountOf(body.account, "test")!, objectBody(body.number) as PhoneNumberInput),
  },
  {
    method: "POST",
    pattern: /^\/phone-numbers\/([^/]+)\/status$/,
    handler: (s, body, id) => {
      if (typeof body.connectionStatus !== "string" || body.connectionStatus.trim() === "") {
        throw new ControlError(400, "connectionStatus must be a non-empty string");
      }
      const account = accountOf(body.account, undefined);
      try {
        return s.store.setStatus(id!, body.connectionStatus, account);
      } catch (error) {
        throw new ControlError(404, (error as Error).message);
      }
    },
  },
  { method: "GET", pattern: /^\/faults$/, handler: (s) => s.faults.pending() },
  {
    method: "POST",
    pattern: /^\/faults$/,
    handler: (s, body) => {
      s.faults.add(parseFault(body));
      return s.faults.pending();
    },
  },
  {
    method: "DELETE",
    pattern: /^\/faults$/,
    handler: (s) => {
      s.faults.clear();
      return [];
    },
  },
  { method: "GET", pattern: /^\/requests$/, handler: (s) => s.journal.list() },
  {
    method: "DELETE",
    pattern: /^\/requests$/,
    handler: (s) => {
      s.journal.clear();
      return [];
    },
  },
  {
    method: "POST",
    pattern: /^\/latency$/,
    handler: (s, body) => {
      const ms = body.ms as number;
      try {
        checkLatency(ms);
      } catch (error) {
        throw new ControlError(400, (error as Error).message);
      }
      s.latencyMs = ms;
      return { ms };
    },
  },
  {
    method: "POST",
    pattern: /^\/rate-limit$/,
    handler: (s, body) => {
      // JSON has no Infinity: null (or 0) disables the limit.
      const limit = body.limit === null ? 0 : (body.limit as number);
      try {
        s.limiter.configure(limit, (body.windowMs as number | undefined) ?? s.limiter.currentWindowMs);
      } catch (error) {
        throw new ControlError(400, (error as Error).message);
      }
      return { limit: s.limiter.currentLimit, windowMs: s.limiter.currentWindowMs };
    },
  },
  {
    method: "POST",
    pattern: /^\/reset$/,
    handler: (s) => {
      s.reset();
      return { status: "reset" };
    },
  },
];

/**
 * Answers a request under {@link CONTROL_PREFIX}. Never rejects. Order: a
 * foreign Host or Origin (403) before anything else, so a web page learns
 * nothing; then unknown path (404) and method (405); then the body type (415)
 * before the body is read.
 */
export async function handleControlRequest(state: EmulatorState, ex: Exchange, site: EmulatorSite): Promise<void> {
  const foreign = refuseForeignCaller(ex.req.headers, site);
  if (foreign !== undefined) return ex.error(foreign.status, foreign.message);
  const sub = ex.path.slice(CONTROL_PREFIX.length).replace(/\/$/, "");
  const method = ex.req.method ?? "GET";
  const matching = ROUTES.filter((route) => route.pattern.test(sub));
  if (matching.length === 0) return ex.error(404, `Cannot ${method} ${ex.path}`);
  const route = matching.find((r) => r.method === method);
  if (route === undefined) {
    return ex.error(405, `Method ${method} is not allowed on ${ex.path}`, {
      headers: { allow: matching.map((r) => r.method).join(", ") },
    });
  }
  const notJson = refuseNonJsonBody(method, ex.req.headers);
  if (notJson !== undefined) return ex.error(notJson.status, notJson.message);
  try {
    const rawParam = route.pattern.exec(sub)?.[1];
    let param: string | undefined;
    try {
      param = rawParam === undefined ? undefined : decodeURIComponent(rawParam);
    } catch {
      throw new ControlError(400, "Invalid percent-encoding in the path");
    }
    const body = method === "GET" || method === "DELETE" ? {} : objectBody(await readBody(ex.req));
    ex.ok(route.handler(state, body, param));
  } catch (error) {
    if (error instanceof ControlError) return ex.error(error.status, error.message);
    if (
      error instanceof FaultError ||
      error instanceof EmulatorDataError ||
      error instanceof RangeError ||
      error instanceof TypeError
    ) {
      return ex.error(400, error.message);
    }
    return ex.error(500, `Emulator error: ${(error as Error).message}`);
  }
}
