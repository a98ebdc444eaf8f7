/**
 * Ctrl-C during a deploy that waits for a connecting sender.
 *
 * The native plugin hears the engine's Cancel and stops its wait: one SIGINT
 * stops `pulumi up` within seconds. A dynamic provider cannot: Pulumi's
 * dynamic-provider host answers Cancel without telling the provider
 * (@pulumi/pulumi cmd/dynamic-provider), and the engine lets in-flight calls
 * finish after the first SIGINT, so a TypeScript stack stops at the second
 * SIGINT (Pulumi's "terminate immediately"). Either way the next `up` works
 * without `pulumi cancel` or any repair of pending operations.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { EngineWorkspace, resourceNamed } from "./support/engineWorkspace";
import { createNodeProject, createYamlProject } from "./support/userProject";
import { ENGINE_TIMEOUT_MS, waitFor } from "./support/scenario";

/** "Within a few seconds": the wait itself would run two minutes. */
const STOP_WITHIN_MS = 15_000;
const CONNECTING = "+15553456789";

const programs = [
  {
    name: "YAML on the provider plugin, one SIGINT",
    signals: 1,
    create: (root: string) =>
      createYamlProject(root, "yaml-waits", {
        pluginEntry: true,
        program: "test/engine/fixtures/yamlWaits/Pulumi.yaml",
      }),
  },
  {
    name: "TypeScript on the dynamic provider, SIGINT twice",
    signals: 2,
    create: async (root: string) =>
      (await createNodeProject(root, { name: "ts-waits", program: "test/engine/fixtures/waitsForConnecting.ts" })).dir,
  },
] as const;

for (const program of programs) {
  describe(`engine: interrupting pulumi up while a PhoneNumber waits (${program.name})`, function () {
    this.timeout(ENGINE_TIMEOUT_MS);
    let emulator: RunningEmulator;
    let ws: EngineWorkspace;
    let dir: string;

    before(async () => {
      // The connecting sender never connects by itself.
      emulator = await startEmulator({ connectingPolls: Infinity });
      ws = new EngineWorkspace();
      dir = await program.create(ws.root);
      await ws.initStack(dir, emulator.url);
    });
    after(async () => {
      await emulator?.close();
      ws?.dispose();
    });

    it("stops within seconds, and the next up works without pulumi cancel", async () => {
      const output = { text: "" };
      const up = ws.start(dir, ["up", "--yes", "--skip-preview"], output);
      const exited = once(up, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
      await waitFor(
        () => emulator.requests.some((r) => r.path.endsWith("/status")),
        60_000,
        () => `no status poll reached the emulator; pulumi printed:\n${output.text}`,
      );
      const signalled = Date.now();
      for (let i = 0; i < program.signals; i++) {
        up.kill("SIGINT");
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const killer = setTimeout(() => up.kill("SIGKILL"), 90_000);
      const [code] = await exited;
      clearTimeout(killer);
      const stoppedAfter = Date.now() - signalled;
      assert.ok(stoppedAfter < STOP_WITHIN_MS, `pulumi took ${stoppedAfter} ms to stop after SIGINT:\n${output.text}`);
      assert.notEqual(code, 0, `pulumi up exited 0 although it was interrupted:\n${output.text}`);

      emulator.setStatus(CONNECTING, "connected");
      const next = await ws.expectPulumi(dir, ["up", "--yes"]);
      assert.doesNotMatch(next.stdout + next.stderr, /pending operation|locked/i);
      const state = await ws.exportStack(dir);
      assert.equal(resourceNamed(state, "sender")?.outputs?.connectionStatus, "connected");
      assert.deepEqual(state.deployment.pending_operations ?? [], []);
    });
  });
}
