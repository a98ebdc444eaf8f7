import { generatePhoneNumbers, startEmulator } from "../emulator";
import { resetSharedState } from "../provider";
import { getPhoneNumber } from "../sdk/nodejs";
import { naiveGet } from "./naiveClient";
import { printScenario } from "./report";

const KEY = "sk_test_emulator";
const LATENCY_MS = 100;

/** Scenario 1: 200 getPhoneNumber lookups of distinct numbers in one program. */
export async function benchLookups(): Promise<void> {
  const emulator = await startEmulator({ latencyMs: LATENCY_MS });
  try {
    const numbers = generatePhoneNumbers(200);
    emulator.setNumbers("test", numbers);
    // One round trip, measured in this run, is the unit of the target.
    const t = performance.now();
    await naiveGet(emulator.url, KEY, `/v1/phone-numbers/${numbers[0]!.id}`);
    const roundTripMs = performance.now() - t;
    emulator.clearRequests();
    emulator.setRateLimit(100, 60_000);

    resetSharedState();
    const t0 = performance.now();
    await Promise.all(numbers.map((n) => getPhoneNumber({ id: n.phoneNumber, apiKey: KEY, baseUrl: emulator.url })));
    const ours = {
      requests: emulator.requests.length,
      rateLimited: count429(emulator.requests),
      wallMs: performance.now() - t0,
    };

    emulator.clearRequests();
    emulator.setRateLimit(100, 60_000);
    const t1 = performance.now();
    const naive = await Promise.all(
      numbers.map((n) => naiveGet(emulator.url, KEY, `/v1/phone-numbers/${encodeURIComponent(n.phoneNumber)}`, 0)),
    );
    const naiveFigures = {
      requests: emulator.requests.length,
      rateLimited: count429(emulator.requests),
      wallMs: performance.now() - t1,
      note: `${naive.filter((r) => r.ok).length}/200 succeeded (no retries)`,
    };
    printScenario(
      `1. 200 getPhoneNumber lookups of distinct numbers (latency ${LATENCY_MS} ms, one round trip measured ${roundTripMs.toFixed(0)} ms)`,
      { ...ours, note: `${(ours.wallMs / roundTripMs).toFixed(2)} round trips` },
      naiveFigures,
      "at most 2 requests; wall time at most 3 round trips",
    );
  } finally {
    await emulator.close();
  }
}

function count429(requests: readonly { status: number }[]): number {
  return requests.filter((r) => r.status === 429).length;
}
