/**
 * `npm run bench:load`: a larger load run on the emulator than the test suite's
 * (see test/support/emulatorLoad.ts for what is checked).
 *
 *   npx ts-node --transpile-only bench/emulatorLoad.ts [--requests N] [--clients C] [--rate-limit R]
 *
 * It prints a report and exits 1 if any answer was wrong.
 */
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator";
import { budgetProblems, runEmulatorLoad } from "../test/support/emulatorLoad";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: "string", default: "20000" },
      clients: { type: "string", default: "200" },
      "rate-limit": { type: "string", default: "5000" },
    },
  });
  const requests = Number(values.requests);
  const clients = Number(values.clients);
  const rateLimit = Number(values["rate-limit"]);
  if (![requests, clients, rateLimit].every((n) => Number.isInteger(n) && n >= 0) || requests < 1 || clients < 1) {
    console.error("usage: emulatorLoad.ts [--requests N] [--clients C] [--rate-limit R (0 = off)]");
    process.exitCode = 2;
    return;
  }
  const emulator = await startEmulator({ rateLimit, rateLimitWindowMs: 10 * 60_000, maxRecordedRequests: 1000 });
  try {
    const report = await runEmulatorLoad(emulator, { requests, clients });
    const budget = budgetProblems(report, rateLimit);
    const health = await fetch(`${emulator.url}/_emulator/health`).then((r) => r.status);
    console.log(
      JSON.stringify(
        {
          ...report,
          budgetProblems: budget,
          healthAfter: health,
          requestsPerSecond: Math.round((requests / report.durationMs) * 1000),
        },
        null,
        2,
      ),
    );
    if (report.problemCount > 0 || budget.length > 0 || health !== 200) process.exitCode = 1;
  } finally {
    await emulator.close();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
