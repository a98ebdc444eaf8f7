import assert from "node:assert/strict";
import { ChatmaidClient, resetSharedState, ResponseValidationError } from "../../provider";
import { ScriptedServer, sampleRecord } from "../support/scriptedServer";

const KEY = "sk_test_validation";

describe("response validation", () => {
  let server: ScriptedServer;
  let client: ChatmaidClient;
  before(async () => {
    server = await ScriptedServer.start();
  });
  after(() => server.close());
  beforeEach(() => {
    resetSharedState();
    client = new ChatmaidClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
  });

  const cases: Array<[string, string | object, string, RegExp]> = [
    ["truncated JSON", '{"success":true,"data":[{"id":"507f', "", /not valid JSON/],
    ["success: false with 200", { success: false, data: [] }, "success", /"success" is false, not true/],
    ["no success field", { data: [sampleRecord()] }, "success", /"success" is missing/],
    [
      "success holding an echoed key",
      { success: "sk_test_validation", data: [] },
      "success",
      /"success" is a string, not true/,
    ],
    ["success holding an object", { success: { ok: 1 }, data: [] }, "success", /"success" is an object, not true/],
    ["data missing", { success: true }, "data", /data/],
    ["data of the wrong type", { success: true, data: "nope" }, "data", /data/],
    [
      "a record without id",
      { success: true, data: [sampleRecord(), sampleRecord({ id: undefined })] },
      "data[1].id",
      /data\[1\]\.id/,
    ],
    [
      "a record without phoneNumber",
      { success: true, data: [sampleRecord({ phoneNumber: undefined })] },
      "data[0].phoneNumber",
      /data\[0\]\.phoneNumber/,
    ],
    [
      "a record without connectionStatus",
      { success: true, data: [sampleRecord({ connectionStatus: undefined })] },
      "data[0].connectionStatus",
      /data\[0\]\.connectionStatus/,
    ],
    [
      "a numeric status",
      { success: true, data: [sampleRecord({ connectionStatus: 3 })] },
      "data[0].connectionStatus",
      /connectionStatus/,
    ],
  ];
  for (const [name, body, fieldPath, message] of cases) {
    it(`refuses ${name}`, async () => {
      server.respond({ status: 200, body, headers: { "x-request-id": "req_bad" } });
      await assert.rejects(client.listPhoneNumbers(), (e: unknown) => {
        assert.ok(e instanceof ResponseValidationError, String(e));
        assert.equal(e.status === undefined || e.status === 200, true);
        if (fieldPath) assert.equal(e.fieldPath, fieldPath);
        assert.match(e.message, message);
        assert.match(e.message, /request id req_bad/);
        assert.ok(!e.message.includes(KEY), "the key is never repeated");
        return true;
      });
    });
  }

  it("keeps unknown statuses, nullable fields, and ignores unknown fields", async () => {
    server.respond({
      status: 200,
      body: {
        success: true,
        data: [
          sampleRecord({
            connectionStatus: "paused_by_meta",
            displayName: null,
            lastConnectedAt: null,
            environment: "test",
            brandNew: { x: 1 },
          }),
          sampleRecord({
            id: "507f1f77bcf86cd799439012",
            connectionStatus: "error",
            displayName: undefined,
            createdAt: undefined,
          }),
        ],
      },
    });
    const [a, b] = await client.listPhoneNumbers();
    assert.equal(a!.connectionStatus, "paused_by_meta");
    assert.equal(a!.displayName, null);
    assert.equal(a!.lastConnectedAt, null);
    assert.ok(!("brandNew" in a!) && !("environment" in a!));
    assert.equal(b!.connectionStatus, "error");
    assert.equal(b!.displayName, null, "a missing display name reads as null");
    assert.equal(b!.createdAt, null);
  });

  it("validates the status endpoint's shape", async () => {
    server.respond({
      status: 200,
      body: { success: true, data: { id: "507f1f77bcf86cd799439011", phoneNumber: "+15551234567" } },
    });
    await assert.rejects(
      client.getPhoneNumberStatus("+15551234567"),
      (e: unknown) => e instanceof ResponseValidationError && e.fieldPath === "data.connectionStatus",
    );
  });
});
