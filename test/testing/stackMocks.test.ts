/**
 * `@chatmaid/pulumi/testing` as a user's stack test uses it: one emulator for
 * the file, programs built from the published entry point
 * (`@chatmaid/pulumi`, i.e. dist/, which `npm test` builds first), and the
 * helpers under test from source.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as chatmaid from "@chatmaid/pulumi";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { FALLBACK_PROJECT, resetChatmaidState, setStackMocks, stackOutputs } from "../../testing/stackMocks";
import { runChild, transpileForChildren, type TranspiledTree } from "../support/leakCheck";
import { settle } from "../support/pulumiMocks";

const SUPPORT = "+15552345678"; // disconnected in the sample data
const PRIMARY = "+15551234567"; // connected
const PRIMARY_ID = "507f1f77bcf86cd799439011";

describe("setStackMocks and stackOutputs", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator();
  });
  afterEach(() => emulator.reset());
  after(() => emulator.close());

  // Reads cached for an hour: a change can only show through a reset, never through expiry.
  const config = (): Record<string, string> => ({
    "chatmaid:apiKey": "sk_test_emulator",
    "chatmaid:baseUrl": emulator.url,
    "chatmaid:cacheSeconds": "3600",
  });

  /** A program that reads one number through a PhoneNumber and through a function. */
  function statusProgram(name: string): Record<string, pulumi.Output<unknown>> {
    const number = new chatmaid.PhoneNumber(name, { id: SUPPORT });
    const listed = chatmaid.getPhoneNumbersOutput().phoneNumbers;
    return {
      resource: number.connectionStatus,
      listed: listed.apply((numbers) => numbers.find((n) => n.phoneNumber === SUPPORT)?.connectionStatus),
    };
  }

  describe("fresh state", () => {
    it("starts each call from fresh package state, so a second run sees the emulator's change", async () => {
      setStackMocks({ config: config() });
      assert.deepEqual(await stackOutputs(statusProgram("first")), {
        resource: "disconnected",
        listed: "disconnected",
      });
      emulator.setStatus(SUPPORT, "connected");
      setStackMocks({ config: config() });
      assert.deepEqual(await stackOutputs(statusProgram("second")), { resource: "connected", listed: "connected" });
    });

    it("resetChatmaidState() makes the same mocks read afresh; without it the cached read stays", async () => {
      setStackMocks({ config: config() });
      assert.deepEqual(await stackOutputs(statusProgram("first")), {
        resource: "disconnected",
        listed: "disconnected",
      });
      emulator.setStatus(SUPPORT, "connected");
      assert.deepEqual(await stackOutputs(statusProgram("cached")), {
        resource: "disconnected",
        listed: "disconnected",
      });
      resetChatmaidState();
      assert.deepEqual(await stackOutputs(statusProgram("fresh")), { resource: "connected", listed: "connected" });
    });
  });

  describe("a refused PhoneNumber", () => {
    it("fails the program with the provider's reason and stays recorded, even with a dependent that never settles", async () => {
      emulator.setStatus(PRIMARY, "disconnected");
      const mocks = setStackMocks({ config: config() });
      const sender = new chatmaid.PhoneNumber("sender", { id: PRIMARY, requireConnected: true });
      const token = new random.RandomId("token", { byteLength: 8, keepers: { senderId: sender.phoneId } });
      const listed = chatmaid.getPhoneNumbersOutput().ids;

      const failure = await stackOutputs({ listed, senderId: sender.phoneId, tokenHex: token.hex }).then(
        () => assert.fail("stackOutputs resolved"),
        (error: Error) => error,
      );
      assert.match(
        failure.message,
        /^requireConnected: 1 Chatmaid phone number that must be connected is not connected:\n/,
      );
      assert.match(failure.message, /\+15551234567 "Primary Sender" \[id 507f1f77bcf86cd799439011\]: disconnected/);
      assert.doesNotMatch(failure.message, /failed to register/);

      const recorded = mocks.resources.find((r) => r.name === "sender");
      assert.ok(recorded, "the refused resource is recorded");
      assert.equal(recorded.type, "pulumi-nodejs:dynamic/chatmaid:PhoneNumber");
      assert.equal(recorded.id, undefined);
      assert.equal(recorded.error, failure.message);
      await assert.rejects(mocks.refused, { message: failure.message });
      // Its own Outputs reject too, with the SDK's wording around the same reason.
      await assert.rejects(settle(sender.phoneId), (error: Error) => error.message.endsWith(failure.message));
    });

    it("fails the program with a check failure's reason (a malformed id)", async () => {
      const mocks = setStackMocks({ config: config() });
      const bad = new chatmaid.PhoneNumber("bad", { id: "not-a-number" });
      await assert.rejects(stackOutputs({ id: bad.phoneId }), {
        message: /^id: Phone identifier "not-a-number" is not valid/,
      });
      assert.match(mocks.resources.find((r) => r.name === "bad")?.error ?? "", /^id: /);
    });

    it("fails the program even when no export depends on the refused resource (a create error)", async () => {
      setStackMocks({ config: config() });
      new chatmaid.PhoneNumber("unexported", { id: "+15550000000" });
      await assert.rejects(stackOutputs({ ids: chatmaid.getPhoneNumbersOutput().ids }), {
        message: /^Phone number \+15550000000 was not found in the Chatmaid account/,
      });
    });

    it("resolves the exports when nothing is refused, and records every resource without an error", async () => {
      const mocks = setStackMocks({ config: config() });
      const sender = new chatmaid.PhoneNumber("sender", { id: PRIMARY, requireConnected: true });
      const token = new random.RandomId("token", { byteLength: 8, keepers: { senderId: sender.phoneId } });
      const outputs = await stackOutputs({ senderId: sender.phoneId, tokenHex: token.hex });
      assert.equal(outputs.senderId, PRIMARY_ID);
      assert.match(String(outputs.tokenHex), /^[0-9a-f]{16}$/);
      assert.deepEqual(
        mocks.resources.map((r) => [r.name, r.error]),
        [
          ["sender", undefined],
          ["token", undefined],
        ],
      );
    });
  });

  describe("in a plain Node process (no test runner)", function () {
    this.timeout(60_000);
    let tree: TranspiledTree;
    before(() => {
      tree = transpileForChildren(["core", "provider", "testing", "test/testing/fixtures"]);
    });
    after(() => tree.remove());

    const run = (scenario: string) =>
      runChild(tree.path("test/testing/fixtures/refusedProgram.ts"), {
        deadlineMs: 45_000,
        env: tree.env,
        args: [scenario],
      });

    it("a refused resource neither crashes the process nor leaves an exit-time leak report: exit code 0", async () => {
      const result = await run("refused");
      assert.equal(result.timedOut, false, "the process did not exit by itself");
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout.trim()), {
        outcome: "rejected: requireConnected: 1 Chatmaid phone number that must be connected is not connected:",
        recorded: [["sender", true]],
      });
      assert.match(
        result.stderr,
        /^error: \[runtime\] sender \[pulumi-nodejs:dynamic\/chatmaid:PhoneNumber\]: requireConnected:/m,
      );
      assert.doesNotMatch(result.stderr, /promises were still active|unhandled|UnhandledPromiseRejection/i);
    });

    it("still crashes on an unhandled rejection that is not a refusal", async () => {
      const result = await run("unrelated");
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /an unrelated rejection/);
    });

    it("hands an unrelated rejection to the script's own uncaughtException listener", async () => {
      const result = await run("unrelated-listener");
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /the script's listener saw: an unrelated rejection/);
    });

    it("loads the yaml parser only to read a project file", async () => {
      const result = await run("lazy-yaml");
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout.trim()), {
        atImport: false,
        withProject: false,
        fromFile: true,
        project: "from-yaml",
      });
    });
  });

  describe("project name", () => {
    let dir: string;
    let cwd: string;
    beforeEach(() => {
      cwd = process.cwd();
      dir = mkdtempSync(path.join(tmpdir(), "chatmaid-project-"));
      process.chdir(dir);
    });
    afterEach(() => {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    });

    it("is the name: of Pulumi.yaml in the working directory, so project config reads as under pulumi up", () => {
      writeFileSync("Pulumi.yaml", "name: acme-shop\nruntime:\n  name: nodejs\n");
      setStackMocks({ config: { "acme-shop:greeting": "hello" } });
      assert.equal(pulumi.getProject(), "acme-shop");
      assert.equal(new pulumi.Config().get("greeting"), "hello");
    });

    it("reads Pulumi.yml too", () => {
      writeFileSync("Pulumi.yml", "name: from-yml\nruntime: nodejs\n");
      setStackMocks({ config: {} });
      assert.equal(pulumi.getProject(), "from-yml");
    });

    it(`falls back to ${FALLBACK_PROJECT} without a project file, and takes an explicit project over the file`, () => {
      setStackMocks({ config: {} });
      assert.equal(pulumi.getProject(), FALLBACK_PROJECT);
      writeFileSync("Pulumi.yaml", "name: from-yaml\n");
      setStackMocks({ config: {}, project: "given" });
      assert.equal(pulumi.getProject(), "given");
    });

    it("names the file when it cannot be parsed or has no name", () => {
      writeFileSync("Pulumi.yaml", "name: [unclosed\n");
      assert.throws(() => setStackMocks({ config: {} }), /cannot read the project name from .*Pulumi\.yaml/);
      writeFileSync("Pulumi.yaml", "runtime: nodejs\n");
      assert.throws(() => setStackMocks({ config: {} }), /Pulumi\.yaml has no project name/);
    });
  });

  describe("secrets", () => {
    it("hands a secret input to the provider in the clear and keeps the same-named output secret", async () => {
      const mocks = setStackMocks({ config: config() });
      const sender = new chatmaid.PhoneNumber("sender", { id: pulumi.secret(PRIMARY) });
      const identifier = await settle(sender.identifier);
      const phoneId = await settle(sender.phoneId);
      // A wrapped value would have been refused as a malformed id.
      assert.deepEqual(
        mocks.resources.map((r) => [r.name, r.id, r.error, r.state.identifier]),
        [["sender", PRIMARY_ID, undefined, PRIMARY]],
      );
      assert.deepEqual(identifier, { value: PRIMARY, isKnown: true, isSecret: true });
      assert.deepEqual(phoneId, { value: PRIMARY_ID, isKnown: true, isSecret: false });
      assert.deepEqual(await stackOutputs({ identifier: sender.identifier }), { identifier: PRIMARY });
    });

    it("sets the config, secret for chatmaid:apiKey by default and for the secretKeys given", () => {
      // The SDK's own check, the one behind its "value is a secret" handling; not in its typings.
      const isConfigSecret = (key: string): boolean => (pulumi.runtime as any).isConfigSecret(key);
      setStackMocks({ config: config() });
      assert.equal(pulumi.runtime.getConfig("chatmaid:apiKey"), "sk_test_emulator");
      assert.equal(isConfigSecret("chatmaid:apiKey"), true);
      assert.equal(isConfigSecret("chatmaid:baseUrl"), false);
      setStackMocks({ config: { ...config(), "acme:token": "t0k3n" }, secretKeys: ["acme:token"] });
      assert.equal(pulumi.runtime.getConfig("acme:token"), "t0k3n");
      assert.equal(isConfigSecret("acme:token"), true);
      assert.equal(isConfigSecret("chatmaid:apiKey"), false);
    });
  });
});
