/**
 * Faults: every way the network or the server can fail ends in one clear,
 * typed error within a bounded time, with no unhandled rejection and nothing
 * left behind. Each scenario runs the real client in a CHILD process
 * (fixtures/faultCall.ts) that must exit on its own: a leaked timer, socket or
 * pending request would keep it alive until the test kills it and fails.
 *
 * The servers run here, in the test process, on 127.0.0.1 (or nowhere: a
 * refused port, an unresolvable `.invalid` host). The children use a sentinel
 * API key, and nothing they print (the error's message, properties, stack,
 * inspect and JSON forms, the client's inspect form, stderr) may contain it.
 */
import assert from "node:assert/strict";
import * as http from "node:http";
import * as net from "node:net";
import type { AddressInfo } from "node:net";
import { startEmulator, type Fault } from "../../../emulator";
import { ConnectionError, resetSharedState } from "../../../provider";
import { MAX_BODY_BYTES } from "../../../core/client/responseBody";
import {
  concurrencyLimit,
  runChild,
  transpileForChildren,
  type ChildResult,
  type TranspiledTree,
} from "../../support/leakCheck";
import { sampleRecord, ScriptedServer, type ScriptedAnswer } from "../../support/scriptedServer";
import { testClient } from "../../support/clients";

/** The API key every scripted scenario uses; it must never be printed. */
const SENTINEL_KEY = "sk_test_SENTINEL_9c1e_do_not_leak";
/** Parts of it that would also betray it. */
const SENTINEL_PARTS = [SENTINEL_KEY, "SENTINEL_9c1e", "9c1e_do_not_leak"];
/** The child must exit by itself within this; it is killed (and the test fails) after. */
const EXIT_DEADLINE_MS = 15_000;
/** Generous "did not hang" bound for the failing call itself (expected well under 2 s). */
const CALL_BOUND_MS = 10_000;
const MIB = 1024 * 1024;

/** A server a scenario talks to, with what it saw. */
interface FaultServer {
  readonly url: string;
  /** Requests that reached it (0 where nothing can: refused, unresolvable). */
  requests(): number;
  /** `Authorization` headers it received. */
  authorizations(): string[];
  /** Body bytes it managed to write (for the endless body). */
  bytesSent(): number;
  close(): Promise<void>;
}

/** What the child prints. */
interface ChildOutput {
  outcome: "ok" | "error";
  name?: string;
  isChatmaidError?: boolean;
  code?: string;
  status?: number;
  retryAfter?: number;
  fieldPath?: string;
  message?: string;
  stack?: string;
  inspected?: string;
  json?: string;
  elapsedMs: number;
  retries: Array<{ attempt: number; delayMs: number; reason: string }>;
  memory: { baselineRss: number; peakRss: number; peakExternal: number };
}

interface Scenario {
  title: string;
  start(): Promise<FaultServer>;
  call?: "list" | "get" | "status";
  id?: string;
  timeoutMs?: number;
  maxRetries?: number;
  /** Default {@link SENTINEL_KEY}; the emulator only knows its own keys. */
  key?: string;
  expect: { name: string; code: string; status?: number; message: RegExp; fieldPath?: string };
  /** Requests the server must have seen. */
  requests?: number;
  extra?(out: ChildOutput, server: FaultServer): void;
}

// ---------------------------------------------------------------------------
// Servers
// ---------------------------------------------------------------------------

async function scripted(...script: ScriptedAnswer[]): Promise<FaultServer> {
  const server = await ScriptedServer.start(...script);
  return {
    url: server.url,
    requests: () => server.requests.length,
    authorizations: () => server.requests.map((r) => String(r.headers.authorization)),
    bytesSent: () => 0,
    close: () => server.close(),
  };
}

/** A port nothing listens on: bind one, then close it. */
async function refusedPort(): Promise<FaultServer> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => 0,
    authorizations: () => [],
    bytesSent: () => 0,
    close: async () => undefined,
  };
}

