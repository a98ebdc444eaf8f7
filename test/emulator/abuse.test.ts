/**
 * The emulator under abuse: random and malformed requests (other methods,
 * huge headers, invalid percent-encoding, other auth schemes, raw garbage
 * over TCP) each get a proper 4xx JSON envelope and never crash it; and a
 * 2,000-request load from 50 concurrent clients is answered correctly (200 or
 * 429, exactly the per-key budget), after which it still serves.
 *
 * Loopback only; every loop is bounded in count and every wait in time.
 */
import assert from "node:assert/strict";
import * as http from "node:http";
import { connect } from "node:net";
import fc from "fast-check";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { budgetProblems, runEmulatorLoad } from "../support/emulatorLoad";

const SEED = 424242;
const REQUEST_ID = /^req_[0-9a-f]{16}$/;
/** Start of a raw control POST that the Host and body-type checks let through (the rest is up to the test). */
const CONTROL_POST = "POST /_emulator/faults HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
/** Every status a request may get from the emulator; never a 5xx. */
const ALLOWED = new Set([200, 400, 401, 403, 404, 405, 413, 415, 417, 429, 431]);

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request over its own connection, bounded in time. */
function request(
  emulator: RunningEmulator,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer | string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: emulator.port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error(`no answer to ${method} ${path} within 5 s`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Writes raw bytes, half-closes, and collects everything until the server closes (bounded). */
function raw(emulator: RunningEmulator, payload: string | Buffer, options: { end?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(emulator.port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", (e: NodeJS.ErrnoException) =>
      e.code === "ECONNRESET" || e.code === "EPIPE" ? resolve(Buffer.concat(chunks).toString("latin1")) : reject(e),
    );
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.setTimeout(3000, () => {
      socket.destroy();
      reject(
        new Error(
          `the server neither answered nor closed within 3 s (got ${JSON.stringify(Buffer.concat(chunks).toString("latin1").slice(0, 200))})`,
        ),
      );
    });
    socket.write(payload);
    if (options.end !== false) socket.end();
  });
}

/** Asserts the error envelope on a parsed answer. */
function assertEnvelope(
  status: number,
  contentType: string | undefined,
  requestId: unknown,
  body: string,
  where: string,
): Record<string, unknown> {
  assert.ok(status >= 400 && status < 500, `${where}: a 4xx, got ${status}: ${body.slice(0, 200)}`);
  assert.match(String(contentType), /^application\/json/, `${where}: JSON content type`);
  assert.match(String(requestId), REQUEST_ID, `${where}: x-request-id`);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    assert.fail(`${where}: the body is not JSON: ${JSON.stringify(body.slice(0, 200))}`);
  }
  assert.equal(parsed.success, false, where);
  assert.equal(parsed.statusCode, status, where);
  assert.equal(typeof parsed.error, "string", where);
  assert.ok(typeof parsed.message === "string" || Array.isArray(parsed.message), where);
  assert.equal(typeof parsed.path, "string", where);
  assert.ok(!Number.isNaN(Date.parse(String(parsed.timestamp))), `${where}: timestamp`);
  return parsed;
}

/** Parses the first HTTP response in a raw byte stream and asserts it is a 4xx envelope. */
function assertRawEnvelope(text: string, where: string): number {
  const match = /^HTTP\/1\.[01] (\d{3}) [^\r\n]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(text);
  assert.ok(match, `${where}: an HTTP response, got ${JSON.stringify(text.slice(0, 300))}`);
  const status = Number(match[1]);
  const headers = Object.fromEntries(
    match[2]!
      .split("\r\n")
      .map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
  );
  const length = Number(headers["content-length"]);
  assert.ok(Number.isInteger(length), `${where}: a content-length (${JSON.stringify(text.slice(0, 300))})`);
  assertEnvelope(status, headers["content-type"], headers["x-request-id"], match[3]!.slice(0, length), where);
  return status;
}

async function assertServing(emulator: RunningEmulator): Promise<void> {
  const health = await request(emulator, "GET", "/_emulator/health");
  assert.equal(health.status, 200, "the emulator still serves");
  const api = await request(emulator, "GET", "/v1/phone-numbers/%2B15551234567", {
    authorization: "Bearer sk_test_emulator",
  });
  assert.equal(api.status, 200);
  assert.equal((JSON.parse(api.body) as { data: { id: string } }).data.id, "507f1f77bcf86cd799439011");
}

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

