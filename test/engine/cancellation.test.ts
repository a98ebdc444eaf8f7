/**
 * Ctrl-C during a deploy that waits for a connecting sender: the real CLI
 * stops within seconds, and the next `up` works without `pulumi cancel` or
 * any repair of pending operations.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { EngineWorkspace, resourceNamed } from "./support/engineWorkspace";
import { createNodeProject, type NodeProject } from "./support/userProject";
import { ENGINE_TIMEOUT_MS, waitFor } from "./support/scenario";

/** "Within a few seconds": the wait itself would run two minutes. */
const STOP_WITHIN_MS = 15_000;

describe("engine: SIGINT to pulumi up while a PhoneNumber waits", function () {
  this.timeout(ENGINE_TIMEOUT_MS);
  let emulator: RunningEmulator;
  let ws: EngineWorkspace;
  let project: NodeProject;

  before(async () => {
    // The connecting sender never connects by itself.
    emulator = await startEmulator({ connectingPolls: Infinity });
    ws = new EngineWorkspace();
    project = await createNodeProject(ws.root, {
      name: "waits",
      program: "test/engine/fixtures/waitsForConnecting.ts",
    });
    for (const args of [
      ["stack", "init", "dev"],
      ["config", "set", "chatmaid:baseUrl", emulator.url],
      ["config", "set", "--secret", "chatmaid:apiKey", "sk_test_emulator"],
    ])
      await ws.expectPulumi(project.dir, args);
  });
  after(async () => {
    await emulator?.close();
    ws?.dispose();
  });

  it("stops within seconds, and the next up works without pulumi cancel", async () => {
    const output = { text: "" };
    const up = ws.start(project.dir, ["up", "--yes", "--skip-preview"], output);
    const exited = once(up, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    await waitFor(
      () => emulator.requests.some((r) => r.path.endsWith("/status")),
      60_000,
      () => `no status poll reached the emulator; pulumi printed:\n${output.text}`,
    );
    const signalled = Date.now();
    up.kill("SIGINT");
    const timer = setTimeout(() => up.kill("SIGKILL"), 60_000);
    const [code] = await exited;
    clearTimeout(timer);
    const stoppedAfter = Date.now() - signalled;
    assert.ok(stoppedAfter < STOP_WITHIN_MS, `pulumi took ${stoppedAfter} ms to stop after SIGINT:\n${output.text}`);
    assert.notEqual(code, 0, `pulumi up exited 0 although it was interrupted:\n${output.text}`);

    emulator.setStatus("+15553456789", "connected");
    const next = await ws.expectPulumi(project.dir, ["up", "--yes"]);
    assert.doesNotMatch(next.stdout + next.stderr, /pending operation/i);
    const state = await ws.exportStack(project.dir);
    assert.equal(resourceNamed(state, "sender")?.outputs?.connectionStatus, "connected");
    assert.deepEqual(state.deployment.pending_operations ?? [], []);
  });
});
