/**
 * examples/basic under the real Pulumi CLI, as a user runs it: copied into a
 * fresh project that installs the packed tarball, on a local file backend,
 * against the emulator. Steps build on each other, like a stack's life.
 */
import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { EngineWorkspace, resourceNamed, stackOutputsOf, type StackExport } from "./support/engineWorkspace";
import { createNodeProject, type NodeProject } from "./support/userProject";
import { assertNoSecrets, apiRequests, ENGINE_TIMEOUT_MS } from "./support/scenario";

const SENDER = "+15551234567";
const SENDER_ID = "507f1f77bcf86cd799439011";

describe("engine: examples/basic (TypeScript, dynamic provider) under the real pulumi", function () {
  this.timeout(ENGINE_TIMEOUT_MS);
  let emulator: RunningEmulator;
  let ws: EngineWorkspace;
  let project: NodeProject;
  const pulumi = (...args: string[]) => ws.pulumi(project.dir, args);
  const expectPulumi = (...args: string[]) => ws.expectPulumi(project.dir, args);
  const exported = (): Promise<StackExport> => ws.exportStack(project.dir);

  before(async () => {
    emulator = await startEmulator();
    ws = new EngineWorkspace();
    project = await createNodeProject(ws.root, { name: "basic", program: "examples/basic/index.ts" });
    await ws.initStack(project.dir, emulator.url);
  });
  after(async () => {
    await emulator?.close();
    ws?.dispose();
  });
  beforeEach(() => emulator.clearRequests());

  it("up creates the PhoneNumber and exports the account's numbers", async () => {
    const up = await expectPulumi("up", "--yes");
    assert.match(up.stdout, /\+ 2 created/);
    const state = await exported();
    const sender = resourceNamed(state, "sender");
    assert.equal(sender?.type, "pulumi-nodejs:dynamic/chatmaid:PhoneNumber");
    assert.equal(sender?.id, SENDER_ID);
    assert.equal(sender?.outputs?.connectionStatus, "connected");
    const outputs = stackOutputsOf(state);
    assert.equal(outputs.environment, "test");
    assert.equal((outputs.phoneNumbers as unknown[]).length, 6);
    assert.equal(outputs.senderId, SENDER_ID);
    assert.equal(outputs.senderWebhookSetting, `whatsapp:sender=${SENDER_ID}`);
    assert.ok(apiRequests(emulator).length > 0);
  });

  it("preview --expect-no-changes passes right after up", async () => {
    await expectPulumi("preview", "--expect-no-changes");
  });

  it("preview --expect-no-changes passes after the sender reconnects (only its timestamps are newer)", async () => {
    emulator.setStatus(SENDER, "disconnected");
    emulator.setStatus(SENDER, "connected");
    await expectPulumi("preview", "--expect-no-changes");
  });

  it("a disconnected required sender fails preview and up, naming it and what to do, and state stays as it was", async () => {
    const before = await exported();
    emulator.setStatus(SENDER, "disconnected");
    for (const step of [["preview"], ["up", "--yes"]]) {
      const run = await pulumi(...step);
      assert.notEqual(run.code, 0, `pulumi ${step[0]} passed with a disconnected sender:\n${run.stdout}`);
      const output = run.stdout + run.stderr;
      assert.match(output, /\+15551234567/);
      assert.match(output, /disconnected/);
      assert.match(output, /[Rr]econnect/);
    }
    assert.deepEqual((await exported()).deployment.resources, before.deployment.resources);
  });

  it("reconnecting the sender makes preview and up pass again", async () => {
    emulator.setStatus(SENDER, "connected");
    await expectPulumi("preview");
    await expectPulumi("up", "--yes");
  });

  it("refresh shows a display name changed in the dashboard", async () => {
    const numbers = emulator
      .getNumbers("test")
      .map((n) => (n.phoneNumber === SENDER ? { ...n, displayName: "Renamed Sender" } : n));
    emulator.setNumbers("test", numbers);
    const refresh = await expectPulumi("refresh", "--yes");
    assert.match(refresh.stdout, /sender/);
    assert.equal(resourceNamed(await exported(), "sender")?.outputs?.displayName, "Renamed Sender");
  });

  it("an API outage during refresh fails the step and keeps state", async () => {
    const before = await exported();
    emulator.injectFault({ kind: "status", status: 503, times: 1000 });
    const refresh = await pulumi("refresh", "--yes");
    emulator.clearFaults();
    assert.notEqual(refresh.code, 0, `refresh passed during an outage:\n${refresh.stdout}`);
    assert.match(refresh.stdout + refresh.stderr, /503|unavailable/i);
    assert.deepEqual((await exported()).deployment.resources, before.deployment.resources);
  });

  it("a sender removed from the account drops out of state on refresh, then up fails clearly", async () => {
    emulator.setNumbers(
      "test",
      emulator.getNumbers("test").filter((n) => n.phoneNumber !== SENDER),
    );
    await expectPulumi("refresh", "--yes");
    assert.equal(resourceNamed(await exported(), "sender"), undefined);
    const up = await pulumi("up", "--yes");
    assert.notEqual(up.code, 0);
    assert.match(up.stdout + up.stderr, /\+15551234567/);
    assert.match(up.stdout + up.stderr, /not found|no phone number/i);
    emulator.reset();
    await expectPulumi("up", "--yes");
    assert.equal(resourceNamed(await exported(), "sender")?.id, SENDER_ID);
  });

  it("destroy sends no API request", async () => {
    await expectPulumi("destroy", "--yes");
    assert.deepEqual(apiRequests(emulator), []);
    assert.equal(resourceNamed(await exported(), "sender"), undefined);
  });

  it("leaves the API key in no file of the backend or PULUMI_HOME, and in no output", () => {
    assertNoSecrets(ws, ["sk_test_emulator"]);
  });
});
