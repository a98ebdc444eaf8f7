/**
 * Who may use the control routes: a web page in the developer's browser must
 * not change the emulator (cross-site "simple" posts, foreign origins, DNS
 * rebinding), while curl, scripts and the emulator's own origin still can.
 * Requests go through node:http so Host and Origin can be set freely.
 */
import assert from "node:assert/strict";
import * as http from "node:http";
import { connect } from "node:net";
import { SAMPLE_TEST_NUMBERS, type RunningEmulator } from "../../emulator";
import { refuseForeignCaller, refuseNonJsonBody } from "../../emulator/controlAccess";
import { get, useEmulator } from "./helpers";

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** One request over its own connection, with exactly these headers (Host included when given), bounded in time. */
function send(
  emulator: RunningEmulator,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: emulator.port, method, path, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
      res.on("error", reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error(`no answer to ${method} ${path} within 5 s`)));
    req.on("error", reject);
    req.end(body);
  });
}

const JSON_HEADERS = { "content-type": "application/json" };

/** Asserts an error envelope with this status and a message matching `message`. */
function assertRefused(answer: Answer, status: number, message: RegExp, where: string): void {
  assert.equal(answer.status, status, `${where}: ${JSON.stringify(answer.body)}`);
  assert.equal(answer.body.success, false, where);
  assert.equal(answer.body.statusCode, status, where);
  assert.match(String(answer.body.message), message, where);
}

/** A second number whose sample status is `disconnected`, so a refused reset would show. */
const SUPPORT = SAMPLE_TEST_NUMBERS[1]!;
const PRIMARY = SAMPLE_TEST_NUMBERS[0]!;

/**
 * Every state-changing control route, with a body that would succeed. The
 * body is JSON text whatever the content type claims: an attacker's form or
 * `no-cors` fetch can send exactly that, so only the checks stop it.
 */
const ATTACKS: Array<[method: string, path: string, body?: unknown]> = [
  ["POST", "/_emulator/phone-numbers/%2B15551234567/status", { connectionStatus: "disconnected" }],
  ["POST", "/_emulator/faults", { kind: "status", status: 500 }],
  ["DELETE", "/_emulator/faults"],
  ["PUT", "/_emulator/phone-numbers", { test: [] }],
  [
    "POST",
    "/_emulator/phone-numbers",
    { number: { id: "e".repeat(24), phoneNumber: "+15558887777", connectionStatus: "connected" } },
  ],
  ["POST", "/_emulator/latency", { ms: 5000 }],
  ["POST", "/_emulator/rate-limit", { limit: 1 }],
  ["POST", "/_emulator/reset"],
  ["DELETE", "/_emulator/requests"],
];

/** What the attacks above could change and a snapshot can see (latency and the rate limit are probed afterwards). */
async function snapshot(emulator: RunningEmulator): Promise<string> {
  const faults = await send(emulator, "GET", "/_emulator/faults", {});
  assert.equal(faults.status, 200);
  return JSON.stringify({
    test: emulator.getNumbers("test"),
    live: emulator.getNumbers("live"),
    faults: faults.body.data,
    requests: emulator.requests.length,
  });
}

