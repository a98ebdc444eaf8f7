import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

describe("npm start (dist/demo/start.js)", () => {
  it("runs examples/basic on the embedded emulator under mocks, prints the table, validation and outputs, and exits 0", async function () {
    this.timeout(30_000);
    // A PATH without a Pulumi CLI, as on this machine and in CI.
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: path.dirname(process.execPath), NO_COLOR: "1" };
    delete env.CHATMAID_API_KEY;
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(ROOT, "dist", "demo", "start.js")], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    const elapsed = Date.now() - started;
    assert.equal(code, 0, stderr);
    assert.match(
      stdout,
      /Chatmaid emulator listening on http:\/\/127\.0\.0\.1:\d+ \(keys: sk_test_emulator, sk_test_emulator_legacy, sk_test_emulator_noscope, sk_live_emulator\)\n/,
    );
    assert.match(stdout, /Pulumi CLI not found on PATH: running examples\/basic under Pulumi's mock runtime/);
    assert.match(stdout, /NUMBER\s+NAME\s+STATUS\s+LAST CONNECTED/);
    assert.match(stdout, /\+15551234567\s+Primary Sender\s+connected\s+2026-02-06 14:10:00 UTC/);
    assert.match(stdout, /\+15554567890\s+Marketing\s+qr_pending\s+never/);
    assert.match(
      stdout,
      /ok sender: \+15551234567 \(Primary Sender\) is connected, as required \[id 507f1f77bcf86cd799439011\]/,
    );
    assert.match(stdout, /senderId: "507f1f77bcf86cd799439011"/);
    assert.match(stdout, /senderWebhookSetting: "whatsapp:sender=507f1f77bcf86cd799439011"/);
    assert.ok(elapsed < 20_000, `took ${elapsed} ms`);
    assert.doesNotMatch(stdout + stderr, /\x1b\[/, "no colour when NO_COLOR is set");
  });
});