const METHODS = [
  "GET",
  "POST",
  "PUT",
  "DELETE",
  "PATCH",
  "HEAD",
  "OPTIONS",
  "TRACE",
  "PROPFIND",
  "MKCOL",
  "PURGE",
  "LOCK",
  "SEARCH",
  "REPORT",
  "LINK",
];
const SEGMENTS = [
  "%2B15551234567",
  "+15551234567",
  "507f1f77bcf86cd799439011",
  "507F1F77BCF86CD799439011",
  "%zz",
  "%",
  "%E0%A4%A",
  "%C0%AF",
  "%FF",
  "%00",
  "%2F",
  "%252F",
  "..",
  "%2e%2e",
  ".",
  "status",
  "phone-numbers",
  "v1",
  "~",
  "a;b=c",
  "*",
  "%2B",
  "+",
  "%20",
  "%0d%0a",
  "\u00e9",
  "\u00ff",
];
const urlChar = fc.constantFrom(..."abcXYZ0189-._~!$&'()*+,;=:@%/".split(""));
const segment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SEGMENTS) },
  { weight: 1, arbitrary: fc.string({ unit: urlChar, maxLength: 24 }) },
);
const query = fc.option(
  fc.tuple(segment, segment).map(([k, v]) => `?${k}=${v}`),
  { nil: "" },
);
const path = fc
  .oneof(
    fc.array(segment, { maxLength: 4 }).map((s) => `/v1/phone-numbers/${s.join("/")}`),
    fc.tuple(segment, fc.boolean()).map(([s, status]) => `/v1/phone-numbers/${s}${status ? "/status" : ""}`),
    fc.constant("/v1/phone-numbers"),
    fc.array(segment, { maxLength: 3 }).map((s) => `/_emulator/${s.join("/")}`),
    fc.constantFrom(
      "/_emulator/health",
      "/_emulator/faults",
      "/_emulator/phone-numbers/%zz/status",
      "/_emulator/phone-numbers/%2B15551234567/status",
      "/_emulator/rate-limit",
      "/_emulator/latency",
    ),
    fc.array(segment, { maxLength: 5 }).map((s) => `/${s.join("/")}`),
    fc.constantFrom(
      "*",
      "/",
      "//v1//phone-numbers",
      "/V1/PHONE-NUMBERS",
      "/v1/phone-numbers/",
      "/v1/phone-numbers//status",
    ),
  )
  .chain((p) => query.map((q) => `${p}${q}`));
const KEYS = [
  "sk_test_emulator",
  "sk_test_emulator_legacy",
  "sk_test_emulator_noscope",
  "sk_live_emulator",
  "sk_test_unknown",
  "",
];
const authorization = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom("Bearer ", "bearer ", "BEARER  "), fc.constantFrom(...KEYS))
      .map(([s, k]) => `${s}${k}`.trim()),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom("Basic ", "Digest ", "Token ", "ApiKey ", "", "Bearer\t", "Bearer sk_test_emulator "),
        fc.constantFrom(...KEYS),
      )
      .map(([s, k]) => `${s}${k}`.trim() || "Bearer"),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "Basic c2tfdGVzdF9lbXVsYXRvcjo=",
      "Bearer",
      "Bearer  ",
      "Negotiate abc",
      `Bearer ${"a".repeat(8000)}`,
      "Bearer sk_test_emulator, Bearer sk_live_emulator",
    ),
  },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom(..."abc XYZ_=+/:;,.-0123456789".split("")), maxLength: 60 }),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const headerName = fc
  .stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
  .filter(
    (n) =>
      ![
        "host",
        "content-length",
        "transfer-encoding",
        "connection",
        "expect",
        "authorization",
        "upgrade",
        "te",
        "trailer",
      ].includes(n),
  );
const headerValue = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.string({
      unit: fc.constantFrom(..."abc XYZ_=+/:;,.-0123456789\"'{}[]<>\\".split("")),
      maxLength: 100,
    }),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 24_000 }).map((n) => "h".repeat(n)) },
);
const headers = fc.dictionary(headerName, headerValue, { maxKeys: 6 });
const body = fc.option(
  fc.oneof(
    fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.concat([Buffer.from([0x01]), Buffer.from(b)])),
    fc.constantFrom("{", "[1,2", "null", "\u0000", '{"kind":', "not json"),
  ),
  { nil: undefined },
);

// ---------------------------------------------------------------------------

