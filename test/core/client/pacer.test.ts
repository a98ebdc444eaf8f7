import assert from "node:assert/strict";
import { RequestPacer } from "../../../core/client/pacer";
import { SingleFlight } from "../../../core/client/singleFlight";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("RequestPacer", () => {
  it("bounds concurrency", async () => {
    const pacer = new RequestPacer({ maxConcurrency: 2, maxRequests: 100, windowMs: 1000 });
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        pacer.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await tick(5);
          active--;
        }),
      ),
    );
    assert.equal(peak, 2);
  });

  it("lets at most maxRequests into any window, counting each until one window after its answer", async () => {
    const pacer = new RequestPacer({ maxConcurrency: 10, maxRequests: 3, windowMs: 200 });
    const spans: Array<{ start: number; end: number }> = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        pacer.run(async () => {
          const start = Date.now() - t0;
          // Requests of different lengths: a slow one keeps its place in the window until it is answered.
          await tick(i % 2 === 0 ? 40 : 5);
          spans.push({ start, end: Date.now() - t0 });
        }),
      ),
    );
    spans.sort((a, b) => a.start - b.start);
    // The server counts a request somewhere between its start and its answer: a request may start
    // only once the one three places before it was answered a full window earlier.
    for (let i = 3; i < spans.length; i++) {
      assert.ok(spans[i]!.start - spans[i - 3]!.end >= 200, `spans ${JSON.stringify(spans)}`);
    }
    assert.equal(pacer.queued, 0);
  });

  it("never lets more than maxRequests into any window while requests are still in flight", async () => {
    const pacer = new RequestPacer({ maxConcurrency: 10, maxRequests: 2, windowMs: 100 });
    const starts: number[] = [];
    const t0 = Date.now();
    // Two requests that outlast the window: a third must wait for an answer, not for the window.
    await Promise.all(
      Array.from({ length: 3 }, () =>
        pacer.run(async () => {
          starts.push(Date.now() - t0);
          await tick(150);
        }),
      ),
    );
    starts.sort((a, b) => a - b);
    assert.ok(starts[2]! >= 150 + 100, `starts ${starts.join(",")}`);
  });

  it("holds every queued request during a pause", async () => {
    const pacer = new RequestPacer({ maxConcurrency: 4, maxRequests: 100, windowMs: 1000 });
    pacer.pauseFor(150);
    const t0 = Date.now();
    const starts = await Promise.all(Array.from({ length: 3 }, () => pacer.run(async () => Date.now() - t0)));
    for (const s of starts) assert.ok(s >= 145, `started at ${s}`);
  });
});

describe("SingleFlight", () => {
  it("shares one call between concurrent callers and forgets it after", async () => {
    const flight = new SingleFlight<number>();
    let calls = 0;
    const work = async () => {
      calls++;
      await tick(5);
      return calls;
    };
    const results = await Promise.all([flight.run("a", work), flight.run("a", work), flight.run("b", work)]);
    assert.equal(calls, 2);
    assert.equal(results[0], results[1]);
    assert.equal(flight.size, 0);
    await flight.run("a", work);
    assert.equal(calls, 3);
  });

  it("shares failures too, then lets the next call retry", async () => {
    const flight = new SingleFlight<number>();
    let calls = 0;
    const failing = async () => {
      calls++;
      await tick(1);
      throw new Error("boom");
    };
    const settled = await Promise.allSettled([flight.run("k", failing), flight.run("k", failing)]);
    assert.deepEqual(
      settled.map((s) => s.status),
      ["rejected", "rejected"],
    );
    assert.equal(calls, 1);
    await assert.rejects(flight.run("k", failing));
    assert.equal(calls, 2);
  });
});
