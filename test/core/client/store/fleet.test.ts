/**
 * Processes sharing one key through a store, against the emulator at a
 * scaled-down limit (10 per 2 s): each child reads the list and its own
 * numbers' statuses (test/support/fleet.ts). Through the machine store and
 * through Redis (each child in its own temp and home folders, as on separate
 * machines): zero 429s, one list, requests at the floor. Then Redis failing
 * in every way a run can meet it: the lookups still succeed, each process
 * warns once, naming the store without its password.
 */
import assert from "node:assert/strict";
import * as net from "node:net";
import { generatePhoneNumbers, startEmulator, type RunningEmulator } from "../../../../emulator";
import { fleetFloor, runFleet, type FleetOptions, type FleetReport } from "../../../support/fleet";
import { startRedis, type RedisServer } from "../../../support/redisServer";

const KEY = "sk_test_emulator";
const LIMIT = 10;
const WINDOW_MS = 2000;
const PASSWORD = "Fleet-pass-5e8d2c7b1a";

describe("a fleet of processes on one key", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  let redis: RedisServer;
  let ids: string[][];
  /** A fleet on this file's emulator, key and limit. */
  const fleet = (options: Omit<FleetOptions, "emulator" | "apiKey" | "limit" | "windowMs">): Promise<FleetReport> =>
    runFleet({ emulator, apiKey: KEY, limit: LIMIT, windowMs: WINDOW_MS, ...options });

  before(async () => {
    redis = await startRedis();
    emulator = await startEmulator({ rateLimit: LIMIT, rateLimitWindowMs: WINDOW_MS, latencyMs: 5 });
  });
  after(async () => {
    await emulator?.close();
    await redis?.stop();
  });
  beforeEach(() => {
    // A fresh window and fresh numbers for each run: nothing is shared with the run before.
    emulator.setRateLimit(LIMIT, WINDOW_MS);
    const numbers = generatePhoneNumbers(20);
    emulator.setNumbers("test", numbers);
    ids = Array.from({ length: 4 }, (_, p) => numbers.slice(p * 5, (p + 1) * 5).map((n) => n.id));
  });

  /** Two processes of two numbers each: enough to see each warn once, quick even when pacing alone. */
  const few = (): string[][] => ids.slice(0, 2).map((list) => list.slice(0, 2));

  function assertAllSucceeded(report: FleetReport): void {
    for (const [i, m] of report.members.entries()) {
      assert.equal(m.code, 0, JSON.stringify(m));
      assert.equal(m.listed, 20);
      assert.equal(m.statuses, report.members.length === ids.length ? ids[i]!.length : 2);
      assert.equal(m.wrong, 0);
    }
  }

  function assertShared(report: FleetReport): void {
    assertAllSucceeded(report);
    assert.deepEqual(
      { rateLimited: report.rateLimited, lists: report.lists, requests: report.requests },
      { rateLimited: 0, lists: 1, requests: fleetFloor(ids) },
    );
    for (const m of report.members) assert.deepEqual(m.warnings, []);
  }

  it("through the machine store: zero 429s, the list fetched once, requests at the floor", async () => {
    const report = await fleet({
      processes: 4,
      ids,
      store: "machine",
    });
    assertShared(report);
  });

  it("through Redis, each process on its own machine: zero 429s, the list fetched once, requests at the floor", async () => {
    const report = await fleet({
      processes: 4,
      ids,
      store: redis.url,
      separateMachines: true,
    });
    assertShared(report);
  });

  it("each pacing alone (sharedStore off) draws 429s and lists once per process: the baseline the stores remove", async () => {
    const report = await fleet({
      processes: 4,
      ids,
      store: "off",
    });
    assertAllSucceeded(report);
    assert.ok(report.rateLimited > 0, `${report.rateLimited} answers of 429`);
    assert.ok(report.lists >= 4, `${report.lists} lists`);
  });

  describe("when Redis fails", () => {
    function assertWarnedOnce(report: FleetReport, display: string, forbidden: string[] = []): void {
      assertAllSucceeded(report);
      for (const m of report.members) {
        assert.ok((m.warnings ?? []).length <= 1, JSON.stringify(m.warnings));
        for (const w of m.warnings ?? []) {
          assert.ok(w.includes(`Redis at ${display}`), w);
          assert.match(w, /paces its own requests/);
          for (const secret of forbidden) assert.ok(!w.includes(secret), w);
        }
      }
    }

    it("killed mid-run: every lookup still succeeds, with one warning per process that saw it go", async () => {
      const own = await startRedis();
      try {
        const report = await fleet({
          processes: 4,
          ids,
          store: own.url,
          separateMachines: true,
          // After the first window: the fleet is mid-run, waiting for the second.
          whileRunning: async () => {
            await new Promise((r) => setTimeout(r, 1500));
            await own.kill();
          },
        });
        assertWarnedOnce(report, `${own.url}/0`);
        const warned = report.members.filter((m) => (m.warnings ?? []).length === 1).length;
        assert.ok(warned >= 1, "no process noticed Redis going");
      } finally {
        await own.stop();
      }
    });

    it("with a wrong password: lookups succeed, one warning each, and the password is never shown", async () => {
      const guarded = await startRedis({ password: "the-right-password" });
      try {
        const wrong = `${PASSWORD}-wrong`;
        const report = await fleet({
          processes: 2,
          ids: few(),
          store: `redis://:${wrong}@127.0.0.1:${guarded.port}`,
          separateMachines: true,
        });
        assertWarnedOnce(report, `redis://127.0.0.1:${guarded.port}/0`, [wrong, PASSWORD.slice(0, 8)]);
        for (const m of report.members) assert.equal(m.warnings?.length, 1);
        assert.match(report.members[0]!.warnings![0]!, /WRONGPASS|NOAUTH|auth/i);
      } finally {
        await guarded.stop();
      }
    });

    it("with the password from CHATMAID_SHARED_STORE_PASSWORD: shared as with it in the URL", async () => {
      const guarded = await startRedis({ password: PASSWORD });
      try {
        const report = await fleet({
          processes: 4,
          ids,
          store: guarded.url,
          password: PASSWORD,
          separateMachines: true,
        });
        assertShared(report);
      } finally {
        await guarded.stop();
      }
    });

    it("on a port that is not Redis (an HTTP server): lookups succeed, one warning each", async () => {
      const report = await fleet({
        processes: 2,
        ids: few(),
        store: `redis://127.0.0.1:${new URL(emulator.url).port}`,
        separateMachines: true,
      });
      assertWarnedOnce(report, `redis://127.0.0.1:${new URL(emulator.url).port}/0`);
      for (const m of report.members) assert.equal(m.warnings?.length, 1);
    });

    it("on a port that accepts and never answers: lookups succeed after the store's time limit, one warning each", async () => {
      const sockets = new Set<net.Socket>();
      const silent = net.createServer((socket) => void sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      const { port } = silent.address() as net.AddressInfo;
      try {
        const report = await fleet({
          processes: 2,
          ids: few(),
          store: `redis://127.0.0.1:${port}`,
          separateMachines: true,
        });
        assertWarnedOnce(report, `redis://127.0.0.1:${port}/0`);
        for (const m of report.members) assert.equal(m.warnings?.length, 1);
      } finally {
        for (const s of sockets) s.destroy();
        await new Promise((resolve) => silent.close(resolve));
      }
    });

    it("refused (nothing listening): lookups succeed, one warning each", async () => {
      const closed = await new Promise<number>((resolve) => {
        const s = net.createServer().listen(0, "127.0.0.1", () => {
          const { port } = s.address() as net.AddressInfo;
          s.close(() => resolve(port));
        });
      });
      const report = await fleet({
        processes: 2,
        ids: few(),
        store: `redis://127.0.0.1:${closed}`,
        separateMachines: true,
      });
      assertWarnedOnce(report, `redis://127.0.0.1:${closed}/0`);
      for (const m of report.members) assert.match(m.warnings![0]!, /ECONNREFUSED/);
    });
  });
});
