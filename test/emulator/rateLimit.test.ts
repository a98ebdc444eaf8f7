import assert from "node:assert/strict";
import { SlidingWindowRateLimiter, startEmulator } from "../../emulator";
import { expectEnvelope, get, useEmulator } from "./helpers";

describe("emulator: rate limit", () => {
  describe("over HTTP (limit 3 per 1.5 s)", () => {
    const emulator = useEmulator({ rateLimit: 3, rateLimitWindowMs: 1500 });

    it("answers 429 with retryAfter in body and Retry-After header, per key", async () => {
      for (let i = 0; i < 3; i++) assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
      const res = await get(emulator(), "/v1/phone-numbers/%2B15551234567");
      const body = await expectEnvelope(res, 429, "/v1/phone-numbers/%2B15551234567");
      assert.equal(body.error, "Too Many Requests");
      assert.equal(body.retryAfter, 2, "ceil(1.5 s) = 2");
      assert.equal(res.headers.get("retry-after"), "2");
      // The budget is per key: the legacy key (same account) and live key still have theirs.
      assert.equal((await get(emulator(), "/v1/phone-numbers", "sk_test_emulator_legacy")).status, 200);
      assert.equal((await get(emulator(), "/v1/phone-numbers", "sk_live_emulator")).status, 200);
      // Rejected requests (401) never count.
      for (let i = 0; i < 5; i++) assert.equal((await get(emulator(), "/v1/phone-numbers", "sk_live_bad")).status, 401);
      assert.equal((await get(emulator(), "/v1/phone-numbers", "sk_live_emulator")).status, 200);
    });

    it("lets the key through again once the window slides", async () => {
      emulator().setRateLimit(1, 300);
      assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
      const res = await get(emulator(), "/v1/phone-numbers");
      assert.equal(res.status, 429);
      assert.equal(res.headers.get("retry-after"), "1", "never 0, even for a sub-second wait");
      await new Promise((resolve) => setTimeout(resolve, 320));
      assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
    });

    it("setRateLimit changes the limit, resets counters, and 0 disables", async () => {
      emulator().setRateLimit(1, 60_000);
      assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
      const res = await get(emulator(), "/v1/phone-numbers");
      assert.equal(res.status, 429);
      assert.equal(res.headers.get("retry-after"), "60");
      emulator().setRateLimit(0);
      for (let i = 0; i < 10; i++) assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
    });
  });

  it("is disabled by Infinity", async () => {
    const emulator = await startEmulator({ rateLimit: Infinity });
    try {
      for (let i = 0; i < 120; i++) assert.equal((await get(emulator, "/v1/phone-numbers")).status, 200);
    } finally {
      await emulator.close();
    }
  });

  it("defaults to 100 requests per minute", async () => {
    const emulator = await startEmulator();
    try {
      const statuses = await Promise.all(
        Array.from({ length: 101 }, () => get(emulator, "/v1/phone-numbers").then((r) => r.status)),
      );
      assert.equal(statuses.filter((s) => s === 200).length, 100);
      assert.equal(statuses.filter((s) => s === 429).length, 1);
    } finally {
      await emulator.close();
    }
  });

  it("rejects invalid settings", async () => {
    await assert.rejects(startEmulator({ rateLimit: -1 }), RangeError);
    await assert.rejects(startEmulator({ rateLimit: 2.5 }), RangeError);
    await assert.rejects(startEmulator({ rateLimitWindowMs: 0 }), RangeError);
  });

  describe("SlidingWindowRateLimiter (fake clock)", () => {
    it("allows at most N in any window and computes retryAfter from the oldest counted request", () => {
      let now = 0;
      const limiter = new SlidingWindowRateLimiter(2, 10_000, () => now);
      assert.deepEqual(limiter.take("k"), { allowed: true });
      now = 4_000;
      assert.deepEqual(limiter.take("k"), { allowed: true });
      now = 5_000;
      assert.deepEqual(limiter.take("k"), { allowed: false, retryAfterSeconds: 5 });
      now = 9_999;
      assert.deepEqual(limiter.take("k"), { allowed: false, retryAfterSeconds: 1 }, "1 ms left still says 1 s");
      now = 10_000; // the request at 0 left the window
      assert.deepEqual(limiter.take("k"), { allowed: true });
      assert.deepEqual(limiter.take("k"), { allowed: false, retryAfterSeconds: 4 }, "next slot frees at 14 s");
      assert.deepEqual(limiter.take("other"), { allowed: true }, "keys are independent");
    });

    it("does not count rejected requests", () => {
      let now = 0;
      const limiter = new SlidingWindowRateLimiter(1, 1_000, () => now);
      limiter.take("k");
      for (now = 1; now < 1_000; now += 100) assert.equal(limiter.take("k").allowed, false);
      now = 1_000;
      assert.equal(limiter.take("k").allowed, true);
    });
  });
});
