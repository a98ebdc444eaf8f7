import assert from "node:assert/strict";
import type { PhoneNumberRecord } from "../../../provider";
import { DEADLINE_GRACE_MS, waitUntilConnected, type WaitProgress } from "../../../core/phoneNumbers/waitLoop";
import { connectingRecord } from "../../support/records";

const record = connectingRecord;

/** Records every progress call, by name. */
function recorder(): { calls: string[]; progress: WaitProgress } {
  const calls: string[] = [];
  return {
    calls,
    progress: {
      start: (pending) => calls.push(`start ${pending.length}`),
      changed: (r, before) => calls.push(`changed ${before}->${r.connectionStatus}`),
      polled: (pending) => calls.push(`polled ${pending.length}`),
      finish: (pending) => calls.push(`finish ${pending.length}`),
      abort: () => calls.push("abort"),
    },
  };
}

describe("waitUntilConnected: the one wait loop", function () {
  this.timeout(10_000);

  it("reads every number once without waiting when waitMs is 0", async () => {
    const seen: boolean[] = [];
    const { calls, progress } = recorder();
    const result = await waitUntilConnected([record(), record({ id: "b", connectionStatus: "connected" })], {
      waitMs: 0,
      poll: async (r, { first }) => (seen.push(first), r),
      progress,
    });
    assert.deepEqual(seen, [true, true], "one first read each");
    assert.deepEqual(calls, [], "no wait, no progress");
    assert.equal(result.stale, false);
  });

  it("reports progress: start, each change, each round, then finish", async () => {
    let polls = 0;
    const { calls, progress } = recorder();
    const result = await waitUntilConnected([record()], {
      waitMs: 5000,
      firstIntervalMs: 10,
      poll: async (r) => ({ ...r, connectionStatus: ++polls < 3 ? "connecting" : "connected" }),
      progress,
    });
    assert.equal(result.records[0]!.connectionStatus, "connected");
    assert.deepEqual(calls, ["start 1", "polled 1", "changed connecting->connected", "polled 0", "finish 0"]);
  });

  it("a failing poll aborts the progress and propagates", async () => {
    let polls = 0;
    const { calls, progress } = recorder();
    await assert.rejects(
      waitUntilConnected([record()], {
        waitMs: 5000,
        firstIntervalMs: 10,
        poll: async (r) => {
          if (++polls === 2) throw new Error("Chatmaid answered 503");
          return r;
        },
        progress,
      }),
      /503/,
    );
    assert.deepEqual(calls, ["start 1", "abort"]);
  });

  it("stops at the deadline plus the grace when a poll hangs, aborting it, with the last state seen", async () => {
    const started = Date.now();
    const signals: AbortSignal[] = [];
    const result = await waitUntilConnected([record()], {
      waitMs: 200,
      firstIntervalMs: 10,
      graceMs: 50,
      poll: (r, { signal, first }) => {
        if (first) return Promise.resolve(r);
        signals.push(signal);
        return new Promise<PhoneNumberRecord>(() => undefined); // ignores its signal, on purpose
      },
    });
    const took = Date.now() - started;
    assert.equal(result.records[0]!.connectionStatus, "connecting", "the last state seen");
    assert.equal(result.stale, true);
    assert.ok(took >= 240 && took < 1000, `took ${took} ms`);
    assert.ok(
      signals.every((s) => s.aborted),
      "the hung poll's signal was aborted",
    );
  });

  it("bounds the first read too when waiting", async () => {
    const started = Date.now();
    const result = await waitUntilConnected([record()], {
      waitMs: 100,
      graceMs: 50,
      poll: (_r, { signal }) =>
        new Promise<PhoneNumberRecord>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    });
    assert.equal(result.stale, true);
    assert.ok(Date.now() - started < 800, `took ${Date.now() - started} ms`);
  });

  it("documents a grace of at most a few seconds", () => {
    assert.ok(DEADLINE_GRACE_MS > 0 && DEADLINE_GRACE_MS <= 3000);
  });

  it("polls back off from the first interval (x1.5) to the cap, and none starts after the deadline", async () => {
    const times: number[] = [];
    const started = Date.now();
    await waitUntilConnected([record()], {
      waitMs: 700,
      firstIntervalMs: 40,
      maxIntervalMs: 100,
      poll: async (r) => (times.push(Date.now()), r),
    });
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    assert.ok(gaps.length >= 5, `${times.length} polls`);
    // Loose upper bounds: timers run late on a busy machine, never much early.
    assert.ok(gaps[0]! >= 35 && gaps[0]! < 200, `first gap ${gaps[0]} ~40 ms: ${gaps.join(",")}`);
    assert.ok(gaps[1]! >= 55 && gaps[1]! < 250, `second gap ${gaps[1]} ~60 ms (40 x 1.5): ${gaps.join(",")}`);
    assert.ok(
      gaps.slice(4, -1).every((g) => g >= 95 && g < 250),
      `capped at 100: ${gaps.join(",")}`,
    );
    // The last poll is the one at the deadline: no spare poll after it.
    assert.ok(
      gaps.slice(3).filter((g) => g < 95).length <= 1,
      `one short gap at most, to the deadline: ${gaps.join(",")}`,
    );
    assert.ok(times[times.length - 1]! - started <= 700 + 20, "no poll starts after the deadline");
  });

  it("cancels through its signal: polls in flight are aborted and the loop rejects with the reason", async () => {
    const controller = new AbortController();
    const signals: AbortSignal[] = [];
    const { calls, progress } = recorder();
    const waiting = waitUntilConnected([record()], {
      waitMs: 60_000,
      firstIntervalMs: 10,
      signal: controller.signal,
      progress,
      poll: (r, { signal, first }) => {
        if (first) return Promise.resolve(r);
        signals.push(signal);
        return new Promise<PhoneNumberRecord>(() => undefined);
      },
    });
    setTimeout(() => controller.abort(new Error("deployment cancelled")), 100);
    const started = Date.now();
    await assert.rejects(waiting, /deployment cancelled/);
    assert.ok(Date.now() - started < 1000);
    assert.ok(signals.length > 0 && signals.every((s) => s.aborted));
    assert.deepEqual(calls, ["start 1", "abort"]);
  });

  it("cancels while sleeping between polls", async () => {
    const controller = new AbortController();
    const waiting = waitUntilConnected([record()], {
      waitMs: 60_000,
      firstIntervalMs: 30_000,
      signal: controller.signal,
      poll: async (r) => r,
    });
    setTimeout(() => controller.abort(new Error("stop")), 50);
    const started = Date.now();
    await assert.rejects(waiting, /stop/);
    assert.ok(Date.now() - started < 1000);
  });
});
