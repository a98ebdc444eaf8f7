import assert from "node:assert/strict";
import { ChatmaidClient, resetSharedState, ResponseValidationError } from "../../../provider";
import { ScriptedServer, sampleRecord } from "../../support/scriptedServer";
import { id, testClient } from "../../support/clients";

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
    client = testClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
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

  // Bad records: a list leaves them out (with one warning each) and keeps the others;
  // GET /:id, which answers for one number, refuses them.
  const badRecords: Array<[string, Record<string, unknown>, string]> = [
    ["a record without id", sampleRecord({ id: undefined }), "id"],
    ["a record without phoneNumber", sampleRecord({ phoneNumber: undefined }), "phoneNumber"],
    ["a record without connectionStatus", sampleRecord({ connectionStatus: undefined }), "connectionStatus"],
    ["a numeric status", sampleRecord({ connectionStatus: 3 }), "connectionStatus"],
  ];
  for (const [name, bad, field] of badRecords) {
    it(`leaves ${name} out of a list, with one warning naming it, and keeps the others`, async () => {
      const good = sampleRecord({ id: "65c1a2b3c4d5e6f708192a3b", phoneNumber: "+15552345678" });
      server.respond({
        status: 200,
        body: { success: true, data: [good, bad] },
        headers: { "x-request-id": "req_bad" },
      });
      const warnings: string[] = [];
      const listing = testClient({
        apiKey: KEY,
        baseUrl: server.url,
        maxRetries: 0,
        onWarning: (m) => warnings.push(m),
      });
      const records = await listing.listPhoneNumbers();
      assert.deepEqual(
        records.map((r) => r.id),
        ["65c1a2b3c4d5e6f708192a3b"],
      );
      assert.equal(warnings.length, 1, warnings.join("\n"));
      assert.match(warnings[0]!, new RegExp(`left out data\\[1\\].*${field}`));
    });

    it(`refuses ${name} from GET /:id`, async () => {
      server.respond({ status: 200, body: { success: true, data: bad }, headers: { "x-request-id": "req_bad" } });
      await assert.rejects(client.getPhoneNumber(id("507f1f77bcf86cd799439011")), (e: unknown) => {
        assert.ok(e instanceof ResponseValidationError, String(e));
        assert.equal(e.fieldPath, `data.${field}`);
        assert.match(e.message, /request id req_bad/);
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
      client.getPhoneNumberStatus(id("+15551234567")),
      (e: unknown) => e instanceof ResponseValidationError && e.fieldPath === "data.connectionStatus",
    );
  });
});
