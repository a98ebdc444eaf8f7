/**
 * examples/yaml under the real Pulumi CLI and Pulumi YAML, on the native
 * provider plugin found both ways a user would: `plugins.providers` naming
 * the folder npm installed, and `pulumi-resource-chatmaid` on PATH from
 * `npm install -g`.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { EngineWorkspace, resourceNamed, stackOutputsOf } from "./support/engineWorkspace";
import { createYamlProject, installGlobally } from "./support/userProject";
import { assertNoSecrets, ENGINE_TIMEOUT_MS } from "./support/scenario";

const KEYS = ["sk_test_emulator", "sk_live_emulator"];

for (const form of ["plugins.providers folder", "PATH"] as const) {
  describe(`engine: examples/yaml on the provider plugin (${form})`, function () {
    this.timeout(ENGINE_TIMEOUT_MS);
    let emulator: RunningEmulator;
    let ws: EngineWorkspace;
    let dir: string;
    const expectPulumi = (...args: string[]) => ws.expectPulumi(dir, args);

    before(async () => {
      emulator = await startEmulator();
      ws = new EngineWorkspace();
      // The second account's explicit provider sets only its key: its base URL comes from the plugin's environment.
      ws.extraEnv.CHATMAID_BASE_URL = emulator.url;
      if (form === "PATH") ws.extraPath.push(await installGlobally(path.join(ws.root, "global")));
      dir = await createYamlProject(ws.root, "yaml", { pluginEntry: form !== "PATH" });
      // The disconnected sender below fails after one second instead of the example's default half minute.
      await ws.initStack(dir, emulator.url, {
        config: { waitSeconds: "1" },
        secrets: { secondAccountApiKey: "sk_live_emulator" },
      });
    });
    after(async () => {
      await emulator?.close();
      ws?.dispose();
    });
    beforeEach(() => emulator.clearRequests());

    it("up runs the invokes and both PhoneNumbers, the second through its own account", async () => {
      const up = await expectPulumi("up", "--yes");
      if (form === "PATH") assert.match(up.stdout + up.stderr, /using pulumi-resource-chatmaid from \$PATH/);
      const state = await ws.exportStack(dir);
      const outputs = stackOutputsOf(state);
      assert.equal(outputs.environment, "test");
      assert.deepEqual(outputs.connectedIds, ["507f1f77bcf86cd799439011", "65c1a2b3c4d5e6f708192a3e"]);
      assert.equal(outputs.senderId, "507f1f77bcf86cd799439011");
      assert.equal(outputs.senderStatus, "connected");
      assert.equal(outputs.backupSenderId, "66a0f0e1d2c3b4a596877869");
      assert.deepEqual(outputs.secondAccountIds, ["66a0f0e1d2c3b4a596877869", "66a0f0e1d2c3b4a59687786a"]);
      assert.equal(resourceNamed(state, "sender")?.type, "chatmaid:index:PhoneNumber");
      const labels = new Set(emulator.requests.map((r) => r.keyLabel));
      assert.deepEqual([...labels].sort(), ["sk_live_emulator", "sk_test_emulator"]);
    });

    it("a disconnected sender fails preview, naming it", async () => {
      emulator.setStatus("+15551234567", "disconnected");
      const preview = await ws.pulumi(dir, ["preview"]);
      emulator.setStatus("+15551234567", "connected");
      assert.notEqual(preview.code, 0, preview.stdout);
      assert.match(preview.stdout + preview.stderr, /\+15551234567/);
      assert.match(preview.stdout + preview.stderr, /disconnected/);
    });

    it("a preview with --logtostderr -v=9 runs (its log is checked for the keys below)", async () => {
      await expectPulumi("preview", "--logtostderr", "-v=9");
      assert.ok(ws.transcript.join("").includes("Configure() executing"), "the verbose log was not captured");
    });

    it("destroy sends no API request", async () => {
      await expectPulumi("destroy", "--yes");
      assert.deepEqual(emulator.requests, []);
    });

    it("leaves neither key in a file of the backend or PULUMI_HOME, nor in any output", () => {
      assertNoSecrets(ws, KEYS);
    });
  });
}
