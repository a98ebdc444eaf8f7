/**
 * Load on the emulator: N requests from C concurrent clients on loopback, each
 * client on its own keep-alive connection, rotating keys and endpoints. Every
 * answer is checked: a 200 must carry exactly the right data, a 429 the full
 * rate-limit envelope with a matching `Retry-After`; each key must get exactly
 * its budget of 200s; every `x-request-id` must be unique; and the server
 * must still serve afterwards.
 *
 * `test/emulator/abuse.test.ts` runs a CI-sized load through
 * {@link runEmulatorLoad}; `npm run bench:load` (bench/emulatorLoad.ts) a larger one.
 */
import * as http from "node:http";
import { EMULATOR_API_KEYS, type EmulatorAccount, type RunningEmulator } from "../../emulator";

/** Options of {@link runEmulatorLoad}. */
export interface LoadOptions {
  /** Requests in all. */
  readonly requests: number;
  /** Concurrent clients, each with one keep-alive connection. */
  readonly clients: number;
  /** Give up on one request after this long (counted as a wrong answer). Default 10 000 ms. */
  readonly requestTimeoutMs?: number;
  /** Stop sending new requests after this long. Default 120 000 ms. */
  readonly deadlineMs?: number;
}

/** What a load run saw. */
export interface LoadReport {
  readonly requests: number;
  readonly clients: number;
  readonly durationMs: number;
  /** Answers by status. */
  readonly statuses: Record<number, number>;
  /** Per key: requests sent, 200s and 429s. */
  readonly byKey: Record<string, { sent: number; ok: number; limited: number }>;
  /** The first problems found (at most 20), each naming the request. */
  readonly problems: string[];
  /** Number of problems in all. */
  readonly problemCount: number;
  /** Distinct `x-request-id` values seen (must equal `requests`). */
  readonly distinctRequestIds: number;
  /** Latency percentiles in ms. */
  readonly latencyMs: { p50: number; p99: number; max: number };
}

const KEYS = [EMULATOR_API_KEYS.test, EMULATOR_API_KEYS.testLegacyScope, EMULATOR_API_KEYS.live] as const;
const ACCOUNT_OF: Record<string, EmulatorAccount> = {
  [EMULATOR_API_KEYS.test]: "test",
  [EMULATOR_API_KEYS.testLegacyScope]: "test",
  [EMULATOR_API_KEYS.live]: "live",
};
const REQUEST_ID = /^req_[0-9a-f]{16}$/;

interface Planned {
  readonly index: number;
  readonly key: string;
  readonly path: string;
  /** Checks a 200 body; returns a problem or undefined. */
  readonly check: (body: Record<string, unknown>) => string | undefined;
}

/** The i-th request: keys rotate, endpoints rotate (list, get by id, get by E.164, status by id, status by E.164). */
function plan(emulator: RunningEmulator, index: number): Planned {
  const key = KEYS[index % KEYS.length]!;
  const numbers = emulator.getNumbers(ACCOUNT_OF[key]!);
  // Only numbers whose answers never change under load (a `connecting` number moves on /status polls).
  const stable = numbers.filter((n) => n.connectionStatus === "connected" || n.connectionStatus === "disconnected");
  const target = stable[Math.floor(index / KEYS.length) % stable.length]!;
  const ids = numbers
    .map((n) => n.id)
    .sort()
    .join(",");
  const variant = Math.floor(index / KEYS.length) % 5;
  const isRecord = (data: unknown, fields: string[]): string | undefined => {
    const d = data as Record<string, unknown> | undefined;
    if (!d || typeof d !== "object") return "data is not an object";
    for (const f of fields)
      if (d[f] !== (target as Record<string, unknown>)[f])
        return `data.${f} is ${JSON.stringify(d[f])}, expected ${JSON.stringify((target as Record<string, unknown>)[f])}`;
    return undefined;
  };
  switch (variant) {
    case 0:
      return {
        index,
        key,
        path: "/v1/phone-numbers",
        check: (body) => {
          const data = body.data as Array<{ id: string }> | undefined;
          if (!Array.isArray(data)) return "list data is not an array";
          const got = data
            .map((n) => n.id)
            .sort()
            .join(",");
          return got === ids ? undefined : `list has ${got}, expected ${ids}`;
        },
      };
    case 1:
      return {
        index,
        key,
        path: `/v1/phone-numbers/${target.id}`,
        check: (body) => isRecord(body.data, ["id", "phoneNumber", "displayName", "connectionStatus", "environment"]),
      };
    case 2:
      return {
        index,
        key,
        path: `/v1/phone-numbers/${encodeURIComponent(target.phoneNumber)}`,
        check: (body) => isRecord(body.data, ["id", "phoneNumber", "displayName"]),
      };
    case 3:
      return {
        index,
        key,
        path: `/v1/phone-numbers/${target.id.toUpperCase()}/status`,
        check: (body) => isRecord(body.data, ["id", "phoneNumber", "connectionStatus"]),
      };
    default:
      return {
        index,
        key,
        path: `/v1/phone-numbers/${encodeURIComponent(target.phoneNumber)}/status`,
        check: (body) => isRecord(body.data, ["id", "phoneNumber", "connectionStatus"]),
      };
  }
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

function send(agent: http.Agent, url: string, p: Planned, timeoutMs: number): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${p.path}`, { agent, headers: { authorization: `Bearer ${p.key}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          ms: performance.now() - started,
        }),
      );
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