/** Accepts TCP connections and never writes a byte. */
async function silentTcp(): Promise<FaultServer> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => connections,
    authorizations: () => [],
    bytesSent: () => 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * Streams a body with backpressure until the client goes away or `limit`
 * bytes were sent; with `declare`, announces its full length up front.
 */
async function streamingBody(limit: number, declare: boolean): Promise<FaultServer> {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, "7");
  const server = await ScriptedServer.start((_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { "content-type": "application/json", ...(declare ? { "content-length": String(limit) } : {}) });
    res.write('{"success":true,"data":[],"padding":"');
    const pump = (): void => {
      while (sent < limit - 64 * 1024 && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once("drain", pump);
          return;
        }
      }
      if (!res.destroyed) res.end('"}');
    };
    res.on("error", () => undefined);
    pump();
  });
  return {
    url: server.url,
    requests: () => server.requests.length,
    authorizations: () => server.requests.map((r) => String(r.headers.authorization)),
    bytesSent: () => sent,
    close: () => server.close(),
  };
}

async function emulatorWith(fault: Fault): Promise<FaultServer> {
  const emulator = await startEmulator({ rateLimit: 0 });
  emulator.injectFault({ times: 10, ...fault });
  return {
    url: emulator.url,
    requests: () => emulator.requests.length,
    authorizations: () => [],
    bytesSent: () => 0,
    close: () => emulator.close(),
  };
}

const envelope = (status: number, extra: Record<string, unknown> = {}) => ({
  success: false,
  error: http.STATUS_CODES[status],
  message: "Injected",
  statusCode: status,
  timestamp: new Date().toISOString(),
  path: "/v1/phone-numbers",
  ...extra,
});
const html = (status: number) =>
  `<html><head><title>${status}</title></head><body><center><h1>${status} ${http.STATUS_CODES[status]}</h1></center><hr><center>nginx</center></body></html>`;

// ---------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------

const E164 = "+15551234567";

