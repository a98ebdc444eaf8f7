/**
 * `npm start` with a Pulumi CLI on PATH takes its real-preview path: the
 * README promises a real `pulumi preview` of examples/basic against the
 * embedded emulator. Here the CLI is the built toolchain's.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { cleanEnv, describeResult, runCommand } from "../package/commands";
import { ENGINE_TIMEOUT_MS } from "./support/scenario";
import { pulumiToolchain, ROOT } from "../support/pulumiToolchain";

describe("engine: npm start with the Pulumi CLI on PATH", function () {
  this.timeout(ENGINE_TIMEOUT_MS);

  it("runs a real pulumi preview of examples/basic against the embedded emulator", async () => {
    const home = mkdtempSync(path.join(tmpdir(), "chatmaid-start-home-"));
    try {
      const result = await runCommand(process.execPath, [path.join(ROOT, "dist", "demo", "start.js")], {
        cwd: ROOT,
        deadlineMs: 180_000,
        env: {
          ...cleanEnv(),
          PATH: [pulumiToolchain(), path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter),
          PULUMI_HOME: home,
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
          NO_COLOR: "1",
        },
      });
      assert.equal(result.code, 0, describeResult(result, "npm start failed"));
      assert.match(result.stdout, /Pulumi CLI found: previewing examples\/basic/);
      // The program really ran under the engine: its PhoneNumber and its outputs are in the preview.
      assert.match(result.stdout, /\+ pulumi-nodejs:dynamic\/chatmaid:PhoneNumber: \(create\)\s+\[urn=\S+::sender\]/);
      assert.match(result.stdout, /\+ 2 to create/);
      assert.match(result.stdout, /\+15551234567/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
