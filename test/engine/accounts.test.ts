/**
 * A second Chatmaid account in the same TypeScript stack: a PhoneNumber with
 * its own `apiKey` (a secret) and `baseUrl` reads that account, and neither
 * key shows anywhere, even in the engine's most verbose log.
 */
import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { EngineWorkspace, resourceNamed } from "./support/engineWorkspace";
import { createNodeProject, type NodeProject } from "./support/userProject";
import { assertNoSecrets, ENGINE_TIMEOUT_MS } from "./support/scenario";

describe("engine: a second account in one TypeScript stack, and secrets under -v=9", function () {
  this.timeout(ENGINE_TIMEOUT_MS);
  let first: RunningEmulator;
  let second: RunningEmulator;
  let ws: EngineWorkspace;
  let project: NodeProject;
  const expectPulumi = (...args: string[]) => ws.expectPulumi(project.dir, args);

  before(async () => {
    first = await startEmulator();
    second = await startEmulator();
    ws = new EngineWorkspace();
    project = await createNodeProject(ws.root, { name: "accounts", program: "test/engine/fixtures/twoAccounts.ts" });
    await ws.initStack(project.dir, first.url, {
      config: { secondAccountBaseUrl: second.url },
      secrets: { secondAccountApiKey: "sk_live_emulator" },
    });
  });
  after(async () => {
    await first?.close();
    await second?.close();
    ws?.dispose();
  });

  it("up reads each PhoneNumber from its own account, and keeps the second key a secret in state", async () => {
    await expectPulumi("up", "--yes");
    assert.deepEqual([...new Set(first.requests.map((r) => r.keyLabel))], ["sk_test_emulator"]);
    assert.deepEqual([...new Set(second.requests.map((r) => r.keyLabel))], ["sk_live_emulator"]);
    const state = await ws.exportStack(project.dir);
    const backup = resourceNamed(state, "backup");
    assert.equal(backup?.id, "66a0f0e1d2c3b4a596877869");
    assert.equal(backup?.outputs?.displayName, "Live Primary");
    const storedKey = backup?.inputs?.apiKey as { [key: string]: unknown } | undefined;
    assert.equal(
      storedKey?.["4dabf18193072939515e22adb298388d"],
      "1b47061264138c4ac30d75fd1eb44270",
      "apiKey is not a secret",
    );
  });

  it("preview and refresh with --logtostderr -v=9 print neither key", async () => {
    await expectPulumi("preview", "--logtostderr", "-v=9");
    await expectPulumi("refresh", "--yes", "--logtostderr", "-v=9");
    assert.ok(ws.transcript.join("").includes("ResourceMonitor.RegisterResource"), "the verbose log was not captured");
  });

  it("leaves neither key in a file of the backend or PULUMI_HOME, nor in any output", async () => {
    await expectPulumi("destroy", "--yes");
    assertNoSecrets(ws, ["sk_test_emulator", "sk_live_emulator"]);
  });
});
