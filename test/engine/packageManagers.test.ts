/**
 * The same program installed by npm, pnpm (its isolated node_modules) and
 * yarn: the dynamic-provider plugin must load the serialized PhoneNumber
 * provider from each layout, on up, refresh and destroy.
 */
import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { EngineWorkspace, resourceNamed } from "./support/engineWorkspace";
import { createNodeProject, type PackageManager } from "./support/userProject";
import { assertNoSecrets, ENGINE_TIMEOUT_MS } from "./support/scenario";

const MANAGERS: readonly PackageManager[] = ["npm", "pnpm", "yarn"];

describe("engine: examples/require-connected installed by npm, pnpm and yarn", function () {
  this.timeout(ENGINE_TIMEOUT_MS);
  let emulator: RunningEmulator;
  let ws: EngineWorkspace;

  before(async () => {
    emulator = await startEmulator();
    ws = new EngineWorkspace();
  });
  after(async () => {
    await emulator?.close();
    ws?.dispose();
  });

  for (const manager of MANAGERS) {
    it(`${manager}: up, refresh and destroy run the serialized provider from ${manager}'s node_modules`, async () => {
      const project = await createNodeProject(ws.root, {
        name: `require-connected-${manager}`,
        program: "examples/require-connected/index.ts",
        packageManager: manager,
      });
      const run = (...args: string[]) => ws.expectPulumi(project.dir, args);
      await ws.initStack(project.dir, emulator.url);
      await run("up", "--yes");
      const state = await ws.exportStack(project.dir);
      assert.equal(resourceNamed(state, "sender-0")?.id, "507f1f77bcf86cd799439011");
      assert.equal(resourceNamed(state, "sender-1")?.id, "65c1a2b3c4d5e6f708192a3e");
      emulator.clearRequests();
      await run("refresh", "--yes");
      // Refresh read both numbers again through the provider serialized in state.
      assert.ok(emulator.requests.length >= 2, `refresh sent ${emulator.requests.length} requests`);
      emulator.clearRequests();
      await run("destroy", "--yes");
      assert.equal(emulator.requests.length, 0);
    });
  }

  it("leaves the API key in no file of the backend or PULUMI_HOME, and in no output", () => {
    assertNoSecrets(ws, ["sk_test_emulator"]);
  });
});
