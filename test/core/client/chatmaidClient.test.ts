import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { InvalidInputError, NotFoundError, resetSharedState, type ChatmaidClient } from "../../../provider";
import { USER_AGENT } from "../../../core/client/version";
import { ScriptedServer, sampleRecord } from "../../support/scriptedServer";
import { id, testClient } from "../../support/clients";

const KEY = "sk_test_emulator";

describe("ChatmaidClient against the emulator", () => {
  let emulator: RunningEmulator;
  let client: ChatmaidClient;
  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());
  beforeEach(() => {
    resetSharedState();
    emulator.clearRequests();
    client = testClient({ apiKey: KEY, baseUrl: emulator.url });
  });

  it("lists the account's numbers with typed fields", async () => {
    const numbers = await client.listPhoneNumbers();
    assert.ok(numbers.length >= 6);
    const primary = numbers.find((n) => n.id === "507f1f77bcf86cd799439011");
    assert.deepEqual(
      primary && {
        phoneNumber: primary.phoneNumber,
        displayName: primary.displayName,
        connectionStatus: primary.connectionStatus,
      },
      {
        phoneNumber: "+15551234567",
        displayName: "Primary Sender",
        connectionStatus: "connected",
      },
    );
    assert.ok(
      numbers.some((n) => n.displayName === null),
      "a null display name is kept",
    );
    assert.ok(
      numbers.some((n) => n.connectionStatus === "qr_pending"),
      "qr_pending is kept",
    );
    assert.equal((primary as unknown as Record<string, unknown>).environment, undefined, "unknown fields are dropped");
  });

  it("gets one number by internal ID and by E.164, encoding the plus", async () => {
    const byId = await client.getPhoneNumber(id("507f1f77bcf86cd799439011"));
    const byNumber = await client.getPhoneNumber(id("+1 (555) 123-4567"));
    assert.deepEqual(byNumber, byId);
    assert.deepEqual(
      emulator.requests.map((r) => r.path),
      ["/v1/phone-numbers/507f1f77bcf86cd799439011", "/v1/phone-numbers/%2B15551234567"],
    );
  });

  it("reads the status endpoint by internal ID and by E.164", async () => {
    const byId = await client.getPhoneNumberStatus(id("507f1f77bcf86cd799439011"));
    assert.equal(byId.connectionStatus, "connected");
    assert.equal(byId.phoneNumber, "+15551234567");
    resetSharedState();
    const byNumber = await testClient({ apiKey: KEY, baseUrl: emulator.url }).getPhoneNumberStatus(id("+15551234567"));
    assert.equal(byNumber.id, "507f1f77bcf86cd799439011");
    assert.deepEqual(
      emulator.requests.map((r) => r.path),
      ["/v1/phone-numbers/507f1f77bcf86cd799439011/status", "/v1/phone-numbers/%2B15551234567/status"],
    );
  });

  it("accepts a base URL ending in /v1 or /", async () => {
    for (const baseUrl of [`${emulator.url}/v1`, `${emulator.url}/v1/`, `${emulator.url}/`]) {
      resetSharedState();
      const numbers = await testClient({ apiKey: KEY, baseUrl }).listPhoneNumbers();
      assert.ok(numbers.length > 0, baseUrl);
    }
    assert.ok(emulator.requests.every((r) => r.path === "/v1/phone-numbers"));
  });

  it("exposes the environment from the key prefix, and live keys see live numbers", async () => {
    const live = testClient({ apiKey: "sk_live_emulator", baseUrl: emulator.url });
    assert.equal(client.environment, "test");
    assert.equal(live.environment, "live");
    const liveIds = (await live.listPhoneNumbers()).map((n) => n.id);
    const testIds = (await client.listPhoneNumbers()).map((n) => n.id);
    assert.ok(liveIds.length > 0 && liveIds.every((id) => !testIds.includes(id)));
  });

  it("accepts the legacy scope spelling", async () => {
    const legacy = testClient({ apiKey: "sk_test_emulator_legacy", baseUrl: emulator.url });
    assert.ok((await legacy.listPhoneNumbers()).length > 0);
  });

  it("names the identifier on 404", async () => {
    await assert.rejects(client.getPhoneNumber(id("+15550000000")), (e: unknown) => {
      assert.ok(e instanceof NotFoundError);
      assert.equal(e.status, 404);
      assert.equal(e.identifier, "+15550000000");
      assert.match(e.message, /\+15550000000/);
      assert.match(e.message, /request id req_/);
      assert.ok(e.requestId);
      return true;
    });
  });

  it("sends no request for a refused identifier or key: both are refused while parsing, before any client call", async () => {
    assert.throws(() => id("../../admin"), InvalidInputError);
    assert.throws(() => id("+1555?x=1"), InvalidInputError);
    assert.throws(() => testClient({ apiKey: "pk_nope_123", baseUrl: emulator.url }), InvalidInputError);
    assert.equal(emulator.requests.length, 0);
  });

  it("waits out the emulator's 429 using its Retry-After", async () => {
    emulator.setRateLimit(2, 1000);
    try {
      const t0 = Date.now();
      // Concurrency 1 so the third request is the one limited, not shared in flight.
      const slow = testClient({ apiKey: KEY, baseUrl: emulator.url, maxConcurrency: 1 });
      await slow.getPhoneNumber(id("507f1f77bcf86cd799439011"));
      await slow.getPhoneNumberStatus(id("507f1f77bcf86cd799439011"));
      await slow.listPhoneNumbers();
      assert.ok(Date.now() - t0 >= 900, "waited for the window");
      assert.deepEqual(
        emulator.requests.map((r) => r.status),
        [200, 200, 429, 200],
      );
    } finally {
      emulator.setRateLimit(100, 60_000);
    }
  });
});

describe("ChatmaidClient request headers", () => {
  it("sends the bearer key, a User-Agent naming the package and Accept: application/json", async () => {
    resetSharedState();
    const server = await ScriptedServer.start({ status: 200, body: { success: true, data: [sampleRecord()] } });
    try {
      await testClient({ apiKey: "sk_test_headers", baseUrl: server.url }).listPhoneNumbers();
      const headers = server.requests[0]!.headers;
      assert.equal(headers.authorization, "Bearer sk_test_headers");
      assert.equal(headers.accept, "application/json");
      assert.equal(headers["user-agent"], USER_AGENT);
      assert.match(USER_AGENT, /^@chatmaid\/pulumi\/\d+\.\d+\.\d+/);
    } finally {
      await server.close();
    }
  });

  it("keeps the version in step with package.json", () => {
    assert.equal(require("../../../package.json").version, require("../../../provider").PACKAGE_VERSION);
  });
});
