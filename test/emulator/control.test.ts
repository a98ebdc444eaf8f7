import assert from "node:assert/strict";
import { generatePhoneNumbers, SAMPLE_TEST_NUMBERS } from "../../emulator";
import { control, expectEnvelope, get, useEmulator } from "./helpers";

async function data<T>(res: Response): Promise<T> {
  assert.equal(res.status, 200, `${res.url} answered ${res.status}`);
  return ((await res.json()) as { data: T }).data;
}

describe("emulator: /_emulator control routes", () => {
  const emulator = useEmulator({ rateLimit: 2 });

  it("health, and 404/405 envelopes for unknown control paths and methods", async () => {
    assert.deepEqual(await data(await control(emulator(), "GET", "/health")), { status: "ok" });
    await expectEnvelope(await control(emulator(), "GET", "/nope"), 404, "/_emulator/nope");
    const wrong = await control(emulator(), "PATCH", "/faults");
    assert.equal(wrong.headers.get("allow"), "GET, POST, DELETE");
    await expectEnvelope(wrong, 405, "/_emulator/faults");
  });

  it("are free of the API key and the rate limit", async () => {
    for (let i = 0; i < 5; i++) await data(await control(emulator(), "GET", "/health"));
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 429);
  });

  it("GET and DELETE /requests expose and clear recorded API requests", async () => {
    await get(emulator(), "/v1/phone-numbers", "sk_test_definitely_secret");
    const recorded = await data<Array<{ path: string; status: number; keyLabel: string }>>(
      await control(emulator(), "GET", "/requests"),
    );
    assert.deepEqual(
      recorded.map((r) => [r.path, r.status, r.keyLabel]),
      [["/v1/phone-numbers", 401, "unknown"]],
    );
    await data(await control(emulator(), "DELETE", "/requests"));
    assert.deepEqual(emulator().requests, []);
  });

  it("POST /rate-limit and /latency change settings; bad values are 400", async () => {
    assert.deepEqual(await data(await control(emulator(), "POST", "/rate-limit", { limit: null })), {
      limit: 0,
      windowMs: 60_000,
    });
    for (let i = 0; i < 4; i++) assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
    assert.equal((await control(emulator(), "POST", "/rate-limit", { limit: -3 })).status, 400);
    await data(await control(emulator(), "POST", "/latency", { ms: 150 }));
    const started = Date.now();
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
    assert.ok(Date.now() - started >= 140, "latency applied");
    assert.equal((await control(emulator(), "POST", "/latency", { ms: "soon" })).status, 400);
    emulator().setLatency(0);
  });

  it("GET, PUT and POST /phone-numbers read, replace and add numbers", async () => {
    const all = await data<{ test: unknown[]; live: unknown[] }>(await control(emulator(), "GET", "/phone-numbers"));
    assert.equal(all.test.length, SAMPLE_TEST_NUMBERS.length);
    assert.deepEqual(
      await data(
        await control(emulator(), "PUT", "/phone-numbers", { live: generatePhoneNumbers(3, { account: "live" }) }),
      ),
      { test: SAMPLE_TEST_NUMBERS.length, live: 3 },
    );
    const added = await data<{ id: string }>(
      await control(emulator(), "POST", "/phone-numbers", {
        account: "live",
        number: { id: "d".repeat(24), phoneNumber: "+15558880000", connectionStatus: "disconnected" },
      }),
    );
    assert.equal(added.id, "d".repeat(24));
    assert.equal(emulator().getNumbers("live").length, 4);
    const bad = await control(emulator(), "PUT", "/phone-numbers", { live: [{ id: "nope" }] });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { message: string }).message, /live\[0\]\.id/);
  });

  it("POST /reset restores the starting numbers, settings, faults and requests", async () => {
    emulator().setStatus(SAMPLE_TEST_NUMBERS[0]!.id, "disconnected");
    emulator().setNumbers("live", []);
    emulator().injectFault({ kind: "status", status: 500 });
    emulator().setRateLimit(1);
    await get(emulator(), "/v1/phone-numbers");
    await data(await control(emulator(), "POST", "/reset"));
    assert.deepEqual(emulator().requests, []);
    assert.deepEqual(emulator().getNumbers("test"), SAMPLE_TEST_NUMBERS);
    assert.equal(emulator().getNumbers("live").length, 2);
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200, "fault cleared");
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200, "limit back to 2, counters reset");
  });
});