describe("emulator: who may use the control routes", () => {
  const emulator = useEmulator();
  const port = (): number => emulator().port;

  /** State that each attack would visibly change: a status set by hand, a queued fault, a recorded request. */
  async function prepare(): Promise<string> {
    emulator().setStatus(SUPPORT.id, "connected");
    emulator().injectFault({ kind: "status", status: 503, path: "/never-requested" });
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
    return snapshot(emulator());
  }

  /** Sends every attack with `headers`, expects each refused with `status`, and the state untouched throughout. */
  async function assertAllRefused(headers: Record<string, string>, status: number, message: RegExp): Promise<void> {
    const before = await prepare();
    for (const [method, path, body] of ATTACKS) {
      const where = `${method} ${path} with ${JSON.stringify(headers)}`;
      const answer = await send(
        emulator(),
        method,
        path,
        headers,
        body === undefined ? undefined : JSON.stringify(body),
      );
      assertRefused(answer, status, message, where);
      assert.equal(answer.body.path, path, where);
      assert.equal(await snapshot(emulator()), before, `${where} changed nothing`);
    }
    // Latency and the rate limit are not in the snapshot: no 5 s delay, no limit of 1.
    for (let i = 0; i < 3; i++) {
      const res = await get(emulator(), "/v1/phone-numbers", "sk_test_emulator", { signal: AbortSignal.timeout(2000) });
      assert.equal(res.status, 200, "latency and rate limit unchanged");
    }
    assert.equal(
      emulator()
        .getNumbers("test")
        .find((n) => n.id === SUPPORT.id)!.connectionStatus,
      "connected",
    );
    assert.equal(
      emulator()
        .getNumbers("test")
        .find((n) => n.id === PRIMARY.id)!.connectionStatus,
      "connected",
    );
  }

  describe("cross-site requests a browser sends without a preflight are refused and change nothing", () => {
    it("a cross-site text/plain form post (foreign Origin): 403", async () => {
      await assertAllRefused({ origin: "http://evil.example", "content-type": "text/plain" }, 403, /Origin/);
    });

    it('a fetch with mode: "no-cors" (text/plain;charset=UTF-8, foreign Origin): 403', async () => {
      await assertAllRefused(
        { origin: "https://evil.example", "content-type": "text/plain;charset=UTF-8" },
        403,
        /Origin "https:\/\/evil\.example" is not this emulator/,
      );
    });

    it("text/plain without an Origin (a browser that omits it): 415, naming the type to send", async () => {
      await assertAllRefused(
        { "content-type": "text/plain" },
        415,
        /need Content-Type: application\/json \(got "text\/plain"\)/,
      );
    });

    it("application/x-www-form-urlencoded: 415", async () => {
      await assertAllRefused({ "content-type": "application/x-www-form-urlencoded" }, 415, /application\/json/);
    });

    it("multipart/form-data: 415", async () => {
      await assertAllRefused(
        { "content-type": "multipart/form-data; boundary=----x" },
        415,
        /got "multipart\/form-data; boundary=----x"/,
      );
    });

    it("no content type at all: 415", async () => {
      await assertAllRefused({}, 415, /need Content-Type: application\/json \(got none\)/);
    });
  });

  describe("foreign origins and host names are refused even with JSON", () => {
    it("a foreign Origin: 403", async () => {
      await assertAllRefused({ ...JSON_HEADERS, origin: "http://evil.example" }, 403, /refuse requests from web pages/);
    });

    it("Origin: null (sandboxed frame, file: page): 403", async () => {
      await assertAllRefused({ ...JSON_HEADERS, origin: "null" }, 403, /Origin "null"/);
    });

    it("another local origin (a dev server on another port) or https: 403", async () => {
      for (const origin of [
        `http://localhost:${port() === 65535 ? 65534 : port() + 1}`,
        `https://127.0.0.1:${port()}`,
        `http://localhost.evil.example:${port()}`,
        `http://127.0.0.1:${port()}.evil.example`,
        `http://localhost`,
      ]) {
        const answer = await send(
          emulator(),
          "POST",
          "/_emulator/faults",
          { ...JSON_HEADERS, origin },
          '{"kind":"hang"}',
        );
        assertRefused(answer, 403, /Origin/, origin);
      }
      assert.deepEqual((await send(emulator(), "GET", "/_emulator/faults", {})).body.data, [], "no fault queued");
    });

    it("Host: evil.example (DNS rebinding), with or without the page's own Origin: 403", async () => {
      await assertAllRefused(
        { ...JSON_HEADERS, host: "evil.example" },
        403,
        /Host must be .*\(got "evil\.example"\).*DNS rebinding/,
      );
      await assertAllRefused(
        { ...JSON_HEADERS, host: `evil.example:${port()}`, origin: `http://evil.example:${port()}` },
        403,
        /Host/,
      );
    });

    it("rebinding cannot read either: GET control routes with a foreign Host or Origin get 403, not data", async () => {
      emulator().injectFault({ kind: "status", status: 503, path: "/never-requested" });
      const cases: Array<Record<string, string>> = [
        { host: `evil.example:${port()}` },
        { host: "localhost.evil.example" },
        { host: "127.0.0.1.evil.example" },
        { host: `localhost:${port() === 1 ? 2 : 1}` },
        { host: "localhost@evil.example" },
        { origin: "http://evil.example" },
      ];
      for (const headers of cases) {
        for (const path of [
          "/_emulator/requests",
          "/_emulator/phone-numbers",
          "/_emulator/faults",
          "/_emulator/nope",
        ]) {
          const answer = await send(emulator(), "GET", path, headers);
          assertRefused(answer, 403, /Host|Origin/, `GET ${path} with ${JSON.stringify(headers)}`);
          assert.equal(answer.body.data, undefined);
        }
      }
    });

    it("a control request without a Host (HTTP/1.0) or with an empty one: 403, changing nothing", async () => {
      const rawAnswer = (payload: string): Promise<string> =>
        new Promise((resolve, reject) => {
          const socket = connect(port(), "127.0.0.1");
          let out = "";
          socket.setEncoding("utf8");
          socket.on("data", (chunk: string) => (out += chunk));
          socket.on("close", () => resolve(out));
          socket.on("error", reject);
          socket.setTimeout(3000, () => socket.destroy(new Error("no answer within 3 s")));
          socket.end(payload);
        });
      emulator().setStatus(PRIMARY.id, "error");
      const body = '{"connectionStatus":"disconnected"}';
      for (const [head, got] of [
        ["HTTP/1.0\r\n", "none"],
        ["HTTP/1.1\r\nHost: \r\nConnection: close\r\n", String.raw`\"\"`], // JSON-escaped in the body
      ] as const) {
        const text = await rawAnswer(
          `POST /_emulator/phone-numbers/%2B15551234567/status ${head}Content-Type: application/json\r\n` +
            `Content-Length: ${body.length}\r\n\r\n${body}`,
        );
        assert.match(text, /^HTTP\/1\.1 403 /, head);
        assert.ok(text.includes(`(got ${got})`), text);
      }
      assert.equal(
        emulator()
          .getNumbers("test")
          .find((n) => n.id === PRIMARY.id)!.connectionStatus,
        "error",
      );
    });
  });

  describe("curl, scripts and the emulator's own origin still work", () => {
    it("the emulator's own origin, under any loopback name, with JSON: 200 and the change is made", async () => {
      const origins = [
        `http://127.0.0.1:${port()}`,
        `http://localhost:${port()}`,
        `http://[::1]:${port()}`,
        `http://app.localhost:${port()}`,
        `http://127.0.0.2:${port()}`,
        `http://LOCALHOST:${port()}`,
      ];
      for (const [i, origin] of origins.entries()) {
        const status = `custom_${i}`;
        const answer = await send(
          emulator(),
          "POST",
          "/_emulator/phone-numbers/%2B15551234567/status",
          { ...JSON_HEADERS, origin },
          JSON.stringify({ connectionStatus: status }),
        );
        assert.equal(answer.status, 200, `${origin}: ${JSON.stringify(answer.body)}`);
        assert.equal(
          emulator()
            .getNumbers("test")
            .find((n) => n.id === PRIMARY.id)!.connectionStatus,
          status,
        );
      }
    });

    it("loopback Host names, with or without the emulator's port: 200", async () => {
      const hosts = [
        "localhost",
        `localhost:${port()}`,
        `LocalHost:${port()}`,
        `app.localhost:${port()}`,
        "127.0.0.1",
        `127.0.0.1:${port()}`,
        `127.8.9.10:${port()}`,
        "[::1]",
        `[::1]:${port()}`,
      ];
      for (const [i, host] of hosts.entries()) {
        const health = await send(emulator(), "GET", "/_emulator/health", { host });
        assert.equal(health.status, 200, `GET with Host ${host}`);
        const answer = await send(
          emulator(),
          "POST",
          "/_emulator/latency",
          { ...JSON_HEADERS, host },
          JSON.stringify({ ms: i }),
        );
        assert.deepEqual([answer.status, answer.body.data], [200, { ms: i }], `POST with Host ${host}`);
      }
      emulator().setLatency(0);
    });

    it("application/json in any case, with parameters: 200; near misses: 415", async () => {
      for (const type of [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;charset=UTF-8",
        " application/json ",
      ]) {
        const answer = await send(
          emulator(),
          "POST",
          "/_emulator/faults",
          { "content-type": type },
          '{"kind":"malformed"}',
        );
        assert.equal(answer.status, 200, type);
      }
      const queued = (await send(emulator(), "GET", "/_emulator/faults", {})).body.data as unknown[];
      assert.equal(queued.length, 4);
      for (const type of [
        "application/jsonx",
        "text/json",
        "application/json-patch+json",
        "application/x-json",
        "json",
      ]) {
        const answer = await send(emulator(), "POST", "/_emulator/faults", { "content-type": type }, '{"kind":"hang"}');
        assertRefused(answer, 415, /application\/json/, type);
      }
      assert.equal(((await send(emulator(), "GET", "/_emulator/faults", {})).body.data as unknown[]).length, 4);
    });

    it("GET control routes need no content type; an empty JSON POST (curl -X POST) works", async () => {
      for (const path of [
        "/_emulator/health",
        "/_emulator/phone-numbers",
        "/_emulator/faults",
        "/_emulator/requests",
      ]) {
        assert.equal((await send(emulator(), "GET", path, {})).status, 200, path);
      }
      emulator().setStatus(PRIMARY.id, "error");
      assert.equal((await send(emulator(), "POST", "/_emulator/reset", JSON_HEADERS)).status, 200);
      assert.equal(
        emulator()
          .getNumbers("test")
          .find((n) => n.id === PRIMARY.id)!.connectionStatus,
        "connected",
      );
    });

    it("a foreign Host is refused before the path is looked at; a bad path from a good caller is still 404/405", async () => {
      assertRefused(
        await send(emulator(), "GET", "/_emulator/nope", { host: "evil.example" }),
        403,
        /Host/,
        "404 path",
      );
      assertRefused(await send(emulator(), "PATCH", "/_emulator/faults", { host: "evil.example" }), 403, /Host/, "405");
      assert.equal((await send(emulator(), "GET", "/_emulator/nope", {})).status, 404);
      // A wrong method is answered 405 whatever its body type: it could not change anything anyway.
      assert.equal(
        (await send(emulator(), "PATCH", "/_emulator/faults", { "content-type": "text/plain" })).status,
        405,
      );
    });

    it("API routes are unchanged: any Host and Origin, as long as the key is right", async () => {
      const answer = await send(emulator(), "GET", "/v1/phone-numbers/%2B15551234567", {
        authorization: "Bearer sk_test_emulator",
        host: "emulator.internal:4010",
        origin: "http://evil.example",
      });
      assert.equal(answer.status, 200);
      assert.equal((answer.body.data as { id: string }).id, PRIMARY.id);
    });
  });
});

