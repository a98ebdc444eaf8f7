#!/usr/bin/env node
/**
 * `npm start`: the first run, no account needed. Starts the embedded
 * emulator, runs examples/basic against it (a real `pulumi preview` when the
 * Pulumi CLI is on PATH, Pulumi's mock runtime otherwise), prints the
 * account's numbers, each required number's validation and the stack outputs,
 * then stops everything.
 */
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { listeningLine } from "../emulator/banner";
import { runUnderMocks } from "./mockRuntime";
import { pulumiOnPath, runPulumiPreview } from "./pulumiPreview";

const ROOT = path.join(__dirname, "..", "..");

async function main(): Promise<number> {
  const started = Date.now();
  const emulator = await startEmulator();
  try {
    console.log(listeningLine(emulator.url));
    const pulumi = pulumiOnPath();
    let code: number;
    if (pulumi) {
      code = await runPulumiPreview(pulumi, ROOT, emulator.url);
    } else {
      console.log(
        "Pulumi CLI not found on PATH: running examples/basic under Pulumi's mock runtime (Chatmaid reads are real; other resources are simulated).",
      );
      code = await runUnderMocks(ROOT, emulator.url);
    }
    console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return code;
  } finally {
    await emulator.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`npm start: ${error.message}`);
    process.exit(1);
  },
);
