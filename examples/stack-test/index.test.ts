// Stack tests for ./index under Pulumi's mocks: Chatmaid reads hit a local
// emulator, PhoneNumber runs its real provider. Run: npx mocha -r ts-node/register index.test.ts
import * as assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "@chatmaid/pulumi/emulator";
import { setStackMocks, stackOutputs, type StackMocks } from "@chatmaid/pulumi/testing";

describe("stack", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator();
  });
  afterEach(() => emulator.reset());
  after(() => emulator.close());

  // Fresh mocks (and fresh package state) each time, then the program itself.
  function runProgram(): { mocks: StackMocks; outputs: Promise<Record<string, unknown>> } {
    const mocks = setStackMocks({
      config: { "chatmaid:apiKey": "sk_test_emulator", "chatmaid:baseUrl": emulator.url },
    });
    delete require.cache[require.resolve("./index")];
    return { mocks, outputs: stackOutputs(require("./index")) };
  }

  it("exports the sender and the connected numbers", async () => {
    const outputs = await runProgram().outputs;
    assert.equal(outputs.senderId, "507f1f77bcf86cd799439011");
    assert.deepEqual(outputs.connectedNumbers, ["+15551234567", "+15555678901"]);
  });

  it("sees a number connected in the dashboard since the last run", async () => {
    emulator.setStatus("+15552345678", "connected");
    const outputs = await runProgram().outputs;
    assert.ok((outputs.connectedNumbers as string[]).includes("+15552345678"));
  });

  it("fails like pulumi up when the sender is disconnected", async () => {
    emulator.setStatus("+15551234567", "disconnected");
    const { mocks, outputs } = runProgram();
    await assert.rejects(outputs, /\+15551234567 "Primary Sender" .*: disconnected/);
    assert.match(mocks.resources.find((r) => r.name === "sender")?.error ?? "", /not connected/);
  });
});
