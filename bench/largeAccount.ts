import { generatePhoneNumbers, startEmulator } from "../emulator";
import { resetSharedState } from "../provider";
import { getPhoneNumbers } from "../sdk/nodejs";
import { median, printScenario } from "./report";

const KEY = "sk_test_emulator";
const SIZE = 10_000;
const RUNS = 7;

/** Scenario 3: getPhoneNumbers on an account of 10,000 numbers, beyond the transfer. */
export async function benchLargeAccount(): Promise<void> {
  const emulator = await startEmulator({ rateLimit: 0 });
  try {
    emulator.setNumbers("test", generatePhoneNumbers(SIZE));
    const transfer: number[] = [];
    const ours: number[] = [];
    let bytes = 0;
    // The first call also loads zod (deferred from import time): reported on its own.
    resetSharedState();
    const tFirst = performance.now();
    await getPhoneNumbers({ apiKey: KEY, baseUrl: emulator.url });
    const firstMs = performance.now() - tFirst;
    for (let i = 0; i < RUNS; i++) {
      // The transfer alone: fetch the body, nothing else.
      const t0 = performance.now();
      const response = await fetch(`${emulator.url}/v1/phone-numbers`, { headers: { authorization: `Bearer ${KEY}` } });
      bytes = (await response.arrayBuffer()).byteLength;
      transfer.push(performance.now() - t0);
      // The whole call: fetch, parse, validate with zod, return (cache cleared each run).
      resetSharedState();
      const t1 = performance.now();
      const result = await getPhoneNumbers({ apiKey: KEY, baseUrl: emulator.url });
      ours.push(performance.now() - t1);
      if (result.phoneNumbers.length !== SIZE)
        throw new Error(`expected ${SIZE} numbers, got ${result.phoneNumbers.length}`);
    }
    const beyond = median(ours.map((t, i) => t - transfer[i]!));
    printScenario(
      `3. getPhoneNumbers on an account of ${SIZE.toLocaleString("en")} numbers (${(bytes / 1024 / 1024).toFixed(2)} MiB, median of ${RUNS})`,
      {
        requests: 1,
        rateLimited: 0,
        wallMs: median(ours),
        note: `${beyond.toFixed(1)} ms beyond the transfer (first call, loading zod: ${firstMs.toFixed(0)} ms)`,
      },
      { requests: 1, rateLimited: 0, wallMs: median(transfer), note: "transfer only (fetch + read body)" },
      "under 100 ms beyond the transfer",
    );
  } finally {
    await emulator.close();
  }
}
