import assert from "node:assert/strict";
import { generatePhoneNumbers, startEmulator, type RunningEmulator } from "../../../emulator";
import { PhoneNumberReader, readerFor, resetSharedState, resolveSettings } from "../../../provider";
import { getPhoneNumber, getPhoneNumberStatus } from "../../../sdk/nodejs";
import { id, testClient } from "../../support/clients";

const KEY = "sk_test_emulator";

describe("request sharing and pacing (request counts)", () => {
  let emulator: RunningEmulator;
  beforeEach(async () => {
    resetSharedState();
    emulator = await startEmulator({ latencyMs: 20 });
  });
  afterEach(() => emulator.close());
  const count = (pred: (path: string) => boolean) => emulator.requests.filter((r) => pred(r.path)).length;

  it("answers 200 concurrent lookups of distinct numbers from one list request", async () => {
    const numbers = generatePhoneNumbers(200);
    emulator.setNumbers("test", numbers);
    const results = await Promise.all(
      numbers.map((n, i) => getPhoneNumber({ id: i % 2 ? n.id : n.phoneNumber, apiKey: KEY, baseUrl: emulator.url })),
    );
    assert.deepEqual(
      results.map((r) => r.id),
      numbers.map((n) => n.id),
    );
    assert.equal(emulator.requests.length, 1);
    assert.equal(emulator.requests[0]!.path, "/v1/phone-numbers");
  });

  it("serves repeated lookups from the fresh list, and falls back to GET /:id for a number absent from it", async () => {
    const reader = new PhoneNumberReader(testClient({ apiKey: KEY, baseUrl: emulator.url }));
    await reader.lookup(id("+15551234567"));
    await reader.lookup(id("507f1f77bcf86cd799439011"));
    emulator.addNumber("test", {
      id: "0123456789abcdef01234567",
      phoneNumber: "+15559990000",
      connectionStatus: "connected",
    });
    const added = await reader.lookup(id("+15559990000"));
    assert.equal(added.id, "0123456789abcdef01234567");
    assert.deepEqual(
      emulator.requests.map((r) => r.path),
      ["/v1/phone-numbers", "/v1/phone-numbers/%2B15559990000"],
    );
  });

  it("re-reads the list once it is stale", async () => {
    const reader = new PhoneNumberReader(testClient({ apiKey: KEY, baseUrl: emulator.url, cacheSeconds: 0.05 }));
    await reader.list();
    await reader.list();
    await new Promise((r) => setTimeout(r, 80));
    await reader.list();
    assert.equal(
      count((p) => p === "/v1/phone-numbers"),
      2,
    );
  });

  it("shares /status requests per number, across identifiers and callers", async () => {
    const statuses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        getPhoneNumberStatus({ id: i % 2 ? "+15552345678" : "+1 555 234 5678", apiKey: KEY, baseUrl: emulator.url }),
      ),
    );
    assert.ok(statuses.every((s) => s.connectionStatus === "disconnected"));
    assert.equal(emulator.requests.length, 1);
    // Repeated within the freshness window: no new request.
    await getPhoneNumberStatus({ id: "+15552345678", apiKey: KEY, baseUrl: emulator.url });
    assert.equal(emulator.requests.length, 1);
  });

  it("checks connection only for the numbers that must be connected, via /status", async () => {
    const reader = readerFor(resolveSettings({ explicit: { apiKey: KEY, baseUrl: emulator.url }, env: {} }));
    const { getPhoneNumbers } = await import("../../../sdk/nodejs");
    await getPhoneNumbers({
      required: ["+15551234567", "+15555678901"],
      requireConnected: true,
      apiKey: KEY,
      baseUrl: emulator.url,
    });
    assert.deepEqual(emulator.requests.map((r) => r.path).sort(), [
      "/v1/phone-numbers",
      "/v1/phone-numbers/507f1f77bcf86cd799439011/status",
      "/v1/phone-numbers/65c1a2b3c4d5e6f708192a3e/status",
    ]);
    assert.ok(reader.client.shared.cache.size > 0, "the reader shares the same per-key cache");
  });

  it("bounds requests in flight per key to 4 by default", async () => {
    emulator.setLatency(60);
    const client = testClient({ apiKey: KEY, baseUrl: emulator.url });
    const ids = emulator.getNumbers("test").map((n) => n.id);
    // Each distinct status request is its own flight; watch the server side.
    await Promise.all(ids.map((n) => client.getPhoneNumberStatus(id(n))));
    const times = emulator.requests.map((r) => Date.parse(String(r.at)));
    // With 6 requests, 60 ms each, and 4 slots: two rounds.
    const rounds = new Set(times.map((t) => Math.floor((t - times[0]!) / 50))).size;
    assert.equal(emulator.requests.length, ids.length);
    assert.ok(rounds >= 2, `requests ran in ${rounds} round(s)`);
    assert.equal(client.shared.pacer.maxConcurrency, 4);
  });

  it("sizes the pacer from chatmaid:maxRequestsPerMinute / CHATMAID_MAX_RPM", () => {
    const fromConfig = resolveSettings({
      explicit: { apiKey: "sk_test_rpm_a" },
      config: (k) => (k === "chatmaid:maxRequestsPerMinute" ? "30" : undefined),
      env: {},
    });
    assert.equal(readerFor(fromConfig).client.shared.pacer.maxRequests, 30);
    const fromEnv = resolveSettings({ explicit: { apiKey: "sk_test_rpm_b" }, env: { CHATMAID_MAX_RPM: "12" } });
    assert.equal(readerFor(fromEnv).client.shared.pacer.maxRequests, 12);
    const byDefault = resolveSettings({ explicit: { apiKey: "sk_test_rpm_c" }, env: {} });
    assert.equal(readerFor(byDefault).client.shared.pacer.maxRequests, 100);
    assert.throws(
      () => resolveSettings({ explicit: { apiKey: "sk_test_x" }, env: { CHATMAID_MAX_RPM: "lots" } }),
      /CHATMAID_MAX_RPM environment variable must be a number/,
    );
  });

  it("stays within a server limit: 24 status checks under 8 per second get at most 8 answers of 429", async () => {
    emulator.setLatency(0);
    const numbers = generatePhoneNumbers(24);
    emulator.setNumbers("test", numbers);
    emulator.setRateLimit(8, 1000);
    const client = testClient({ apiKey: KEY, baseUrl: emulator.url });
    const results = await Promise.all(numbers.map((n) => client.getPhoneNumberStatus(id(n.id))));
    assert.equal(results.length, 24);
    const limited = emulator.requests.filter((r) => r.status === 429).length;
    assert.equal(emulator.requests.filter((r) => r.status === 200).length, 24);
    assert.ok(limited <= 8, `${limited} answers of 429`);
  });

  it("never exceeds a limit the pacer knows: zero 429s", async () => {
    const numbers = generatePhoneNumbers(12);
    emulator.setNumbers("test", numbers);
    emulator.setLatency(0);
    emulator.setRateLimit(5, 500);
    const client = testClient({
      apiKey: KEY,
      baseUrl: emulator.url,
      maxRequestsPerMinute: 5,
      rateLimitWindowMs: 500,
    });
    await Promise.all(numbers.map((n) => client.getPhoneNumberStatus(id(n.id))));
    assert.equal(emulator.requests.filter((r) => r.status === 429).length, 0);
    assert.equal(emulator.requests.length, 12);
  });
});
