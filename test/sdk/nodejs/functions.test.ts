import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { DEADLINE_GRACE_MS, resetSharedState } from "../../../provider";
import {
  getPhoneNumber,
  getPhoneNumberOutput,
  getPhoneNumbers,
  getPhoneNumbersOutput,
  getPhoneNumberStatus,
  getPhoneNumberStatusOutput,
  NotConnectedError,
  NotFoundError,
} from "../../../sdk/nodejs";
import { captureLogs, NO_CHATMAID_ENV, settle, useMocks, withEnv } from "../../support/pulumiMocks";

const PRIMARY = { id: "507f1f77bcf86cd799439011", phoneNumber: "+15551234567", displayName: "Primary Sender" };
const SUPPORT = { id: "65c1a2b3c4d5e6f708192a3b", phoneNumber: "+15552345678", displayName: "Support Line" };
const CONNECTING = { id: "65c1a2b3c4d5e6f708192a3c", phoneNumber: "+15553456789" };
const QR = { phoneNumber: "+15554567890" };

/** A plain custom resource for the mocks (the SDK's typings mark CustomResource abstract). */
class TestResource extends pulumi.CustomResource {
  constructor(type: string, name: string, props: pulumi.Inputs) {
    super(type, name, props);
  }
}

describe("Pulumi functions under mocks, against the emulator", () => {
  let emulator: RunningEmulator;
  let restoreEnv: Record<string, string | undefined>;
  before(async () => {
    emulator = await startEmulator();
    restoreEnv = Object.fromEntries(Object.keys(NO_CHATMAID_ENV).map((k) => [k, process.env[k]]));
    for (const k of Object.keys(NO_CHATMAID_ENV)) delete process.env[k];
  });
  after(async () => {
    await emulator.close();
    for (const [k, v] of Object.entries(restoreEnv)) if (v !== undefined) process.env[k] = v;
  });
  beforeEach(async () => {
    resetSharedState();
    await emulator.close().catch(() => undefined);
    emulator = await startEmulator();
    useMocks({
      config: { "chatmaid:apiKey": "sk_test_emulator", "chatmaid:baseUrl": emulator.url },
      secretKeys: ["chatmaid:apiKey"],
    });
  });

  describe("getPhoneNumbers", () => {
    it("lists every number with every field, the ids and the environment", async () => {
      const result = await getPhoneNumbers();
      assert.equal(result.environment, "test");
      assert.equal(result.phoneNumbers.length, emulator.getNumbers("test").length);
      assert.deepEqual(
        result.ids,
        result.phoneNumbers.map((n) => n.id),
      );
      const primary = result.phoneNumbers.find((n) => n.id === PRIMARY.id)!;
      assert.deepEqual(Object.keys(primary).sort(), [
        "connectionStatus",
        "createdAt",
        "displayName",
        "id",
        "lastConnectedAt",
        "lastDisconnectedAt",
        "phoneNumber",
        "updatedAt",
      ]);
      assert.equal(primary.displayName, PRIMARY.displayName);
    });

    it("filters by one status, several statuses, and display name", async () => {
      const connected = await getPhoneNumbers({ connectionStatus: "connected" });
      assert.ok(
        connected.phoneNumbers.length >= 2 && connected.phoneNumbers.every((n) => n.connectionStatus === "connected"),
      );
      const several = await getPhoneNumbers({ connectionStatus: ["disconnected", "qr_pending"] });
      assert.deepEqual(several.phoneNumbers.map((n) => n.connectionStatus).sort(), ["disconnected", "qr_pending"]);
      const named = await getPhoneNumbers({ displayName: "Support Line" });
      assert.deepEqual(named.ids, [SUPPORT.id]);
      assert.equal(
        emulator.requests.filter((r) => r.path === "/v1/phone-numbers").length,
        1,
        "one list request serves all three calls",
      );
    });

    it("fails naming every required number missing from the account", async () => {
      await assert.rejects(
        getPhoneNumbers({ required: [PRIMARY.phoneNumber, "+15550000001", "0123456789abcdef01234567"] }),
        (e: unknown) => {
          assert.ok(e instanceof NotFoundError);
          assert.match(e.message, /2 required Chatmaid phone numbers are not in the account/);
          assert.match(e.message, /\+15550000001/);
          assert.match(e.message, /0123456789abcdef01234567/);
          assert.doesNotMatch(e.message, /\+15551234567/);
          return true;
        },
      );
    });

    it("requireConnected names every failing required number with name, status and last times", async () => {
      await assert.rejects(
        getPhoneNumbers({
          required: [PRIMARY.phoneNumber, SUPPORT.phoneNumber, QR.phoneNumber],
          requireConnected: true,
        }),
        (e: unknown) => {
          assert.ok(e instanceof NotConnectedError);
          assert.equal(e.failures.length, 2);
          assert.match(e.message, /2 Chatmaid phone numbers that must be connected are not connected:/);
          assert.match(
            e.message,
            /\+15552345678 "Support Line" \[id 65c1a2b3c4d5e6f708192a3b\]: disconnected, last connected \d{4}-.*last disconnected \d{4}-/,
          );
          assert.match(e.message, /\+15554567890 "Marketing" .*: qr_pending/);
          assert.doesNotMatch(e.message, /Primary Sender/);
          return true;
        },
      );
      // Only the numbers that must be connected had their status read.
      const statusPaths = emulator.requests.filter((r) => r.path.endsWith("/status")).map((r) => r.path);
      assert.equal(statusPaths.length, 3);
    });

    it("requireConnected without required checks every returned number", async () => {
      const ok = await getPhoneNumbers({ connectionStatus: "connected", requireConnected: true });
      assert.ok(ok.ids.length >= 2);
      await assert.rejects(
        getPhoneNumbers({ requireConnected: true }),
        (e: unknown) => e instanceof NotConnectedError && e.failures.length === 4,
      );
    });

    it("waits for a connecting number, logging progress", async () => {
      const logs = captureLogs();
      try {
        const result = await getPhoneNumbers({
          required: [CONNECTING.phoneNumber],
          requireConnected: true,
          waitForConnectedSeconds: 20,
        });
        assert.equal(
          result.phoneNumbers.find((n) => n.id === CONNECTING.id)!.connectionStatus,
          "connected",
          "the fresh status is returned",
        );
      } finally {
        logs.restore();
      }
      // A wait of a few seconds is a normal run: its lines are there, at debug level only.
      const debug = logs.lines.filter(([level]) => level === "debug").map(([, m]) => m);
      assert.ok(
        debug.some((m) => /Waiting up to 20 s for 1 Chatmaid number/.test(m)),
        debug.join("\n"),
      );
      assert.ok(
        debug.some((m) => /\+15553456789 \(Onboarding Bot\): connecting -> connected/.test(m)),
        debug.join("\n"),
      );
      assert.deepEqual(
        logs.lines.filter(([level]) => level !== "debug"),
        [],
        "nothing above debug",
      );
      assert.ok(emulator.requests.filter((r) => r.path === `/v1/phone-numbers/${CONNECTING.id}/status`).length >= 3);
    });

    it("gives up when the wait runs out, saying how long it waited", async () => {
      await assert.rejects(
        getPhoneNumbers({ required: [SUPPORT.id], requireConnected: true, waitForConnectedSeconds: 1 }),
        /after waiting 1 s/,
      );
    });
  });

  /** Each function waiting 2 s for CONNECTING to connect. */
  const WAITS_OF_TWO_SECONDS = [
    [
      "getPhoneNumber",
      () => getPhoneNumber({ id: CONNECTING.phoneNumber, requireConnected: true, waitForConnectedSeconds: 2 }),
    ],
    [
      "getPhoneNumberStatus",
      () => getPhoneNumberStatus({ id: CONNECTING.id, requireConnected: true, waitForConnectedSeconds: 2 }),
    ],
    [
      "getPhoneNumbers",
      () => getPhoneNumbers({ required: [CONNECTING.id], requireConnected: true, waitForConnectedSeconds: 2 }),
    ],
  ] as const;

  describe("a hard deadline when /status hangs", () => {
    // Wait 2 s; the poll in flight at the deadline is abandoned after the grace (2 s).
    const BOUND_MS = 2000 + DEADLINE_GRACE_MS + 1500;
    for (const [name, call] of WAITS_OF_TWO_SECONDS) {
      it(`${name} gives up within the wait plus the grace, naming the number`, async function () {
        this.timeout(15_000);
        emulator.injectFault({ kind: "hang", path: "/status", times: 100 });
        const started = Date.now();
        await assert.rejects(call(), (e: unknown) => {
          assert.ok(e instanceof NotConnectedError, String(e));
          assert.match(e.message, /\+15553456789 "Onboarding Bot"/);
          assert.match(
            e.message,
            /connecting when last read \(its status request did not answer before the deadline\)/,
          );
          assert.match(e.message, /after waiting 2 s/);
          assert.equal(e.failures[0]!.stale, true);
          return true;
        });
        const took = Date.now() - started;
        assert.ok(took >= 2000 && took < BOUND_MS, `took ${took} ms`);
      });
    }
  });

  it("a number the list says is connected does not pass when its /status never answers", async function () {
    this.timeout(15_000);
    emulator.injectFault({ kind: "hang", path: "/status", times: 100 });
    await assert.rejects(
      getPhoneNumber({ id: PRIMARY.phoneNumber, requireConnected: true, waitForConnectedSeconds: 1 }),
      (e: unknown) => {
        assert.ok(e instanceof NotConnectedError, String(e));
        assert.match(
          e.message,
          /\+15551234567 "Primary Sender" .*: connected when last read \(its status request did not answer/,
        );
        return true;
      },
    );
  });

  describe("a hard deadline when the list hangs too (finding the number counts against the wait)", () => {
    const BOUND_MS = 2000 + DEADLINE_GRACE_MS + 1500;
    for (const [name, call] of WAITS_OF_TWO_SECONDS) {
      it(`${name} gives up within the wait plus the grace, naming the number`, async function () {
        this.timeout(15_000);
        emulator.injectFault({ kind: "hang", times: 100 });
        const started = Date.now();
        await assert.rejects(call(), (e: unknown) => {
          assert.equal((e as Error).name, "TimeoutError", String(e));
          assert.match(
            (e as Error).message,
            /^Gave up on .*(\+15553456789|65c1a2b3c4d5e6f708192a3c) after waiting 2 s: Chatmaid did not answer before the deadline/,
          );
          return true;
        });
        const took = Date.now() - started;
        assert.ok(took >= 2000 && took < BOUND_MS, `took ${took} ms`);
      });
    }
  });

  describe("getPhoneNumber", () => {
    it("reads by E.164 (formatted) and by internal ID", async () => {
      const byNumber = await getPhoneNumber({ id: "+1 (555) 123-4567" });
      const byId = await getPhoneNumber({ id: PRIMARY.id });
      assert.deepEqual(byNumber, byId);
      assert.equal(byId.id, PRIMARY.id);
      assert.equal(byId.environment, "test");
    });

    it("fails with a not-found error naming an unknown number", async () => {
      await assert.rejects(
        getPhoneNumber({ id: "+15550009999" }),
        (e: unknown) => e instanceof NotFoundError && /\+15550009999/.test(e.message),
      );
    });

    it("requireConnected fails for a disconnected number, using its fresh status", async () => {
      await getPhoneNumber({ id: PRIMARY.id }); // the list is now cached as connected
      emulator.setStatus(PRIMARY.id, "disconnected");
      await assert.rejects(getPhoneNumber({ id: PRIMARY.id, requireConnected: true }), (e: unknown) => {
        assert.ok(e instanceof NotConnectedError);
        assert.match(e.message, /\+15551234567 "Primary Sender" .*: disconnected, last connected .*last disconnected/);
        return true;
      });
    });
  });

  describe("getPhoneNumberStatus", () => {
    it("returns the /status endpoint's state", async () => {
      const status = await getPhoneNumberStatus({ id: SUPPORT.phoneNumber });
      assert.deepEqual(
        {
          id: status.id,
          phoneNumber: status.phoneNumber,
          connectionStatus: status.connectionStatus,
          environment: status.environment,
        },
        { id: SUPPORT.id, phoneNumber: SUPPORT.phoneNumber, connectionStatus: "disconnected", environment: "test" },
      );
      assert.ok(emulator.requests.some((r) => r.path === "/v1/phone-numbers/%2B15552345678/status"));
    });

    it("requireConnected names the number with its display name", async () => {
      await assert.rejects(getPhoneNumberStatus({ id: SUPPORT.id, requireConnected: true }), /"Support Line"/);
    });
  });

  describe("Output twins", () => {
    it("take Inputs and return the same data as the Promise forms", async () => {
      const { value, isKnown, isSecret } = await settle(
        getPhoneNumberOutput({ id: pulumi.output(PRIMARY.phoneNumber) }),
      );
      assert.ok(isKnown);
      assert.ok(!isSecret);
      assert.deepEqual(value, await getPhoneNumber({ id: PRIMARY.phoneNumber }));
      const list = await settle(getPhoneNumbersOutput({ connectionStatus: [pulumi.output("connected")] }));
      assert.deepEqual(list.value, await getPhoneNumbers({ connectionStatus: ["connected"] }));
      const status = await settle(getPhoneNumberStatusOutput({ id: Promise.resolve(SUPPORT.id) }));
      assert.equal(status.value!.connectionStatus, "disconnected");
    });

    it("make the result secret when an input is secret", async () => {
      const result = await settle(getPhoneNumberOutput({ id: pulumi.secret(PRIMARY.id) }));
      assert.ok(result.isSecret);
      assert.equal(result.value!.id, PRIMARY.id);
      const keyed = await settle(getPhoneNumbersOutput({ apiKey: pulumi.secret("sk_test_emulator") }));
      assert.ok(keyed.isSecret);
    });

    it("give an unknown result without calling the API when an input is unknown in preview", async () => {
      useMocks({ preview: true, config: { "chatmaid:apiKey": "sk_test_emulator", "chatmaid:baseUrl": emulator.url } });
      const later = new TestResource("test:index:Later", "later", { value: undefined });
      const unknownId = (later as unknown as { value: pulumi.Output<string> }).value;
      const result = await settle(getPhoneNumberOutput({ id: unknownId }));
      assert.equal(result.isKnown, false);
      assert.equal(emulator.requests.length, 0);
    });

    it("honour dependsOn: the API is called only after the dependency is registered", async () => {
      let registeredAt = 0;
      useMocks({
        config: { "chatmaid:apiKey": "sk_test_emulator", "chatmaid:baseUrl": emulator.url },
        newResource: async (args) => {
          await new Promise((r) => setTimeout(r, 300));
          registeredAt = Date.now();
          return { id: `${args.name}-id`, state: args.inputs };
        },
      });
      const dep = new TestResource("test:index:Slow", "slow", {});
      const result = await settle(getPhoneNumberOutput({ id: PRIMARY.id }, { dependsOn: [dep] }));
      assert.equal(result.value!.id, PRIMARY.id);
      assert.ok(registeredAt > 0);
      assert.ok(Date.parse(String(emulator.requests[0]!.at)) >= registeredAt, "the read came after the dependency");
      // In a preview, a dependency whose ID is unknown makes the result unknown, with no call.
      emulator.clearRequests();
      useMocks({
        preview: true,
        config: { "chatmaid:apiKey": "sk_test_emulator", "chatmaid:baseUrl": emulator.url },
        newResource: (args) => ({ id: undefined, state: args.inputs }),
      });
      const pending = new TestResource("test:index:Pending", "pending", {});
      const unknown = await settle(getPhoneNumberOutput({ id: PRIMARY.id }, { dependsOn: pending }));
      assert.equal(unknown.isKnown, false);
      assert.equal(emulator.requests.length, 0);
    });
  });

  describe("failure messages", () => {
    it("403 names both scope spellings", async () => {
      await assert.rejects(
        getPhoneNumbers({ apiKey: "sk_test_emulator_noscope" }),
        /phone_numbers:read.*phone-numbers:read/,
      );
    });

    it("401 names where the key came from", async () => {
      useMocks({
        config: { "chatmaid:apiKey": "sk_test_wrong", "chatmaid:baseUrl": emulator.url },
        secretKeys: ["chatmaid:apiKey"],
      });
      await assert.rejects(
        getPhoneNumbers(),
        (e: unknown) =>
          e instanceof Error && /stack config chatmaid:apiKey/.test(e.message) && !e.message.includes("sk_test_wrong"),
      );
    });

    it("an invalid identifier is refused before any request", async () => {
      await assert.rejects(getPhoneNumber({ id: "nope" }), /not valid/);
      await assert.rejects(getPhoneNumbers({ required: ["../x"] }), /not valid/);
      assert.equal(emulator.requests.length, 0);
    });
  });

  describe("configuration", () => {
    it("prefers the explicit apiKey over stack config over the environment", async () => {
      await withEnv({ CHATMAID_API_KEY: "sk_live_emulator", CHATMAID_BASE_URL: emulator.url }, async () => {
        useMocks({ config: { "chatmaid:apiKey": "sk_test_emulator" } });
        assert.equal((await getPhoneNumbers()).environment, "test", "config beats env");
        assert.equal(
          (await getPhoneNumbers({ apiKey: "sk_live_emulator" })).environment,
          "live",
          "explicit beats config",
        );
        useMocks({ config: {} });
        assert.equal((await getPhoneNumbers()).environment, "live", "env when nothing else");
      });
    });

    it("prefers the explicit baseUrl over stack config over the environment", async () => {
      const other = await startEmulator();
      try {
        await withEnv({ CHATMAID_BASE_URL: "http://127.0.0.1:1" }, async () => {
          useMocks({ config: { "chatmaid:apiKey": "sk_test_emulator", "chatmaid:baseUrl": emulator.url } });
          await getPhoneNumbers();
          await getPhoneNumbers({ baseUrl: `${other.url}/v1` });
          assert.equal(emulator.requests.length, 1);
          assert.equal(other.requests.length, 1);
        });
      } finally {
        await other.close();
      }
    });

    it("with no key anywhere, names all three ways to set one", async () => {
      useMocks({ config: {} });
      await assert.rejects(getPhoneNumbers(), (e: unknown) => {
        assert.match((e as Error).message, /apiKey argument/);
        assert.match((e as Error).message, /pulumi config set --secret chatmaid:apiKey/);
        assert.match((e as Error).message, /CHATMAID_API_KEY/);
        return true;
      });
    });

    it("reads the secret key without a warning and never exposes it", async () => {
      const logs = captureLogs();
      try {
        const result = await settle(getPhoneNumbersOutput());
        assert.ok(result.isKnown);
        assert.ok(!JSON.stringify(result.value).includes("sk_test_emulator"));
      } finally {
        logs.restore();
      }
      assert.deepEqual(
        logs.lines.filter(([level]) => level === "warn"),
        [],
      );
      assert.ok(
        (pulumi.runtime as unknown as { isConfigSecret(k: string): boolean }).isConfigSecret("chatmaid:apiKey"),
        "the key is still a secret in config",
      );
    });

    it("chatmaid:environment refuses a key of the other environment", async () => {
      useMocks({
        config: {
          "chatmaid:apiKey": "sk_test_emulator",
          "chatmaid:baseUrl": emulator.url,
          "chatmaid:environment": "live",
        },
      });
      await assert.rejects(
        getPhoneNumbers(),
        /is a test key \(sk_test_\.\.\.\) but stack config chatmaid:environment is "live"/,
      );
      assert.equal(emulator.requests.length, 0);
      useMocks({
        config: {
          "chatmaid:apiKey": "sk_live_emulator",
          "chatmaid:baseUrl": emulator.url,
          "chatmaid:environment": "live",
        },
      });
      assert.equal((await getPhoneNumbers()).environment, "live");
    });
  });
});
