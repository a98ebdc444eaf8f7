import assert from "node:assert/strict";
import { FaultError, startEmulator } from "../../emulator";
import { control, expectEnvelope, get, useEmulator } from "./helpers";

describe("emulator: injected faults", () => {
  const emulator = useEmulator();

  for (const status of [500, 502, 503, 504, 408]) {
    it(`status ${status} with the JSON envelope, consumed once`, async () => {
      emulator().injectFault({ kind: "status", status });
      const body = await expectEnvelope(await get(emulator(), "/v1/phone-numbers"), status, "/v1/phone-numbers");
      assert.equal(body.message, "Injected fault");
      assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200, "used up after one request");
      assert.deepEqual(
        emulator().requests.map((r) => [r.status, r.fault]),
        [
          [status, "status"],
          [200, undefined],
        ],
      );
    });
  }

  it("status with an HTML proxy page, an empty body, or a retryAfter", async () => {
    emulator().injectFault({ kind: "status", status: 502, body: "html" });
    emulator().injectFault({ kind: "status", status: 503, body: "empty" });
    emulator().injectFault({ kind: "status", status: 429, retryAfter: 2 });
    const html = await get(emulator(), "/v1/phone-numbers");
    assert.equal(html.status, 502);
    assert.equal(html.headers.get("content-type"), "text/html");
    assert.match(await html.text(), /<title>502 Bad Gateway<\/title>/);
    const empty = await get(emulator(), "/v1/phone-numbers");
    assert.equal(empty.status, 503);
    assert.equal(await empty.text(), "");
    const limited = await get(emulator(), "/v1/phone-numbers");
    assert.equal(limited.headers.get("retry-after"), "2");
    assert.equal(((await limited.json()) as { retryAfter: number }).retryAfter, 2);
  });

  it("honours times and the path filter (raw or decoded)", async () => {
    emulator().injectFault({ kind: "status", status: 500, times: 2, path: "/status" });
    emulator().injectFault({ kind: "status", status: 504, path: "+15551234567" });
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200, "no fault matches the list");
    assert.equal((await get(emulator(), "/v1/phone-numbers/%2B15551234567")).status, 504, "decoded path matches");
    assert.equal((await get(emulator(), "/v1/phone-numbers/%2B15551234567/status")).status, 500);
    assert.equal((await get(emulator(), "/v1/phone-numbers/%2B15551234567/status")).status, 500);
    assert.equal((await get(emulator(), "/v1/phone-numbers/%2B15551234567/status")).status, 200);
  });

  it("is only consumed by authenticated requests", async () => {
    emulator().injectFault({ kind: "status", status: 500 });
    assert.equal((await get(emulator(), "/v1/phone-numbers", null)).status, 401);
    assert.equal((await get(emulator(), "/v1/phone-numbers", "sk_test_emulator_noscope")).status, 403);
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 500);
  });

  it("clearFaults drops queued faults", async () => {
    emulator().injectFault({ kind: "status", status: 500, times: 5 });
    emulator().clearFaults();
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
  });

  it("malformed: 200 with truncated JSON", async () => {
    emulator().injectFault({ kind: "malformed" });
    const res = await get(emulator(), "/v1/phone-numbers");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    await assert.rejects(res.json(), SyntaxError);
  });

  it("reset: 200 headers, then the connection dies mid-body", async () => {
    emulator().injectFault({ kind: "reset" });
    const res = await get(emulator(), "/v1/phone-numbers");
    assert.equal(res.status, 200);
    await assert.rejects(res.text());
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200, "server still serves");
  });

  it("huge: a streamed, valid JSON body of exactly the requested size", async () => {
    emulator().injectFault({ kind: "huge", bytes: 3 * 1024 * 1024 + 7 });
    const res = await get(emulator(), "/v1/phone-numbers");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-length"), String(3 * 1024 * 1024 + 7));
    const text = await res.text();
    assert.equal(Buffer.byteLength(text), 3 * 1024 * 1024 + 7);
    assert.equal((JSON.parse(text) as { success: boolean }).success, true);
  });

  it("huge: a client that aborts early does not hurt the server", async () => {
    emulator().injectFault({ kind: "huge", bytes: 200 * 1024 * 1024 });
    const res = await get(emulator(), "/v1/phone-numbers");
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
  });

  it("raw: any status, body and headers", async () => {
    emulator().injectFault({ kind: "raw", status: 200, body: '{"success":false}' });
    emulator().injectFault({
      kind: "raw",
      status: 429,
      body: "slow down",
      headers: { "Retry-After": "3600", "Content-Type": "text/plain" },
    });
    const weird = await get(emulator(), "/v1/phone-numbers");
    assert.equal(weird.status, 200);
    assert.deepEqual(await weird.json(), { success: false });
    const limited = await get(emulator(), "/v1/phone-numbers");
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "3600");
    assert.equal(limited.headers.get("content-type"), "text/plain");
    assert.match(limited.headers.get("x-request-id") ?? "", /^req_/);
    assert.equal(await limited.text(), "slow down");
  });

  it("hang: never answers, the client times out, and the server keeps serving", async () => {
    emulator().injectFault({ kind: "hang" });
    await assert.rejects(
      get(emulator(), "/v1/phone-numbers", "sk_test_emulator", { signal: AbortSignal.timeout(150) }),
      /abort|timeout/i,
    );
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
    assert.deepEqual(
      emulator().requests.map((r) => [r.status, r.fault]),
      [
        [0, "hang"],
        [200, undefined],
      ],
    );
  });

  it("rejects invalid faults", () => {
    const bad: unknown[] = [
      { kind: "nope" },
      { kind: "status" },
      { kind: "status", status: 99 },
      { kind: "status", status: 500, body: "xml" },
      { kind: "huge" },
      { kind: "huge", bytes: -1 },
      { kind: "raw", status: 200 },
      { kind: "raw", status: 200, body: "", headers: { a: 1 } },
      { kind: "hang", times: 0 },
      { kind: "hang", path: "" },
      null,
      "status",
    ];
    for (const fault of bad)
      assert.throws(() => emulator().injectFault(fault as never), FaultError, JSON.stringify(fault));
  });

  it("over HTTP: POST, GET and DELETE /_emulator/faults", async () => {
    const added = await control(emulator(), "POST", "/faults", { kind: "status", status: 503, times: 2 });
    assert.equal(added.status, 200);
    const listed = (await (await control(emulator(), "GET", "/faults")).json()) as {
      data: Array<{ kind: string; remaining: number }>;
    };
    assert.deepEqual(
      listed.data.map((f) => [f.kind, f.remaining]),
      [["status", 2]],
    );
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 503);
    assert.equal((await control(emulator(), "DELETE", "/faults")).status, 200);
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
    const invalid = await control(emulator(), "POST", "/faults", { kind: "explode" });
    assert.equal(invalid.status, 400);
    assert.match(((await invalid.json()) as { message: string }).message, /unknown fault kind/);
    const notJson = await fetch(`${emulator().url}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{oops",
    });
    assert.equal(notJson.status, 400);
  });
});

describe("emulator: close() with a hanging request", () => {
  it("finishes promptly, fails the pending request, and frees the port", async () => {
    const emulator = await startEmulator();
    emulator.injectFault({ kind: "hang" });
    const pending = get(emulator, "/v1/phone-numbers");
    const outcome = pending.then(
      () => "answered",
      () => "failed",
    );
    while (emulator.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    await emulator.close();
    assert.ok(Date.now() - started < 1000, "close() did not wait for the hanging request");
    assert.equal(await outcome, "failed");
    await assert.rejects(fetch(`${emulator.url}/v1/phone-numbers`), "no longer listening");
    await emulator.close(); // idempotent
  });

  it("clears pending latency timers", async () => {
    const emulator = await startEmulator({ latencyMs: 60_000 });
    const outcome = get(emulator, "/v1/phone-numbers").then(
      () => "answered",
      () => "failed",
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await emulator.close();
    assert.equal(await outcome, "failed");
  });
});