describe("emulator: control access rules (no server)", () => {
  const headers = (h: http.IncomingHttpHeaders): http.IncomingHttpHeaders => h;

  it("accept the exact host the user bound, not its neighbours, and name it in the message", () => {
    const site = { port: 4010, host: "192.168.1.5" };
    assert.equal(refuseForeignCaller(headers({ host: "192.168.1.5:4010" }), site), undefined);
    assert.equal(refuseForeignCaller(headers({ host: "192.168.1.5" }), site), undefined);
    assert.equal(
      refuseForeignCaller(headers({ host: "192.168.1.5:4010", origin: "http://192.168.1.5:4010" }), site),
      undefined,
    );
    assert.equal(refuseForeignCaller(headers({ host: "localhost:4010" }), site), undefined, "loopback still works");
    const other = refuseForeignCaller(headers({ host: "192.168.1.6:4010" }), site);
    assert.equal(other?.status, 403);
    assert.match(other!.message, /\[::1\] or 192\.168\.1\.5, with no port or port 4010 \(got "192\.168\.1\.6:4010"\)/);
    assert.equal(refuseForeignCaller(headers({ host: "192.168.1.5:4011" }), site)?.status, 403);
    assert.equal(
      refuseForeignCaller(headers({ host: "192.168.1.5:4010", origin: "http://192.168.1.5:4011" }), site)?.status,
      403,
    );
  });

  it("compare IPv6 and names in their normal form, and take a bound wildcard literally", () => {
    assert.equal(
      refuseForeignCaller(headers({ host: "[FE80::0:1]:4010" }), { port: 4010, host: "fe80::1" }),
      undefined,
    );
    assert.equal(
      refuseForeignCaller(headers({ host: "[0:0:0:0:0:0:0:1]:4010" }), { port: 4010, host: "127.0.0.1" }),
      undefined,
    );
    assert.equal(refuseForeignCaller(headers({ host: "Dev-Box:4010" }), { port: 4010, host: "dev-box" }), undefined);
    assert.equal(refuseForeignCaller(headers({ host: "0.0.0.0:4010" }), { port: 4010, host: "0.0.0.0" }), undefined);
    assert.equal(refuseForeignCaller(headers({ host: "[::]:4010" }), { port: 4010, host: "::" }), undefined);
    assert.equal(
      refuseForeignCaller(headers({ host: "0.0.0.0:4010" }), { port: 4010, host: "127.0.0.1" })?.status,
      403,
    );
    assert.equal(
      refuseForeignCaller(headers({ host: "192.168.1.5:4010" }), { port: 4010, host: "0.0.0.0" })?.status,
      403,
    );
  });

  it("accept an Origin without a port only when the emulator is on port 80", () => {
    assert.equal(
      refuseForeignCaller(headers({ host: "localhost", origin: "http://localhost" }), { port: 80, host: "127.0.0.1" }),
      undefined,
    );
    assert.equal(
      refuseForeignCaller(headers({ host: "localhost", origin: "http://localhost" }), { port: 4010, host: "127.0.0.1" })
        ?.status,
      403,
    );
  });

  it("need the JSON body type for every method but GET and HEAD", () => {
    for (const method of ["GET", "HEAD"]) assert.equal(refuseNonJsonBody(method, headers({})), undefined, method);
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      assert.equal(refuseNonJsonBody(method, headers({}))?.status, 415, method);
      assert.equal(
        refuseNonJsonBody(method, headers({ "content-type": "application/json; charset=utf-8" })),
        undefined,
      );
    }
  });
});
