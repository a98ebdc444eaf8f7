import { generatePhoneNumbers, startEmulator } from "../emulator";
import { parsePhoneIdentifier, readerFor, resetSharedState, resolveSettings } from "../provider";
import { getPhoneNumberStatus } from "../sdk/nodejs";
import { naiveGet } from "./naiveClient";
import { printScenario } from "./report";

const KEY = "sk_test_emulator";
const LIMIT = 20;
const WINDOW_MS = 3000;
const CHECKS = 60;
const LATENCY_MS = 20;

/** Scenario 2: 60 status checks under a limit of 20 per 3 seconds. */
export async function benchRateLimited(): Promise<void> {
  const emulator = await startEmulator({ latencyMs: LATENCY_MS, rateLimit: LIMIT, rateLimitWindowMs: WINDOW_MS });
  try {
    const numbers = generatePhoneNumbers(CHECKS);
    emulator.setNumbers("test", numbers);
    // The limit allows 20 at once, then 20 more after each window.
    const minimumMs = (Math.ceil(CHECKS / LIMIT) - 1) * WINDOW_MS + LATENCY_MS;

    // Told the key's budget (20 per 3 s), as a deployment is told Chatmaid's 100 a minute.
    resetSharedState();
    const reader = readerFor(
      resolveSettings({
        explicit: { apiKey: KEY, baseUrl: emulator.url, maxRequestsPerMinute: LIMIT, sharedStore: "off" },
        env: {},
      }),
      { rateLimitWindowMs: WINDOW_MS },
    );
    const t0 = performance.now();
    const results = await Promise.allSettled(numbers.map((n) => reader.status(parsePhoneIdentifier(n.id))));
    const wallMs = performance.now() - t0;
    const ok = results.filter((r) => r.status === "fulfilled").length;
    const ours = {
      requests: emulator.requests.length,
      rateLimited: emulator.requests.filter((r) => r.status === 429).length,
      wallMs,
    };

    // Not told: the default budget (100 a minute) is wrong for this server, and its 429s pace the run.
    await new Promise((r) => setTimeout(r, WINDOW_MS + 100));
    emulator.clearRequests();
    resetSharedState();
    const tu = performance.now();
    await Promise.allSettled(
      numbers.map((n) => getPhoneNumberStatus({ id: n.id, apiKey: KEY, baseUrl: emulator.url })),
    );
    const untold = {
      requests: emulator.requests.length,
      rateLimited: emulator.requests.filter((r) => r.status === 429).length,
      wallMs: performance.now() - tu,
    };
    resetSharedState();

    await new Promise((r) => setTimeout(r, WINDOW_MS + 100));
    emulator.clearRequests();
    const t1 = performance.now();
    const naive = await Promise.all(
      numbers.map((n) => naiveGet(emulator.url, KEY, `/v1/phone-numbers/${n.id}/status`)),
    );
    const naiveFigures = {
      requests: emulator.requests.length,
      rateLimited: emulator.requests.filter((r) => r.status === 429).length,
      wallMs: performance.now() - t1,
      note: `${naive.filter((r) => r.ok).length}/${CHECKS} succeeded`,
    };
    printScenario(
      `2. ${CHECKS} status checks under a limit of ${LIMIT} per ${WINDOW_MS / 1000} s (minimum the limit allows: ${minimumMs} ms)`,
      { ...ours, note: `${ok}/${CHECKS} succeeded, ${((wallMs / minimumMs - 1) * 100).toFixed(1)}% over the minimum` },
      naiveFigures,
      "told the budget: all succeed, zero 429s, wall time within 5% of the minimum",
    );
    console.log(
      `  budget not told  requests ${String(untold.requests).padStart(5)}   429s ${String(untold.rateLimited).padStart(4)}   wall ${untold.wallMs.toFixed(0).padStart(6)} ms   (the 429 path: default budget of 100 a minute)`,
    );
  } finally {
    await emulator.close();
  }
}
