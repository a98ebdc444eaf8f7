import { spawnSync } from "node:child_process";
import * as path from "node:path";

/**
 * Scenario 5: size of the serialized PhoneNumber provider kept in state for
 * every resource. Measured in a fresh process with the built package, as a
 * program imports it, so the mock runtime does not outlive the measurement.
 */
export function benchProviderSize(): void {
  const script = `
    const pulumi = require("@pulumi/pulumi");
    pulumi.runtime.setMocks({
      newResource: (args) => { console.log(Buffer.byteLength(String(args.inputs.__provider), "utf8")); process.exit(0); },
      call: (args) => args.inputs,
    }, "bench", "dev", false);
    const chatmaid = require("@chatmaid/pulumi");
    new chatmaid.PhoneNumber("sender", { id: "+15551234567" });`;
  const run = spawnSync(process.execPath, ["-e", script], { cwd: path.join(__dirname, ".."), encoding: "utf8" });
  // Exiting from inside the mock leaves the runtime's bookkeeping unfinished
  // (it says so on stderr); only the printed size matters here.
  const bytes = Number(run.stdout.trim().split("\n")[0]);
  if (!Number.isFinite(bytes) || bytes <= 0) throw new Error(`provider size failed: ${run.stderr}`);
  console.log(`\n5. Serialized PhoneNumber provider (__provider in state)`);
  console.log(`  target: under 16 KB`);
  console.log(`  @chatmaid/pulumi  ${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB)`);
}
