import assert from "node:assert/strict";
import { RateLimitError, resetSharedState, ServerError, TimeoutError, type RetryNotice } from "../../../provider";
import { ScriptedServer, sampleRecord } from "../../support/scriptedServer";
import { id, testClient } from "../../support/clients";

const ok = { status: 200, body: { success: true, data: [sampleRecord()] } };
const KEY = "sk_test_retries";

describe("retries and timeouts", () => {
  let server: ScriptedServer;
  before(async () => {
    server = await ScriptedServer.start();
  });
  after(() => server.close());
  beforeEach(() => {
    resetSharedState();
    server.requests.length = 0;
  });
  const gap = (i: number) => server.requests[i]!.at - server.requests[i - 1]!.at;

  it("retries a 429 after the Retry-After header's seconds", async () => {
    server.respond(
      {
        status: 429,
        headers: { "retry-after": "1" },
        body: { success: false, statusCode: 429, message: "Too Many Requests" },
      },
      ok,
    );
    const notices: RetryNotice[] = [];
    const numbers = await testClient({
      apiKey: KEY,
      baseUrl: server.url,
      onRetry: (n) => notices.push(n),
    }).listPhoneNumbers();
    assert.equal(numbers.length, 1);
    assert.equal(server.requests.length, 2);
    assert.ok(gap(1) >= 950, `waited ${gap(1)} ms`);
    assert.deepEqual(
      notices.map((n) => [n.attempt, n.delayMs, n.reason]),
      [[1, 1000, "429"]],
    );
  });

  it("retries a 429 after the body's retryAfter when there is no header", async () => {
    server.respond({ status: 429, body: { success: false, statusCode: 429, retryAfter: 1 } }, ok);
    await testClient({ apiKey: KEY, baseUrl: server.url }).listPhoneNumbers();
    assert.equal(server.requests.length, 2);
    assert.ok(gap(1) >= 950, `waited ${gap(1)} ms`);
  });

  it("honours a Retry-After HTTP date", async () => {
    const at = new Date(Date.now() + 2000).toUTCString(); // whole seconds: 1-2 s from now
    server.respond({ status: 503, headers: { "retry-after": at } }, ok);
    await testClient({ apiKey: KEY, baseUrl: server.url }).listPhoneNumbers();
    assert.ok(gap(1) >= 900, `waited ${gap(1)} ms`);
  });

  it("retries a 503 HTML page from a proxy, with backoff", async () => {
    server.respond(
      { status: 503, body: "<html>Service Unavailable</html>", headers: { "content-type": "text/html" } },
      ok,
    );
    await testClient({ apiKey: KEY, baseUrl: server.url }).listPhoneNumbers();
    assert.equal(server.requests.length, 2);
    assert.ok(gap(1) >= 370, `backed off ${gap(1)} ms`); // 500 ms scaled by jitter in [0.75, 1]
  });

  for (const status of [408, 500, 502, 504]) {
    it(`retries ${status}`, async () => {
      server.respond({ status }, ok);
      await testClient({ apiKey: KEY, baseUrl: server.url }).listPhoneNumbers();
      assert.equal(server.requests.length, 2);
    });
  }

  it("does not retry 401, 403 or 404", async () => {
    for (const status of [401, 403, 404]) {
      server.requests.length = 0;
      server.respond({ status });
      await assert.rejects(testClient({ apiKey: KEY, baseUrl: server.url }).listPhoneNumbers());
      assert.equal(server.requests.length, 1, String(status));
    }
  });

  it("gives up after maxRetries and throws the last error", async () => {
    server.respond({ status: 500 });
    await assert.rejects(
      testClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 2 }).listPhoneNumbers(),
      ServerError,
    );
    assert.equal(server.requests.length, 3);
  });

  it("fails at once, saying when to retry, when Retry-After is beyond the 60 s cap", async () => {
    server.respond({ status: 429, headers: { "retry-after": "3600" } }, ok);
    const t0 = Date.now();
    await assert.rejects(testClient({ apiKey: KEY, baseUrl: server.url }).listPhoneNumbers(), (e: unknown) => {
      assert.ok(e instanceof RateLimitError);
      assert.equal(e.retryAfter, 3600);
      assert.match(e.message, /retry after 3600 s \(at \d{4}-\d\d-\d\dT/);
      return true;
    });
    assert.ok(Date.now() - t0 < 1000);
    assert.equal(server.requests.length, 1);
  });

  it("times out an attempt that gets no answer, retries, then throws TimeoutError", async () => {
    server.respond(() => undefined); // accept and never answer
    const t0 = Date.now();
    await assert.rejects(
      testClient({ apiKey: KEY, baseUrl: server.url, timeoutMs: 200, maxRetries: 1 }).listPhoneNumbers(),
      (e: unknown) => {
        assert.ok(e instanceof TimeoutError);
        assert.match(e.message, /within 200 ms/);
        return true;
      },
    );
    assert.equal(server.requests.length, 2);
    assert.ok(Date.now() - t0 < 3000);
  });

  it("pauses every request for the key after a 429, not just the one that got it", async () => {
    server.respond({ status: 429, headers: { "retry-after": "1" } }, ok, ok, ok);
    const client = testClient({ apiKey: KEY, baseUrl: server.url, maxConcurrency: 1 });
    const t0 = Date.now();
    await Promise.all([
      client.listPhoneNumbers(),
      client.getPhoneNumber(id("+15551234567")).catch(() => undefined),
      client.getPhoneNumberStatus(id("+15551234567")).catch(() => undefined),
    ]);
    // After the 429 at t0, nothing else may start for a second.
    const afterLimit = server.requests.slice(1).map((r) => r.at - t0);
    assert.ok(
      afterLimit.every((t) => t >= 950),
      `starts ${afterLimit.join(",")}`,
    );
  });
});