/** Problems with one answer (empty when it is correct). */
function judge(p: Planned, answer: Answer): string | undefined {
  const where = `#${p.index} GET ${p.path} (${p.key})`;
  const requestId = answer.headers["x-request-id"];
  if (typeof requestId !== "string" || !REQUEST_ID.test(requestId))
    return `${where}: bad x-request-id ${JSON.stringify(requestId)}`;
  if (!/^application\/json/.test(String(answer.headers["content-type"])))
    return `${where}: content-type ${answer.headers["content-type"]}`;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    return `${where}: body is not JSON: ${answer.body.slice(0, 100)}`;
  }
  if (answer.status === 200) {
    if (body.success !== true) return `${where}: 200 without success: true`;
    const problem = p.check(body);
    return problem === undefined ? undefined : `${where}: ${problem}`;
  }
  if (answer.status === 429) {
    const retryAfter = body.retryAfter;
    if (
      body.success !== false ||
      body.statusCode !== 429 ||
      body.error !== "Too Many Requests" ||
      typeof body.message !== "string"
    )
      return `${where}: 429 without the envelope: ${answer.body.slice(0, 200)}`;
    if (body.path !== p.path) return `${where}: 429 envelope path ${JSON.stringify(body.path)}`;
    if (typeof retryAfter !== "number" || !Number.isInteger(retryAfter) || retryAfter < 1)
      return `${where}: 429 retryAfter ${JSON.stringify(retryAfter)}`;
    if (answer.headers["retry-after"] !== String(retryAfter))
      return `${where}: Retry-After header ${answer.headers["retry-after"]} != body ${retryAfter}`;
    return undefined;
  }
  return `${where}: unexpected status ${answer.status}: ${answer.body.slice(0, 200)}`;
}

/**
 * Sends `options.requests` requests from `options.clients` concurrent clients
 * and checks every answer. Never throws for a wrong answer: read `problems`.
 */
export async function runEmulatorLoad(emulator: RunningEmulator, options: LoadOptions): Promise<LoadReport> {
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const stopAt = Date.now() + (options.deadlineMs ?? 120_000);
  const plans = Array.from({ length: options.requests }, (_, i) => plan(emulator, i));
  const statuses: Record<number, number> = {};
  const byKey: Record<string, { sent: number; ok: number; limited: number }> = {};
  const problems: string[] = [];
  let problemCount = 0;
  const requestIds = new Set<string>();
  const latencies: number[] = [];
  const problem = (text: string): void => {
    problemCount++;
    if (problems.length < 20) problems.push(text);
  };
  let next = 0;
  const started = performance.now();
  const client = async (): Promise<void> => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      while (next < plans.length) {
        const p = plans[next++]!;
        if (Date.now() > stopAt) {
          problem(`#${p.index}: not sent, the run passed its deadline`);
          continue;
        }
        const stats = (byKey[p.key] ??= { sent: 0, ok: 0, limited: 0 });
        stats.sent++;
        try {
          const answer = await send(agent, emulator.url, p, timeoutMs);
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          latencies.push(answer.ms);
          if (answer.status === 200) stats.ok++;
          if (answer.status === 429) stats.limited++;
          const id = answer.headers["x-request-id"];
          if (typeof id === "string") requestIds.add(id);
          const wrong = judge(p, answer);
          if (wrong !== undefined) problem(wrong);
        } catch (error) {
          problem(`#${p.index} GET ${p.path}: ${(error as Error).message}`);
        }
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.clients) }, client));
  latencies.sort((a, b) => a - b);
  const pct = (q: number): number =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 10) / 10;
  return {
    requests: options.requests,
    clients: options.clients,
    durationMs: Math.round(performance.now() - started),
    statuses,
    byKey,
    problems,
    problemCount,
    distinctRequestIds: requestIds.size,
    latencyMs: { p50: pct(0.5), p99: pct(0.99), max: Math.round((latencies[latencies.length - 1] ?? 0) * 10) / 10 },
  };
}

/**
 * Problems with a whole run for an emulator limited to `rateLimit` requests
 * per window per key (0 = no limit), assuming the run fits in one window:
 * each key must get exactly `min(rateLimit, sent)` 200s, and 429 for the rest.
 */
export function budgetProblems(report: LoadReport, rateLimit: number): string[] {
  const out: string[] = [];
  for (const [key, s] of Object.entries(report.byKey)) {
    const expectedOk = rateLimit === 0 ? s.sent : Math.min(rateLimit, s.sent);
    if (s.ok !== expectedOk || s.limited !== s.sent - expectedOk)
      out.push(`${key}: ${s.ok} x 200 and ${s.limited} x 429 of ${s.sent}; expected ${expectedOk} x 200`);
  }
  if (report.distinctRequestIds !== report.requests)
    out.push(`${report.distinctRequestIds} distinct request ids for ${report.requests} requests`);
  return out;
}
