/**
 * Shared checks of the engine scenarios.
 */
import assert from "node:assert/strict";
import type { RecordedRequest, RunningEmulator } from "../../../emulator";
import type { EngineWorkspace } from "./engineWorkspace";

/** A group of engine scenarios may build the toolchain (first run) and install projects. */
export const ENGINE_TIMEOUT_MS = 30 * 60_000;

/** The emulator's recorded API requests (control routes excluded). */
export function apiRequests(emulator: RunningEmulator): readonly RecordedRequest[] {
  return emulator.requests;
}

/** Asserts that no key is in a file under PULUMI_HOME or the backend, nor in any output of the workspace's commands. */
export function assertNoSecrets(ws: EngineWorkspace, keys: readonly string[]): void {
  for (const key of keys) {
    const found = ws.findSecret(key);
    assert.deepEqual(found.files, [], `the key ${key.slice(0, 8)}… is in plain text in these files`);
    assert.equal(found.printed, false, `a pulumi command printed the key ${key.slice(0, 8)}…`);
  }
}

/** Polls `done` every 100 ms until it is true; fails with `describe()` after `timeoutMs`. */
export async function waitFor(done: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
