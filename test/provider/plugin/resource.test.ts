/**
 * `chatmaid:index:PhoneNumber` over the engine's protocol, in both launch
 * forms: check (no request; requireConnected on every preview; unknowns),
 * create (also during preview), diff (drift-gate semantics), update, read
 * (refresh), delete (never calls the API), progress for the resource's URN,
 * and no key anywhere.
 */
import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { startChatmaidPlugin, type LaunchForm } from "../../support/chatmaidPlugin";
import { secret, UNKNOWN, type ProviderPlugin } from "../../support/providerPlugin";

const KEY = "sk_test_emulator";
const PRIMARY = { id: "507f1f77bcf86cd799439011", phoneNumber: "+15551234567" };
const SUPPORT = { id: "65c1a2b3c4d5e6f708192a3b", phoneNumber: "+15552345678" };

for (const form of ["bin", "folder"] as LaunchForm[]) {
  describe(`pulumi-resource-chatmaid: PhoneNumber (${form})`, function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    let plugin: ProviderPlugin;
    before(async () => {
      emulator = await startEmulator({ rateLimit: 0, connectingPolls: 2 });
      plugin = await startChatmaidPlugin(form);
      await plugin.configure({ args: { apiKey: secret(KEY), baseUrl: emulator.url, cacheSeconds: "0" } });
    });
    after(async () => {
      await plugin.stop();
      await emulator.close();
    });
    beforeEach(() => emulator.reset());

    it("check normalizes the identifier without a request, and refuses bad inputs on their property", async () => {
      const ok = await plugin.check({}, { identifier: " +1 (555) 123-4567 " });
      assert.deepEqual(ok, { inputs: { identifier: "+15551234567" }, failures: [] });
      const bad = await plugin.check({}, { identifier: "5551234567", waitForConnectedSeconds: 5 });
      assert.deepEqual(
        bad.failures.map((f) => f.property),
        ["identifier", "waitForConnectedSeconds"],
      );
      assert.match(bad.failures[0]!.reason, /no leading \+ and country code/);
      assert.equal(emulator.requests.length, 0);
    });

    it("check enforces requireConnected on every preview: not connected, and not in the account", async () => {
      const disconnected = await plugin.check({}, { identifier: SUPPORT.phoneNumber, requireConnected: true });
      assert.deepEqual(
        disconnected.failures.map((f) => f.property),
        ["requireConnected"],
      );
      assert.match(disconnected.failures[0]!.reason, /\+15552345678 "Support Line".*disconnected/);
      const missing = await plugin.check({}, { identifier: "+15550000000", requireConnected: true });
      assert.deepEqual(
        missing.failures.map((f) => f.property),
        ["identifier"],
      );
    });

    it("check and diff let unknown values (preview) through without a request", async () => {
      const checked = await plugin.check({}, { identifier: UNKNOWN, requireConnected: true });
      assert.deepEqual(checked.failures, []);
      const diff = await plugin.diff(
        PRIMARY.id,
        { identifier: PRIMARY.phoneNumber, phoneId: PRIMARY.id },
        { identifier: UNKNOWN },
      );
      assert.equal(diff.changes, "unknown");
      assert.equal(emulator.requests.length, 0);
    });

    it("during a preview, create and update with an input not known yet read nothing and leave the outputs unknown", async () => {
      const preview = await plugin.create({ identifier: UNKNOWN, requireConnected: true }, { preview: true });
      assert.equal(preview.id, "");
      assert.deepEqual(preview.properties, { identifier: UNKNOWN, requireConnected: true });
      const olds = { identifier: PRIMARY.phoneNumber, phoneId: PRIMARY.id, connectionStatus: "connected" };
      const updated = await plugin.update(PRIMARY.id, olds, { identifier: UNKNOWN }, undefined, { preview: true });
      assert.deepEqual(updated.properties, { identifier: UNKNOWN });
      // requireConnected not known yet: a wait beside it is not refused, and nothing is read.
      const checked = await plugin.check(
        {},
        { identifier: PRIMARY.phoneNumber, requireConnected: UNKNOWN, waitForConnectedSeconds: 30 },
      );
      assert.deepEqual(checked.failures, []);
      assert.equal(emulator.requests.length, 0);
    });

    it("Cancel stops a create that waits for a connection, at once", async () => {
      const cancelled = await startChatmaidPlugin(form);
      try {
        await cancelled.configure({ args: { apiKey: secret(KEY), baseUrl: emulator.url } });
        const started = Date.now();
        const outcome = cancelled
          .create({ identifier: "+15554567890", requireConnected: true, waitForConnectedSeconds: 600 })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        await new Promise((r) => setTimeout(r, 500));
        await cancelled.cancel();
        const error = await outcome;
        assert.match(String(error), /cancelled/);
        assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
      } finally {
        await cancelled.stop();
      }
    });

    it("create reads the number: the resource ID is its internal ID; during a preview the outputs are known, the ID is not", async () => {
      const preview = await plugin.create({ identifier: PRIMARY.phoneNumber }, { preview: true });
      assert.equal(preview.id, "");
      assert.equal(preview.properties.phoneId, PRIMARY.id);
      const created = await plugin.create({ identifier: PRIMARY.phoneNumber, requireConnected: true });
      assert.equal(created.id, PRIMARY.id);
      assert.deepEqual(Object.keys(created.properties).sort(), [
        "connectionStatus",
        "createdAt",
        "displayName",
        "environment",
        "identifier",
        "lastConnectedAt",
        "lastDisconnectedAt",
        "phoneId",
        "phoneNumber",
        "requireConnected",
        "updatedAt",
      ]);
    });

    it("diff: a reconnect alone is no change; a status change is; another number replaces", async () => {
      const inputs = { identifier: PRIMARY.phoneNumber };
      const created = await plugin.create(inputs);
      // Disconnected and connected again: only timestamps moved.
      emulator.setStatus(PRIMARY.id, "disconnected");
      emulator.setStatus(PRIMARY.id, "connected");
      const reconnected = await plugin.diff(created.id, created.properties, inputs);
      assert.equal(reconnected.changes, "none", JSON.stringify(reconnected));
      emulator.setStatus(PRIMARY.id, "disconnected");
      const changed = await plugin.diff(created.id, created.properties, inputs);
      assert.equal(changed.changes, "some");
      assert.deepEqual(changed.diffs, ["connectionStatus"]);
      assert.deepEqual(changed.replaces, []);
      const other = await plugin.diff(created.id, created.properties, { identifier: SUPPORT.phoneNumber });
      assert.deepEqual(other.replaces, ["identifier"]);
    });

    it("update stores the current record, fresh timestamps included", async () => {
      const created = await plugin.create({ identifier: PRIMARY.phoneNumber });
      emulator.setStatus(PRIMARY.id, "disconnected");
      const updated = await plugin.update(created.id, created.properties, { identifier: PRIMARY.phoneNumber });
      assert.equal(updated.properties.connectionStatus, "disconnected");
      assert.notEqual(updated.properties.updatedAt, created.properties.updatedAt);
    });

    it("read refreshes the record with its inputs; a number gone from the account drops out (empty ID)", async () => {
      const created = await plugin.create({ identifier: PRIMARY.phoneNumber, requireConnected: true });
      const read = await plugin.read(created.id, created.properties, {
        identifier: PRIMARY.phoneNumber,
        requireConnected: true,
      });
      assert.equal(read.id, PRIMARY.id);
      assert.deepEqual(read.inputs, { identifier: PRIMARY.phoneNumber, requireConnected: true });
      emulator.setNumbers(
        "test",
        emulator.getNumbers("test").filter((n) => n.id !== PRIMARY.id),
      );
      const gone = await plugin.read(created.id, created.properties);
      assert.equal(gone.id, "");
    });

    it("delete forgets the number without calling the API", async () => {
      const created = await plugin.create({ identifier: PRIMARY.phoneNumber });
      emulator.clearRequests();
      await plugin.delete(created.id, created.properties);
      assert.equal(emulator.requests.length, 0);
    });

    it("a wait during create reports to the engine for the resource's URN", async () => {
      const created = await plugin.create({
        identifier: "+15553456789",
        requireConnected: true,
        waitForConnectedSeconds: 30,
      });
      assert.equal(created.properties.connectionStatus, "connected");
      for (let i = 0; i < 50 && !plugin.engineLogs.some((l) => /-> connected/.test(l.message)); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const lines = plugin.engineLogs.filter((l) => /\+15553456789/.test(l.message));
      assert.ok(lines.length >= 2, JSON.stringify(plugin.engineLogs));
      assert.ok(lines.every((l) => l.urn === plugin.urn));
    });

    it("no key in any response, log line, stdout or stderr", () => {
      const everything = JSON.stringify(plugin.engineLogs) + plugin.stdout + plugin.stderr;
      assert.ok(!everything.includes("sk_test_emulator"), everything.slice(0, 500));
    });
  });
}
