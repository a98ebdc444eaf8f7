/**
 * Scenario 7: one key, many processes. The two fleets of issue 20 (6
 * processes × 15 status checks + 1 list, and 10 × 3 + 1) at a limit of 20 per
 * 3 s, each process told the key's budget, with the budget per process
 * (`off`), shared through the machine store, and shared through Redis (each
 * process in its own temp and home folders, as if on its own machine). Then
 * the latency one lookup gains from each store. Figures only.
 */
import { generatePhoneNumbers, startEmulator } from "../emulator";
import { parsePhoneIdentifier, readerFor, resetSharedState, resolveSettings } from "../provider";
import { fleetFloor, runFleet } from "../test/support/fleet";
import { startRedis } from "../test/support/redisServer";
import { median } from "./report";

const KEY = "sk_test_emulator";
const LIMIT = 20;
const WINDOW_MS = 3000;
const LATENCY_MS = 20;
const FLEETS = [
  { processes: 6, checks: 15 },
  { processes: 10, checks: 3 },
];
const LOOKUPS = 40;

/** Scenario 7: fleets sharing a key, and the latency each store adds. */
export async function benchFleet(): Promise<void> {
  const redis = await startRedis();
  const emulator = await startEmulator({ latencyMs: LATENCY_MS, rateLimit: LIMIT, rateLimitWindowMs: WINDOW_MS });
  try {
    const stores = [
      { label: "per process", store: "off", separateMachines: false },
      { label: "machine store", store: "machine", separateMachines: false },
      { label: "Redis", store: redis.url, separateMachines: true },
    ];
    for (const [n, fleet] of FLEETS.entries()) {
      const numbers = generatePhoneNumbers(fleet.processes * fleet.checks);
      emulator.setNumbers("test", numbers);
      const ids = Array.from({ length: fleet.processes }, (_, p) =>
        numbers.slice(p * fleet.checks, (p + 1) * fleet.checks).map((x) => x.id),
      );
      const floor = fleetFloor(ids);
      const floorMs = (Math.ceil(floor / LIMIT) - 1) * WINDOW_MS + LATENCY_MS;
      console.log(
        `\n7${"ab"[n]}. ${fleet.processes} processes × (${fleet.checks} status checks + 1 list) on one key, limit ${LIMIT} per ${WINDOW_MS / 1000} s ` +
          `(floor: ${floor} requests, ${floorMs} ms)`,
      );
      console.log("  target: zero 429s and requests at the floor through the machine store and Redis");
      for (const { label, store, separateMachines } of stores) {
        // A fresh window for each run.
        emulator.setRateLimit(LIMIT, WINDOW_MS);
        const report = await runFleet({
          emulator,
          apiKey: KEY,
          processes: fleet.processes,
          ids,
          limit: LIMIT,
          windowMs: WINDOW_MS,
          store,
          separateMachines,
        });
        const failed = report.members.filter((m) => m.code !== 0).length;
        // A process that warned gave its store up (too slow on a busy machine, or gone) and paced alone.
        const fellBack = report.members.filter((m) => (m.warnings ?? []).length > 0).length;
        console.log(
          `  ${label.padEnd(14)} requests ${String(report.requests).padStart(4)}   429s ${String(report.rateLimited).padStart(3)}   ` +
            `lists ${String(report.lists).padStart(2)}   wall ${report.wallMs.toFixed(0).padStart(6)} ms ` +
            `(${((report.wallMs / floorMs - 1) * 100).toFixed(0)}% over the floor)${fellBack ? `   ${fellBack} processes fell back to pacing alone` : ""}${failed ? `   ${failed} processes failed` : ""}`,
        );
      }
    }
    await benchStoreLatency(redis.url);
  } finally {
    await emulator.close();
    await redis.stop();
  }
}

/** The median time of one status lookup (cache off, no limit) with each store. */
async function benchStoreLatency(redisUrl: string): Promise<void> {
  const emulator = await startEmulator({ rateLimit: 0 });
  try {
    const numbers = generatePhoneNumbers(1);
    emulator.setNumbers("test", numbers);
    const id = parsePhoneIdentifier(numbers[0]!.id);
    console.log(`\n7c. One status lookup, median of ${LOOKUPS} (emulator without latency)`);
    let baseline = 0;
    for (const [label, store] of [
      ["per process", "off"],
      ["machine store", "machine"],
      ["Redis", redisUrl],
    ] as const) {
      resetSharedState();
      const reader = readerFor(
        resolveSettings({ explicit: { apiKey: KEY, baseUrl: emulator.url, sharedStore: store, cacheSeconds: 0 } }),
      );
      await reader.status(id);
      const times: number[] = [];
      for (let i = 0; i < LOOKUPS; i++) {
        const t = performance.now();
        await reader.status(id);
        times.push(performance.now() - t);
      }
      const ms = median(times);
      if (store === "off") baseline = ms;
      console.log(
        `  ${label.padEnd(14)} ${ms.toFixed(2).padStart(6)} ms${store === "off" ? "" : `   (+${(ms - baseline).toFixed(2)} ms)`}`,
      );
    }
    resetSharedState();
  } finally {
    await emulator.close();
  }
}
