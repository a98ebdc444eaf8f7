import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { setStackMocks, stackOutputs, type StackMocks } from "../../testing/stackMocks";
import { resetSharedState } from "../../provider";
import { settle } from "../support/pulumiMocks";

// The examples import "@chatmaid/pulumi" as a user's program would, so they run
// the built package (dist/), which `npm test` builds first.
function runExample(name: string): Record<string, pulumi.Output<unknown>> {
  const file = require.resolve(path.join(__dirname, "..", "..", "examples", name, "index.ts"));
  delete require.cache[file];
  return require(file);
}

async function exportsOf(program: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(program)) {
    out[key] = pulumi.Output.isInstance(value)
      ? (await settle(value)).value
      : Array.isArray(value)
        ? await Promise.all(value.map(async (v) => (await settle(v)).value))
        : value;
  }
  return out;
}

describe("examples under mocks, against the emulator", () => {
  let emulator: RunningEmulator;
  let mocks: StackMocks;
  beforeEach(async () => {
    resetSharedState();
    emulator = await startEmulator();
    mocks = setStackMocks({ config: { "chatmaid:apiKey": "sk_test_emulator", "chatmaid:baseUrl": emulator.url } });
  });
  afterEach(() => emulator.close());

  describe("examples/basic", () => {
    it("lists the numbers, records the connected sender and wires its ID into a setting", async () => {
      const outputs = await exportsOf(runExample("basic"));
      assert.equal(outputs.environment, "test");
      assert.equal((outputs.phoneNumbers as unknown[]).length, 6);
      assert.equal(outputs.senderId, "507f1f77bcf86cd799439011");
      assert.equal(outputs.senderStatus, "connected");
      assert.equal(outputs.senderWebhookSetting, "whatsapp:sender=507f1f77bcf86cd799439011");
      const sender = mocks.resources.find((r) => r.name === "sender")!;
      assert.equal(sender.type, "pulumi-nodejs:dynamic/chatmaid:PhoneNumber");
      assert.equal(sender.id, "507f1f77bcf86cd799439011");
      assert.equal(sender.error, undefined);
      // The PhoneNumber's real provider ran: it read the number and its status.
      assert.ok(emulator.requests.some((r) => r.path.endsWith("/status")));
    });

    it("fails the program like `pulumi up` when the sender is not connected, naming it", async () => {
      emulator.setStatus("+15551234567", "disconnected");
      await assert.rejects(stackOutputs(runExample("basic")), {
        message: /^requireConnected: .*\n.*\+15551234567 "Primary Sender"/,
      });
      const sender = mocks.resources.find((r) => r.name === "sender")!;
      assert.equal(sender.id, undefined);
      assert.match(sender.error ?? "", /\+15551234567 "Primary Sender" .*: disconnected/);
    });
  });

  describe("examples/require-connected", () => {
    it("validates several senders with PhoneNumber and with getPhoneNumbers", async () => {
      const outputs = await exportsOf(runExample("require-connected"));
      assert.deepEqual(outputs.senderIds, ["507f1f77bcf86cd799439011", "65c1a2b3c4d5e6f708192a3e"]);
      assert.deepEqual(
        outputs.connectedIds,
        (await exportsOf({ all: pulumi.output(emulator.getNumbers("test").map((n) => n.id)) })).all,
      );
      assert.ok(mocks.resources.filter((r) => r.type.endsWith(":PhoneNumber")).every((r) => r.error === undefined));
    });

    it("fails when one of the senders is disconnected", async () => {
      emulator.setStatus("+15555678901", "disconnected");
      pulumi.runtime.setAllConfig(
        {
          "chatmaid:apiKey": "sk_test_emulator",
          "chatmaid:baseUrl": emulator.url,
          "chatmaid-example:senders": JSON.stringify(["+15551234567", "+15555678901"]),
          "chatmaid-example:waitSeconds": "0",
        },
        ["chatmaid:apiKey"],
      );
      const program = runExample("require-connected");
      await assert.rejects(
        settle(program.connectedIds as pulumi.Output<string[]>),
        /\+15555678901 \(no display name\).*: disconnected/,
      );
      const failed = mocks.resources.find((r) => r.name === "sender-1")!;
      assert.match(failed.error ?? "", /\+15555678901/);
      assert.equal(mocks.resources.find((r) => r.name === "sender-0")!.error, undefined);
    });
  });
});
