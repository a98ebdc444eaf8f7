/**
 * A 50-number stack (20 required connected) under the real engine sends what
 * the API's floor allows: one list and one status read per required number
 * for up, preview and refresh, and nothing for destroy. The plugin process
 * shares one list between every resource it checks.
 */
import assert from "node:assert/strict";
import { generatePhoneNumbers, startEmulator, type RunningEmulator } from "../../emulator";
import { EngineWorkspace } from "./support/engineWorkspace";
import { createNodeProject, type NodeProject } from "./support/userProject";
import { ENGINE_TIMEOUT_MS } from "./support/scenario";

const NUMBERS = generatePhoneNumbers(50);
const REQUIRED = 20;

/** Requests by kind: list (`/v1/phone-numbers`), one number, its status. */
function countRequests(emulator: RunningEmulator): { lists: number; statuses: number; others: number } {
  const lists = emulator.requests.filter((r) => /\/phone-numbers\/?$/.test(r.path)).length;
  const statuses = emulator.requests.filter((r) => r.path.endsWith("/status")).length;
  return { lists, statuses, others: emulator.requests.length - lists - statuses };
}

describe("engine: requests of a 50-number stack (20 required) at the API's floor", function () {
  this.timeout(ENGINE_TIMEOUT_MS);
  let emulator: RunningEmulator;
  let ws: EngineWorkspace;
  let project: NodeProject;
  const expectPulumi = (...args: string[]) => ws.expectPulumi(project.dir, args);

  before(async () => {
    emulator = await startEmulator();
    emulator.setNumbers("test", NUMBERS);
    ws = new EngineWorkspace();
    project = await createNodeProject(ws.root, { name: "fifty", program: "test/engine/fixtures/fiftyNumbers.ts" });
    await ws.initStack(project.dir, emulator.url, {
      config: { senders: JSON.stringify(NUMBERS.map((n) => n.phoneNumber)) },
    });
  });
  after(async () => {
    await emulator?.close();
    ws?.dispose();
  });
  beforeEach(() => emulator.clearRequests());

  for (const step of [["up", "--yes", "--skip-preview"], ["preview"], ["refresh", "--yes", "--skip-preview"]]) {
    it(`pulumi ${step.join(" ")}: one list and ${REQUIRED} status reads`, async () => {
      await expectPulumi(...step);
      assert.deepEqual(countRequests(emulator), { lists: 1, statuses: REQUIRED, others: 0 });
    });
  }

  it("pulumi up --yes (preview, then update) with the machine store on: the update reuses the preview's reads", async () => {
    ws.extraEnv.CHATMAID_SHARED_STORE = "machine";
    try {
      await expectPulumi("up", "--yes");
    } finally {
      delete ws.extraEnv.CHATMAID_SHARED_STORE;
    }
    assert.deepEqual(countRequests(emulator), { lists: 1, statuses: REQUIRED, others: 0 });
  });

  it("pulumi destroy: no request", async () => {
    await expectPulumi("destroy", "--yes", "--skip-preview");
    assert.deepEqual(countRequests(emulator), { lists: 0, statuses: 0, others: 0 });
  });
});