const SCENARIOS: Scenario[] = [
  {
    title: "connection refused",
    start: refusedPort,
    maxRetries: 1,
    expect: {
      name: "ConnectionError",
      code: "connection_error",
      message: /connection to 127\.0\.0\.1:\d+ was refused/,
    },
    extra: (out) => assert.equal(out.retries.length, 1, "retried once, then gave up"),
  },
  {
    title: "a host that does not resolve (.invalid)",
    start: async () => ({
      url: "https://chatmaid-test.invalid",
      requests: () => 0,
      authorizations: () => [],
      bytesSent: () => 0,
      close: async () => undefined,
    }),
    maxRetries: 1,
    expect: {
      name: "ConnectionError",
      code: "connection_error",
      message: /host chatmaid-test\.invalid could not be resolved/,
    },
  },
  {
    title: "connection reset mid-body",
    start: () =>
      scripted((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "4096" });
        res.write('{"success":true,"data":[{"id":"507f1f77bcf86cd799439011",', () => res.socket?.destroy());
      }),
    maxRetries: 1,
    requests: 2,
    expect: { name: "ConnectionError", code: "connection_error", message: /connection to 127\.0\.0\.1:\d+ was reset/ },
  },
  {
    title: "a server that accepts the request and never answers",
    start: () => scripted(() => undefined),
    timeoutMs: 300,
    maxRetries: 1,
    expect: { name: "TimeoutError", code: "timeout", message: /did not answer GET \/v1\/phone-numbers within 300 ms/ },
    extra: (out, server) => {
      assert.deepEqual(
        out.retries.map((r) => r.reason),
        ["timeout"],
        "timed out, retried once, timed out again",
      );
      assert.ok(server.requests() >= 1, "the request reached the server");
    },
  },
  {
    title: "a TCP server that accepts and never sends a byte",
    start: silentTcp,
    timeoutMs: 300,
    maxRetries: 0,
    expect: { name: "TimeoutError", code: "timeout", message: /within 300 ms/ },
  },
  {
    title: "a server that stalls mid-body",
    start: () =>
      scripted((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "4096" });
        res.write('{"success":true,"data":[');
      }),
    timeoutMs: 300,
    maxRetries: 0,
    expect: { name: "TimeoutError", code: "timeout", message: /within 300 ms/ },
  },
  {
    title: "truncated JSON",
    start: () =>
      scripted({
        status: 200,
        headers: { "content-type": "application/json" },
        body: '{"success":true,"data":[{"id":"507f1f77bcf86cd799439011","phoneNumber":"+1555',
      }),
    maxRetries: 1,
    requests: 1,
    expect: { name: "ResponseValidationError", code: "invalid_json", status: 200, message: /not valid JSON/ },
  },
  ...[502, 503, 504].map((status): Scenario => ({
    title: `an HTML ${status} from a proxy`,
    start: () => scripted({ status, headers: { "content-type": "text/html" }, body: html(status) }),
    maxRetries: 1,
    requests: 2,
    expect: {
      name: "ServerError",
      code: "server_error",
      status,
      message: new RegExp(`failed with ${status} on GET /v1/phone-numbers`),
    },
    extra: (out) => {
      assert.equal(out.retries.length, 1);
      assert.doesNotMatch(out.message!, /<html|nginx/, "the HTML page is not pasted into the message");
    },
  })),
  {
    title: "a 200 with success: false",
    start: () => scripted({ status: 200, body: { success: false, data: [] } }),
    requests: 1,
    expect: { name: "ResponseValidationError", code: "invalid_response", message: /"success" is false, not true/ },
  },
  {
    title: "a 200 whose data is missing",
    start: () => scripted({ status: 200, body: { success: true } }),
    call: "get",
    id: E164,
    requests: 1,
    expect: {
      name: "ResponseValidationError",
      code: "invalid_response",
      fieldPath: "data",
      message: /does not match the API contract \(data: /,
    },
  },
  {
    title: "a 200 whose data is of the wrong type (string for an object)",
    start: () => scripted({ status: 200, body: { success: true, data: "+15551234567" } }),
    call: "status",
    id: E164,
    requests: 1,
    expect: { name: "ResponseValidationError", code: "invalid_response", fieldPath: "data", message: /\(data: / },
  },
  {
    title: "a 200 whose data is of the wrong type (object for a list)",
    start: () => scripted({ status: 200, body: { success: true, data: sampleRecord() } }),
    requests: 1,
    expect: { name: "ResponseValidationError", code: "invalid_response", fieldPath: "data", message: /\(data: / },
  },
  {
    title: "a 200 whose record has a field of the wrong type",
    start: () => scripted({ status: 200, body: { success: true, data: sampleRecord({ connectionStatus: 42 }) } }),
    call: "get",
    id: E164,
    requests: 1,
    expect: {
      name: "ResponseValidationError",
      code: "invalid_response",
      fieldPath: "data.connectionStatus",
      message: /data\.connectionStatus/,
    },
  },
  {
    title: "a 10 MB body with its length declared",
    start: () => streamingBody(10 * MIB, true),
    requests: 1,
    expect: {
      name: "ResponseValidationError",
      code: "body_too_large",
      status: 200,
      message: /body over 8 MiB; refused to read it/,
    },
    extra: (out, server) => {
      assert.ok(server.bytesSent() < 10 * MIB, `refused before the whole body was sent (${server.bytesSent()} bytes)`);
      assert.ok(
        out.memory.peakRss - out.memory.baselineRss < 48 * MIB,
        `memory stayed bounded (+${Math.round((out.memory.peakRss - out.memory.baselineRss) / MIB)} MiB rss)`,
      );
    },
  },
  {
    title: "an endless body without a declared length (256 MiB offered)",
    start: () => streamingBody(256 * MIB, false),
    requests: 1,
    expect: { name: "ResponseValidationError", code: "body_too_large", status: 200, message: /body over 8 MiB/ },
    extra: (out, server) => {
      // The client stops reading at the cap: the server could only push the cap plus socket buffers.
      assert.ok(server.bytesSent() > MAX_BODY_BYTES, "the cap was really reached");
      assert.ok(
        server.bytesSent() < MAX_BODY_BYTES + 24 * MIB,
        `stopped reading near the cap (${Math.round(server.bytesSent() / MIB)} MiB sent)`,
      );
      // Reading 256 MiB would grow the process by far more; the cap keeps it to the cap plus fetch's own buffers (and loading fetch).
      assert.ok(
        out.memory.peakRss - out.memory.baselineRss < 96 * MIB,
        `memory stayed bounded (+${Math.round((out.memory.peakRss - out.memory.baselineRss) / MIB)} MiB rss)`,
      );
    },
  },
  {
    title: "a 429 with Retry-After: 3600 (fails saying when, never sleeps an hour)",
    start: () =>
      scripted({ status: 429, headers: { "retry-after": "3600" }, body: envelope(429, { retryAfter: 3600 }) }),
    requests: 1,
    expect: {
      name: "RateLimitError",
      code: "rate_limited",
      status: 429,
      message: /retry after 3600 s \(at \d{4}-\d\d-\d\dT/,
    },
    extra: (out) => {
      assert.equal(out.retryAfter, 3600);
      assert.equal(out.retries.length, 0, "no wait was even scheduled");
    },
  },
  {
    title: "a 503 with Retry-After: 3600",
    start: () => scripted({ status: 503, headers: { "retry-after": "3600" }, body: envelope(503) }),
    requests: 1,
    expect: { name: "ServerError", code: "server_error", status: 503, message: /retry after 3600 s/ },
  },
  {
    title: "a 429 with a Retry-After date in the year 9999",
    start: () =>
      scripted({ status: 429, headers: { "retry-after": "Fri, 31 Dec 9999 23:59:59 GMT" }, body: envelope(429) }),
    requests: 1,
    expect: { name: "RateLimitError", code: "rate_limited", status: 429, message: /retry after \d{11,} s/ },
  },
  {
    title: "a 429 with an absurd numeric Retry-After (1e20 s)",
    start: () => scripted({ status: 429, headers: { "retry-after": "100000000000000000000" }, body: envelope(429) }),
    requests: 1,
    expect: {
      name: "RateLimitError",
      code: "rate_limited",
      status: 429,
      message: /rate limit .* was exceeded \(429: Injected\); it asks to retry after/,
    },
  },
  {
    title: "a 429 whose body asks for retryAfter 1e300 s (no header)",
    start: () => scripted({ status: 429, body: envelope(429, { retryAfter: 1e300 }) }),
    requests: 1,
    expect: { name: "RateLimitError", code: "rate_limited", status: 429, message: /it asks to retry after/ },
  },
  {
    title: "a 429 with a Retry-After too large for a number (400 digits)",
    start: () => scripted({ status: 429, headers: { "retry-after": "9".repeat(400) }, body: envelope(429) }),
    requests: 1,
    expect: { name: "RateLimitError", code: "rate_limited", status: 429, message: /it asks to retry after/ },
  },
  // The same faults from the emulator's own fault injection (its key, since it refuses unknown ones).
  {
    title: "emulator fault: hang",
    start: () => emulatorWith({ kind: "hang" }),
    key: "sk_test_emulator",
    timeoutMs: 300,
    maxRetries: 1,
    expect: { name: "TimeoutError", code: "timeout", message: /within 300 ms/ },
    extra: (out) =>
      assert.deepEqual(
        out.retries.map((r) => r.reason),
        ["timeout"],
      ),
  },
  {
    title: "emulator fault: reset",
    start: () => emulatorWith({ kind: "reset" }),
    key: "sk_test_emulator",
    maxRetries: 1,
    requests: 2,
    expect: { name: "ConnectionError", code: "connection_error", message: /was reset/ },
  },
  {
    title: "emulator fault: malformed",
    start: () => emulatorWith({ kind: "malformed" }),
    key: "sk_test_emulator",
    requests: 1,
    expect: { name: "ResponseValidationError", code: "invalid_json", message: /not valid JSON/ },
  },
  {
    title: "emulator fault: huge (10 MiB)",
    start: () => emulatorWith({ kind: "huge", bytes: 10 * MIB }),
    key: "sk_test_emulator",
    requests: 1,
    expect: { name: "ResponseValidationError", code: "body_too_large", message: /over 8 MiB/ },
  },
  {
    title: "emulator fault: HTML 502",
    start: () => emulatorWith({ kind: "status", status: 502, body: "html" }),
    key: "sk_test_emulator",
    call: "status",
    id: E164,
    maxRetries: 1,
    requests: 2,
    expect: {
      name: "ServerError",
      code: "server_error",
      status: 502,
      message: /failed with 502 on GET \/v1\/phone-numbers\/%2B15551234567\/status/,
    },
  },
  {
    title: "emulator fault: raw 429 with Retry-After 3600",
    start: () => emulatorWith({ kind: "raw", status: 429, body: "{}", headers: { "Retry-After": "3600" } }),
    key: "sk_test_emulator",
    requests: 1,
    expect: { name: "RateLimitError", code: "rate_limited", message: /retry after 3600 s/ },
  },
  {
    title: "emulator fault: raw 200 with success false",
    start: () => emulatorWith({ kind: "raw", status: 200, body: '{"success":false}' }),
    key: "sk_test_emulator",
    call: "get",
    id: "507f1f77bcf86cd799439011",
    requests: 1,
    expect: { name: "ResponseValidationError", code: "invalid_response", message: /"success" is false/ },
  },
];

// ---------------------------------------------------------------------------
// Running them
// ---------------------------------------------------------------------------

interface Run {
  result: ChildResult;
  server: FaultServer;
  output: ChildOutput | undefined;
}

function parseOutput(stdout: string): ChildOutput | undefined {
  const lines = stdout.split("\n").filter((l) => l !== "");
  if (lines.length !== 1) return undefined;
  try {
    return JSON.parse(lines[0]!) as ChildOutput;
  } catch {
    return undefined;
  }
}

describe("faults: each ends in a clear typed error, in bounded time, and the process exits by itself", function () {
  // Children start in parallel (a few at a time); each test awaits its own.
  this.timeout(60_000);
  let tree: TranspiledTree;
  const runs = new Map<string, Promise<Run>>();

  before(function () {
    this.timeout(30_000);
    tree = transpileForChildren(["core", "provider", "test/core/client/fixtures", "test/support"]);
    const limit = concurrencyLimit(4);
    for (const scenario of SCENARIOS) {
      const run = limit(async (): Promise<Run> => {
        const server = await scenario.start();
        try {
          const result = await runChild(tree.path("test/core/client/fixtures/faultCall.ts"), {
            deadlineMs: EXIT_DEADLINE_MS,
            env: { ...tree.env, CHATMAID_API_KEY: scenario.key ?? SENTINEL_KEY },
            args: [
              JSON.stringify({
                baseUrl: server.url,
                call: scenario.call ?? "list",
                id: scenario.id,
                timeoutMs: scenario.timeoutMs ?? 5000,
                maxRetries: scenario.maxRetries ?? 3,
              }),
            ],
          });
          return { result, server, output: parseOutput(result.stdout) };
        } finally {
          await server.close();
        }
      });
      run.catch(() => undefined); // awaited (and reported) by its own test
      runs.set(scenario.title, run);
    }
  });

  after(async () => {
    await Promise.allSettled(runs.values());
    tree?.remove();
  });

  for (const scenario of SCENARIOS) {
    it(scenario.title, async () => {
      const { result, server, output } = await runs.get(scenario.title)!;
      const context = `\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
      // Exited by itself, cleanly, silently.
      assert.equal(
        result.timedOut,
        false,
        `the child did not exit by itself within ${EXIT_DEADLINE_MS} ms (killed)${context}`,
      );
      assert.equal(result.code, 0, `exit code 0, no unhandled rejection${context}`);
      assert.equal(result.stderr, "", `nothing on stderr (no unhandledRejection, warning or leak report)${context}`);
      assert.ok(output, `exactly one JSON line on stdout${context}`);
      // One clear, typed error.
      assert.equal(output.outcome, "error", `the call failed${context}`);
      assert.equal(output.name, scenario.expect.name, `error class${context}`);
      assert.equal(output.isChatmaidError, true);
      assert.equal(output.code, scenario.expect.code);
      if (scenario.expect.status !== undefined) assert.equal(output.status, scenario.expect.status);
      if (scenario.expect.fieldPath !== undefined) assert.equal(output.fieldPath, scenario.expect.fieldPath);
      assert.match(output.message!, scenario.expect.message);
      assert.ok(output.message!.length < 1000, "the message is bounded");
      assert.doesNotMatch(
        output.message!,
        /[\u0000-\u0008\u000b-\u001f\u007f]/,
        "no control characters in the message",
      );
      // In bounded time.
      assert.ok(output.elapsedMs < CALL_BOUND_MS, `failed within ${CALL_BOUND_MS} ms (took ${output.elapsedMs} ms)`);
      if (scenario.requests !== undefined)
        assert.equal(server.requests(), scenario.requests, "requests that reached the server");
      // The sentinel key was really sent (where a server could see it), and never printed.
      if (scenario.key === undefined && server.authorizations().length > 0) {
        assert.ok(
          server.authorizations().every((a) => a === `Bearer ${SENTINEL_KEY}`),
          "the sentinel key was the key in use",
        );
      }
      for (const part of SENTINEL_PARTS) {
        assert.ok(
          !result.stdout.includes(part),
          `stdout (message, properties, stack, inspect and JSON forms) never contains the key${context}`,
        );
        assert.ok(!result.stderr.includes(part), "stderr never contains the key");
      }
      scenario.extra?.(output, server);
    });
  }

  it("covers every fault the issue lists", () => {
    const titles = SCENARIOS.map((s) => s.title).join("\n");
    for (const needed of [
      /refused/,
      /reset mid-body/,
      /never answers/,
      /truncated JSON/,
      /HTML 502/,
      /HTML 503/,
      /HTML 504/,
      /success: false/,
      /data is missing/,
      /wrong type/,
      /10 MB body/,
      /Retry-After: 3600/,
      /does not resolve/,
    ]) {
      assert.match(titles, needed);
    }
  });
});

describe("faults: a failure while interpreting an answer is not a network error", () => {
  it("is neither reported as a ConnectionError nor retried", async () => {
    resetSharedState();
    let calls = 0;
    const fetchStub: typeof fetch = async () => {
      calls++;
      const response = new Response("{}", { status: 429, headers: { "content-type": "application/json" } });
      const get = response.headers.get.bind(response.headers);
      // A defect in reading the answer (simulated): it must surface as itself.
      Object.defineProperty(response.headers, "get", {
        value: (name: string) =>
          name === "retry-after"
            ? (() => {
                throw new TypeError("defect while reading Retry-After");
              })()
            : get(name),
      });
      return response;
    };
    const client = testClient({
      apiKey: SENTINEL_KEY,
      baseUrl: "http://127.0.0.1:9",
      maxRetries: 3,
      fetch: fetchStub,
    });
    await assert.rejects(
      client.listPhoneNumbers(),
      (e: unknown) =>
        e instanceof TypeError && !(e instanceof ConnectionError) && /defect while reading Retry-After/.test(e.message),
    );
    assert.equal(calls, 1, "not retried");
    resetSharedState();
  });
});
