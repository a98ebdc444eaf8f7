import assert from "node:assert/strict";
import { RequestPacer } from "../../provider/pacer";
import { SingleFlight } from "../../provider/singleFlight";

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

  it("starts at most maxRequests per window", async () => {
    const pacer = new RequestPacer({ maxConcurrency: 10, maxRequests: 3, windowMs: 200 });
    const starts: number[] = [];
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 7 }, () => pacer.run(async () => void starts.push(Date.now() - t0))));
    starts.sort((a, b) => a - b);
    // Any window of 200 ms holds at most 3 starts.
    for (let i = 3; i < starts.length; i++) assert.ok(starts[i]! - starts[i - 3]! >= 249, `starts ${starts.join(",")}`);
    assert.equal(pacer.queued, 0);
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
