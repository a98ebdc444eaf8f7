import assert from "node:assert/strict";
import { SAMPLE_LIVE_NUMBERS, SAMPLE_TEST_NUMBERS } from "../../emulator";
import { expectEnvelope, get, useEmulator } from "./helpers";

const PRIMARY = SAMPLE_TEST_NUMBERS[0]!;

describe("emulator: read endpoints", () => {
  const emulator = useEmulator();

  it("lists the test account's numbers with the documented fields", async () => {
    const res = await get(emulator(), "/v1/phone-numbers");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    assert.match(res.headers.get("x-request-id") ?? "", /^req_[0-9a-f]{16}$/);
    const body = (await res.json()) as { success: boolean; data: Array<Record<string, unknown>> };
    assert.equal(body.success, true);
    assert.deepEqual(body.data, SAMPLE_TEST_NUMBERS);
    for (const n of body.data) {
      assert.deepEqual(Object.keys(n).sort(), [
        "connectionStatus",
        "createdAt",
        "displayName",
        "environment",
        "id",
        "lastConnectedAt",
        "lastDisconnectedAt",
        "phoneNumber",
        "updatedAt",
      ]);
      assert.match(n.id as string, /^[0-9a-f]{24}$/);
      assert.match(n.phoneNumber as string, /^\+1555\d{7}$/);
      assert.equal(n.environment, "test");
    }
  });

  it("has sample data covering every status, a null displayName and the seed example", () => {
    const statuses = new Set(SAMPLE_TEST_NUMBERS.map((n) => n.connectionStatus));
    for (const s of ["connected", "disconnected", "connecting", "qr_pending", "error"]) assert.ok(statuses.has(s), s);
    assert.ok(SAMPLE_TEST_NUMBERS.some((n) => n.displayName === null));
    assert.equal(PRIMARY.id, "507f1f77bcf86cd799439011");
    assert.equal(PRIMARY.phoneNumber, "+15551234567");
    assert.equal(PRIMARY.displayName, "Primary Sender");
    assert.equal(SAMPLE_LIVE_NUMBERS.length, 2);
  });

  for (const [label, segment] of [
    ["id", PRIMARY.id],
    ["%2B E.164", "%2B15551234567"],
    ["literal + E.164", "+15551234567"],
    ["upper-case id", PRIMARY.id.toUpperCase()],
  ] as const) {
    it(`gets one number by ${label}`, async () => {
      const res = await get(emulator(), `/v1/phone-numbers/${segment}`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { success: true, data: PRIMARY });
    });

    it(`gets the status by ${label}`, async () => {
      const res = await get(emulator(), `/v1/phone-numbers/${segment}/status`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), {
        success: true,
        data: {
          id: PRIMARY.id,
          phoneNumber: PRIMARY.phoneNumber,
          connectionStatus: "connected",
          lastConnectedAt: PRIMARY.lastConnectedAt,
          lastDisconnectedAt: null,
          updatedAt: PRIMARY.updatedAt,
        },
      });
    });
  }

  it("ignores a query string and a trailing slash", async () => {
    const res = await get(emulator(), "/v1/phone-numbers/?page=2");
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { data: unknown[] }).data.length, SAMPLE_TEST_NUMBERS.length);
  });

  it("answers the 404 envelope for an unknown id, with the path as sent", async () => {
    const res = await get(emulator(), "/v1/phone-numbers/%2B15550000000");
    const body = await expectEnvelope(res, 404, "/v1/phone-numbers/%2B15550000000");
    assert.equal(body.error, "Not Found");
    assert.equal(body.message, "Phone number not found");
    assert.deepEqual(Object.keys(body).sort(), ["error", "message", "path", "statusCode", "success", "timestamp"]);
  });

  it("answers 400, not a crash, for invalid percent-encoding", async () => {
    for (const bad of ["%E0%A4%A", "%ZZ", "%"]) {
      const body = await expectEnvelope(
        await get(emulator(), `/v1/phone-numbers/${bad}/status`),
        400,
        `/v1/phone-numbers/${bad}/status`,
      );
      assert.equal(body.error, "Bad Request");
    }
    assert.equal((await get(emulator(), "/v1/phone-numbers")).status, 200);
  });

  it("answers 405 with Allow for other methods on API paths", async () => {
    for (const method of ["POST", "DELETE", "PUT", "PATCH"]) {
      const res = await get(emulator(), `/v1/phone-numbers/${PRIMARY.id}`, "sk_test_emulator", { method });
      assert.equal(res.headers.get("allow"), "GET");
      const body = await expectEnvelope(res, 405, `/v1/phone-numbers/${PRIMARY.id}`);
      assert.equal(body.error, "Method Not Allowed");
    }
  });

  it("answers 404 for unknown paths", async () => {
    for (const path of [
      "/",
      "/v1",
      "/v2/phone-numbers",
      "/v1/phone-numbers/a/b/c",
      "/v1/phone-numbers/x/status/extra",
    ]) {
      await expectEnvelope(await get(emulator(), path), 404, path);
    }
  });

  it("serves the live account's own numbers to the live key only", async () => {
    const live = (await (await get(emulator(), "/v1/phone-numbers", "sk_live_emulator")).json()) as {
      data: Array<{ id: string; environment: string }>;
    };
    assert.deepEqual(live.data, SAMPLE_LIVE_NUMBERS);
    assert.ok(live.data.every((n) => n.environment === "live"));
    const testIds = new Set(SAMPLE_TEST_NUMBERS.map((n) => n.id));
    assert.ok(live.data.every((n) => !testIds.has(n.id)));
    // A test number is invisible to the live key, and the other way round.
    assert.equal((await get(emulator(), `/v1/phone-numbers/${PRIMARY.id}`, "sk_live_emulator")).status, 404);
    assert.equal((await get(emulator(), `/v1/phone-numbers/${SAMPLE_LIVE_NUMBERS[0]!.id}`)).status, 404);
    assert.equal((await get(emulator(), "/v1/phone-numbers/%2B15557654321/status", "sk_live_emulator")).status, 200);
  });

  it("gives every response a distinct x-request-id and records requests", async () => {
    const a = await get(emulator(), "/v1/phone-numbers");
    const b = await get(emulator(), "/nope");
    assert.notEqual(a.headers.get("x-request-id"), b.headers.get("x-request-id"));
    const recorded = emulator().requests;
    assert.deepEqual(
      recorded.map((r) => [r.method, r.path, r.status, r.keyLabel]),
      [
        ["GET", "/v1/phone-numbers", 200, "sk_test_emulator"],
        ["GET", "/nope", 404, "sk_test_emulator"],
      ],
    );
    assert.equal(recorded[0]!.requestId, a.headers.get("x-request-id"));
    assert.ok(!Number.isNaN(Date.parse(recorded[0]!.at)));
    emulator().clearRequests();
    assert.equal(emulator().requests.length, 0);
  });
});