describe("emulator under abuse", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ rateLimit: 0 });
  });
  after(() => emulator.close());

  it("random requests (methods, paths, percent-encoding, auth schemes, headers, bodies) get a proper answer and never a 5xx", async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 3, arbitrary: fc.constant("GET") }, { weight: 2, arbitrary: fc.constantFrom(...METHODS) }),
        path,
        authorization,
        headers,
        body,
        // Half the time the JSON content type, so control bodies get past the 415 and are parsed.
        fc.boolean(),
        async (method, p, auth, extra, payload, json) => {
          const answer = await request(
            emulator,
            method,
            p,
            {
              ...(json ? { "content-type": "application/json" } : {}),
              ...extra,
              ...(auth === undefined ? {} : { authorization: auth }),
            },
            method === "GET" || method === "HEAD" ? undefined : payload,
          );
          seen.set(answer.status, (seen.get(answer.status) ?? 0) + 1);
          assert.ok(ALLOWED.has(answer.status), `${method} ${p}: status ${answer.status} ${answer.body.slice(0, 300)}`);
          assert.match(String(answer.headers["x-request-id"]), REQUEST_ID);
          if (method === "HEAD") {
            assert.equal(answer.body, "");
            return;
          }
          if (answer.status >= 400) {
            const envelope = assertEnvelope(
              answer.status,
              answer.headers["content-type"],
              answer.headers["x-request-id"],
              answer.body,
              `${method} ${p}`,
            );
            if (answer.status !== 400 && answer.status !== 431)
              assert.equal(envelope.path, p.split("?")[0], "the path as sent, without the query");
          } else {
            assert.equal((JSON.parse(answer.body) as { success: unknown }).success, true);
          }
        },
      ),
      { numRuns: 400, seed: SEED },
    );
    // The generator really reached the interesting answers.
    for (const status of [200, 400, 401, 403, 404, 405, 415, 431])
      assert.ok((seen.get(status) ?? 0) > 0, `saw a ${status} (saw ${JSON.stringify([...seen])})`);
    await assertServing(emulator);
  });

  it("raw garbage bytes and almost-HTTP over TCP get a 4xx envelope and the connection closed", async () => {
    const line = fc.constantFrom("\r\n", "\n", "\r", "\r\r\n", "");
    const almostHttp = fc
      .tuple(
        fc.constantFrom("GET", "POST", "BREW", "get", "G E T", "", "\u0000GET", "CONNECT", "PRI"),
        fc.constantFrom(
          "/v1/phone-numbers",
          "/v1/phone-numbers/%zz",
          "*",
          "",
          "/\u0000",
          "/v1/phone numbers",
          "http://evil/v1",
          "/" + "x".repeat(20_000),
        ),
        fc.constantFrom("HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "HTTP/1.1 extra", "", "http/1.1"),
        fc.array(
          fc.constantFrom(
            "Host: x",
            "Content-Length: 5",
            "Content-Length: -1",
            "Content-Length: 99999999999999999999",
            "Transfer-Encoding: chunked",
            "Transfer-Encoding: gzip, chunked",
            "X: a\u0001b",
            "Bad Header",
            ": empty",
            "Authorization: Bearer sk_test_emulator",
            "Expect: teapot",
          ),
          { maxLength: 4 },
        ),
        line,
        fc.constantFrom("", "abc", "zz\r\n\r\n", "0\r\n\r\n"),
      )
      .chain(([m, p, v, hs, eol, tail]) =>
        line.map((eol2) => `${m} ${p} ${v}${eol}${hs.join(eol2 || "\r\n")}${eol}${eol}${tail}`),
      );
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((b) => Buffer.from(b)),
          almostHttp.map((s) => Buffer.from(s, "latin1")),
        ),
        async (payload) => {
          const text = await raw(emulator, payload);
          // Each answer is a 4xx envelope (a complete, valid request hidden in the noise may get its normal answer).
          const status = assertRawEnvelopeOrOk(text, JSON.stringify(payload.toString("latin1").slice(0, 120)));
          if (status !== undefined) answered++;
        },
      ),
      { numRuns: 250, seed: SEED },
    );
    assert.ok(answered > 200, `answered ${answered} of 250`);
    await assertServing(emulator);
  });

  describe("specific abuse, each with its envelope", () => {
    it("other methods on the API get 405 with Allow: GET", async () => {
      for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"]) {
        const answer = await request(
          emulator,
          method,
          "/v1/phone-numbers/%2B15551234567",
          { authorization: "Bearer sk_test_emulator" },
          method === "TRACE" ? undefined : "{}",
        );
        assertEnvelope(
          answer.status,
          answer.headers["content-type"],
          answer.headers["x-request-id"],
          answer.body,
          method,
        );
        assert.equal(answer.status, 405);
        assert.equal(answer.headers.allow, "GET");
      }
      const head = await request(emulator, "HEAD", "/v1/phone-numbers", { authorization: "Bearer sk_test_emulator" });
      assert.equal(head.status, 405);
    });

    it("CONNECT gets a 405 envelope instead of a silently dropped connection", async () => {
      const text = await raw(emulator, "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n");
      assert.equal(assertRawEnvelope(text, "CONNECT"), 405);
      await assertServing(emulator);
    });

    it("an HTTP/1.1 request without Host gets a 400 envelope", async () => {
      const text = await raw(
        emulator,
        "GET /v1/phone-numbers HTTP/1.1\r\nAuthorization: Bearer sk_test_emulator\r\n\r\n",
      );
      assert.equal(assertRawEnvelope(text, "no Host"), 400);
      // HTTP/1.0 needs no Host.
      const old = await raw(
        emulator,
        "GET /v1/phone-numbers HTTP/1.0\r\nAuthorization: Bearer sk_test_emulator\r\n\r\n",
      );
      assert.match(old, /^HTTP\/1\.1 200 /);
    });

    it("an unsupported Expect gets a 417 envelope", async () => {
      const text = await raw(
        emulator,
        "POST /_emulator/faults HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 2\r\n\r\n{}",
      );
      assert.equal(assertRawEnvelope(text, "Expect"), 417);
    });

    it("huge headers and a huge URL get 431; many headers are fine", async () => {
      assert.equal(
        assertRawEnvelope(
          await raw(emulator, `GET /v1/phone-numbers HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(64 * 1024)}\r\n\r\n`),
          "big header",
        ),
        431,
      );
      assert.equal(
        assertRawEnvelope(
          await raw(emulator, `GET /v1/phone-numbers/${"9".repeat(40_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
          "big URL",
        ),
        431,
      );
      const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`x-h${i}`, "v"]));
      const answer = await request(emulator, "GET", "/v1/phone-numbers", {
        ...many,
        authorization: "Bearer sk_test_emulator",
      });
      assert.equal(answer.status, 200);
    });

    it("invalid percent-encoding gets 400 (API and control routes), with the path as sent", async () => {
      for (const p of [
        "/v1/phone-numbers/%E0%A4%A",
        "/v1/phone-numbers/%zz/status",
        "/v1/phone-numbers/%",
        "/v1/phone-numbers/%C0%AF",
      ]) {
        const answer = await request(emulator, "GET", p, { authorization: "Bearer sk_test_emulator" });
        const envelope = assertEnvelope(
          answer.status,
          answer.headers["content-type"],
          answer.headers["x-request-id"],
          answer.body,
          p,
        );
        assert.equal(answer.status, 400, p);
        assert.equal(envelope.path, p);
      }
      const control = await request(
        emulator,
        "POST",
        "/_emulator/phone-numbers/%zz/status",
        { "content-type": "application/json" },
        '{"connectionStatus":"connected"}',
      );
      assertEnvelope(
        control.status,
        control.headers["content-type"],
        control.headers["x-request-id"],
        control.body,
        "control",
      );
      assert.equal(control.status, 400);
    });

    it("other auth schemes and malformed Bearer values get 401; the scheme name is case-insensitive", async () => {
      for (const auth of [
        "Basic c2tfdGVzdF9lbXVsYXRvcjo=",
        "Digest username=x",
        "Token sk_test_emulator",
        "Bearer",
        "Bearer ",
        "sk_test_emulator",
        "Bearer sk_test_emulator extra",
        "Bearer sk_test_emulator,sk_live_emulator",
        "Bearer SK_TEST_EMULATOR",
      ]) {
        const answer = await request(emulator, "GET", "/v1/phone-numbers", { authorization: auth });
        assertEnvelope(
          answer.status,
          answer.headers["content-type"],
          answer.headers["x-request-id"],
          answer.body,
          auth,
        );
        assert.equal(answer.status, 401, auth);
      }
      assert.equal(
        (await request(emulator, "GET", "/v1/phone-numbers", { authorization: "bEaReR sk_test_emulator" })).status,
        200,
      );
    });

    it("a control body over the limit gets a 413 envelope (not a dropped connection)", async () => {
      const big = Buffer.alloc(33 * 1024 * 1024, 0x20);
      const answer = await request(
        emulator,
        "PUT",
        "/_emulator/phone-numbers",
        { "content-type": "application/json" },
        big,
      ).catch((e: Error) => e);
      assert.ok(!(answer instanceof Error), `answered (got ${answer instanceof Error ? answer.message : ""})`);
      assertEnvelope(answer.status, answer.headers["content-type"], answer.headers["x-request-id"], answer.body, "413");
      assert.equal(answer.status, 413);
      await assertServing(emulator);
    });

    it("request smuggling shapes, bad chunking and bad lengths get 400", async () => {
      for (const payload of [
        // Control posts that pass the Host and body-type checks, so the body is really read.
        `${CONTROL_POST}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
        `${CONTROL_POST}Transfer-Encoding: chunked\r\n\r\nzz\r\n\r\n`,
        `${CONTROL_POST}Content-Length: 1\r\nContent-Length: 2\r\n\r\n{}`,
        `${CONTROL_POST}Content-Length: -1\r\n\r\n`,
        "GET /v1/phone-numbers HTTP/1.1\r\nHost: x\r\nX: a\u0001b\r\n\r\n",
        "GET /v1/phone-numbers HTTP/1.1\nHost: x\n\n",
      ]) {
        assert.equal(assertRawEnvelope(await raw(emulator, payload), JSON.stringify(payload)), 400);
      }
    });

    it("half-sent, dropped and held connections never crash it, and others are served meanwhile", async () => {
      // Connections that drop mid-request, including mid-body on a control route.
      for (let i = 0; i < 30; i++) {
        const socket = connect(emulator.port, "127.0.0.1");
        socket.on("error", () => undefined);
        socket.write(i % 2 === 0 ? "GET /v1/phone-nu" : `${CONTROL_POST}Content-Length: 100\r\n\r\n{"kind":`);
        socket.destroy();
      }
      // Held connections with partial headers (slowloris): the emulator keeps serving others.
      const held = Array.from({ length: 20 }, () => {
        const socket = connect(emulator.port, "127.0.0.1");
        socket.on("error", () => undefined);
        socket.write("GET /v1/phone-numbers HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        return socket;
      });
      try {
        await assertServing(emulator);
      } finally {
        for (const socket of held) socket.destroy();
      }
      await assertServing(emulator);
    });
  });

  describe("under load", () => {
    it("2,000 requests from 50 concurrent clients all get a correct 200 or 429, exactly per key budget; it serves afterwards", async () => {
      const loaded = await startEmulator({ rateLimit: 500, rateLimitWindowMs: 10 * 60_000, maxRecordedRequests: 500 });
      try {
        const report = await runEmulatorLoad(loaded, {
          requests: 2000,
          clients: 50,
          requestTimeoutMs: 10_000,
          deadlineMs: 25_000,
        });
        assert.deepEqual(report.problems, [], `${report.problemCount} wrong answers`);
        assert.deepEqual(budgetProblems(report, 500), []);
        assert.equal((report.statuses[200] ?? 0) + (report.statuses[429] ?? 0), 2000);
        assert.equal(report.statuses[200], 1500, "3 keys x 500 allowed");
        assert.equal(loaded.requests.length, 500, "the journal stays capped");
        // Still serving: health answers, the exhausted key gets a proper 429, and with the limit lifted, data.
        assert.equal((await request(loaded, "GET", "/_emulator/health")).status, 200);
        const limited = await request(loaded, "GET", "/v1/phone-numbers", { authorization: "Bearer sk_test_emulator" });
        assertEnvelope(
          limited.status,
          limited.headers["content-type"],
          limited.headers["x-request-id"],
          limited.body,
          "after the load",
        );
        assert.equal(limited.status, 429);
        loaded.setRateLimit(0);
        await assertServing(loaded);
      } finally {
        await loaded.close();
      }
    });
  });
});

/** Like {@link assertRawEnvelope}, but a normal answer (a complete valid request in the noise) is allowed too. */
function assertRawEnvelopeOrOk(text: string, where: string): number | undefined {
  if (text === "") return undefined;
  const status = Number(/^HTTP\/1\.[01] (\d{3}) /.exec(text)?.[1]);
  assert.ok(Number.isInteger(status), `${where}: an HTTP response, got ${JSON.stringify(text.slice(0, 200))}`);
  assert.ok(ALLOWED.has(status), `${where}: status ${status}`);
  if (status >= 400) assertRawEnvelope(text, where);
  return status;
}
