/**
 * Records from odd lists: one bad record does not break the others (a lookup
 * of it asks GET /:id), a number listed twice is returned once, and records
 * are values that callers cannot change the cache through.
 */
import assert from "node:assert/strict";
import {
  PhoneNumberReader,
  RECORD_FIELDS,
  ResponseValidationError,
  resetSharedState,
  STATUS_FIELDS,
} from "../../../provider";
import { getPhoneNumber, getPhoneNumbers } from "../../../sdk/nodejs";
import { id, testClient } from "../../support/clients";
import { captureLogs, NO_CHATMAID_ENV, useMocks, withEnv } from "../../support/pulumiMocks";
import { sampleRecord, ScriptedServer } from "../../support/scriptedServer";

const KEY = "sk_test_records";
const PRIMARY = sampleRecord();
const SUPPORT = sampleRecord({
  id: "65c1a2b3c4d5e6f708192a3b",
  phoneNumber: "+15552345678",
  displayName: "Support Line",
});
/** A qr_pending number with `phoneNumber: null`, and a display name full of terminal tricks. */
const BROKEN = sampleRecord({
  id: "65c1a2b3c4d5e6f708192a3d",
  phoneNumber: null,
  displayName: "Mark\x1b[31meting\n",
  connectionStatus: "qr_pending",
});

/** A server with a list and per-number answers; records every request. */
async function accountServer(list: unknown[], byPath: Record<string, unknown> = {}): Promise<ScriptedServer> {
  return ScriptedServer.start((req, res) => {
    const path = req.url ?? "";
    const body = path === "/v1/phone-numbers" ? { success: true, data: list } : byPath[path];
    if (body === undefined) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ success: false, statusCode: 404, message: "Phone number not found", path }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
}

describe("records from odd lists", () => {
  let server: ScriptedServer | undefined;
  beforeEach(() => resetSharedState());
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("a record that fails the schema is left out with one warning naming it; other numbers keep working", async () => {
    server = await accountServer([PRIMARY, BROKEN, SUPPORT]);
    const warnings: string[] = [];
    const reader = new PhoneNumberReader(
      testClient({ apiKey: KEY, baseUrl: server.url, onWarning: (m) => warnings.push(m) }),
    );
    assert.equal((await reader.lookup(id("+15551234567"))).id, PRIMARY.id);
    assert.equal((await reader.lookup(id(String(SUPPORT.id)))).displayName, "Support Line");
    assert.deepEqual(
      (await reader.list()).map((r) => r.id),
      [PRIMARY.id, SUPPORT.id],
    );
    assert.equal(warnings.length, 1, "one warning, however many lookups");
    assert.match(warnings[0]!, /left out data\[1\] \(id "65c1a2b3c4d5e6f708192a3d"\): phoneNumber/);
    assert.equal(server.requests.length, 1, "one list request served every lookup");
  });

  it("concurrent lookups share the list request and its one warning", async () => {
    server = await accountServer([PRIMARY, BROKEN, SUPPORT]);
    const warnings: string[] = [];
    const reader = new PhoneNumberReader(
      testClient({ apiKey: KEY, baseUrl: server.url, onWarning: (m) => warnings.push(m) }),
    );
    await Promise.all([1, 2, 3, 4, 5].map(() => reader.lookup(id("+15551234567"))));
    assert.equal(server.requests.length, 1);
    assert.equal(warnings.length, 1, warnings.join("\n"));
  });

  it("a lookup of the left-out number asks GET /:id, which answers it when it is good", async () => {
    const fixed = { ...BROKEN, phoneNumber: "+15554567890", displayName: "Marketing" };
    server = await accountServer([PRIMARY, BROKEN], {
      [`/v1/phone-numbers/${BROKEN.id}`]: { success: true, data: fixed },
    });
    const reader = new PhoneNumberReader(testClient({ apiKey: KEY, baseUrl: server.url }));
    const record = await reader.lookup(id(String(BROKEN.id)));
    assert.equal(record.phoneNumber, "+15554567890");
    assert.deepEqual(
      server.requests.map((r) => r.url),
      ["/v1/phone-numbers", `/v1/phone-numbers/${BROKEN.id}`],
    );
  });

  it("...and fails clearly, naming the field, when that answer is bad too", async () => {
    server = await accountServer([PRIMARY, BROKEN], {
      [`/v1/phone-numbers/${BROKEN.id}`]: { success: true, data: BROKEN },
    });
    const reader = new PhoneNumberReader(testClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 }));
    await assert.rejects(reader.lookup(id(String(BROKEN.id))), (e: unknown) => {
      assert.ok(e instanceof ResponseValidationError);
      assert.equal(e.fieldPath, "data.phoneNumber");
      return true;
    });
  });

  it("a program sees the warning as a pulumi.log warning, its text made safe", async () => {
    server = await accountServer([PRIMARY, { ...BROKEN, id: "bad\x1b[2J\u202eid" }]);
    await withEnv(NO_CHATMAID_ENV, async () => {
      useMocks({ config: { "chatmaid:apiKey": KEY, "chatmaid:baseUrl": server!.url } });
      const logs = captureLogs();
      try {
        assert.equal((await getPhoneNumber({ id: "+15551234567" })).id, PRIMARY.id);
      } finally {
        logs.restore();
      }
      const warnings = logs.lines.filter(([level]) => level === "warn").map(([, m]) => m);
      assert.equal(warnings.length, 1, JSON.stringify(logs.lines));
      // Escaped, not removed: the user sees what the server sent, without a terminal acting on it.
      assert.ok(warnings[0]!.includes('left out data[1] (id "bad\\u001b[2J\\u202eid")'), warnings[0]);
      assert.doesNotMatch(warnings[0]!, /\x1b|\u202e/);
    });
  });

  it("a number listed twice is returned once, with one warning", async () => {
    server = await accountServer([PRIMARY, SUPPORT, { ...PRIMARY, connectionStatus: "disconnected" }]);
    const warnings: string[] = [];
    const reader = new PhoneNumberReader(
      testClient({ apiKey: KEY, baseUrl: server.url, onWarning: (m) => warnings.push(m) }),
    );
    const list = await reader.list();
    assert.deepEqual(
      list.map((r) => [r.id, r.connectionStatus]),
      [
        [PRIMARY.id, "connected"],
        [SUPPORT.id, "connected"],
      ],
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /listed "507f1f77bcf86cd799439011" twice; kept the first/);
  });

  it("after a wait, every returned entry has its fresh status (duplicates included)", async () => {
    const status = (connectionStatus: string) => ({
      success: true,
      data: {
        id: SUPPORT.id,
        phoneNumber: SUPPORT.phoneNumber,
        connectionStatus,
        updatedAt: "2026-02-07T00:00:00.000Z",
      },
    });
    server = await accountServer(
      [{ ...SUPPORT, connectionStatus: "connecting" }, PRIMARY, { ...SUPPORT, connectionStatus: "connecting" }],
      {
        [`/v1/phone-numbers/${SUPPORT.id}/status`]: status("connected"),
        [`/v1/phone-numbers/${PRIMARY.id}/status`]: { success: true, data: PRIMARY },
      },
    );
    await withEnv(NO_CHATMAID_ENV, async () => {
      useMocks({ config: { "chatmaid:apiKey": KEY, "chatmaid:baseUrl": server!.url } });
      const logs = captureLogs();
      const result = await getPhoneNumbers({ requireConnected: true, waitForConnectedSeconds: 5 }).finally(() =>
        logs.restore(),
      );
      assert.equal(logs.lines.filter(([level]) => level === "warn").length, 1, "one warning for the duplicate");
      assert.deepEqual(
        result.phoneNumbers.map((r) => [r.id, r.connectionStatus]),
        [
          [SUPPORT.id, "connected"],
          [PRIMARY.id, "connected"],
        ],
      );
      assert.equal(result.phoneNumbers[0]!.updatedAt, "2026-02-07T00:00:00.000Z");
    });
  });

  it("every record has every field in one order, absent ones null and unknown ones dropped, whatever the server sent", async () => {
    const scrambled = {
      updatedAt: "2026-02-06T14:10:00.000Z",
      extra: "dropped",
      connectionStatus: "connected",
      phoneNumber: "+15551234567",
      id: "507f1f77bcf86cd799439011",
    };
    const complete = sampleRecord({ id: String(SUPPORT.id), phoneNumber: "+15552345678", extra: 1 });
    const status = {
      lastConnectedAt: null,
      id: PRIMARY.id,
      connectionStatus: "connected",
      phoneNumber: "+15551234567",
    };
    server = await accountServer([scrambled, complete], {
      [`/v1/phone-numbers/${String(PRIMARY.id)}/status`]: { success: true, data: status },
      "/v1/phone-numbers/65c1a2b3c4d5e6f708192a3e": {
        success: true,
        data: { ...complete, id: "65c1a2b3c4d5e6f708192a3e" },
      },
    });
    const reader = new PhoneNumberReader(testClient({ apiKey: KEY, baseUrl: server.url }));
    const recordKeys = [...RECORD_FIELDS];
    const [first, second] = await reader.list();
    assert.deepEqual(Object.keys(first!), recordKeys);
    assert.deepEqual(first, {
      id: "507f1f77bcf86cd799439011",
      phoneNumber: "+15551234567",
      displayName: null,
      connectionStatus: "connected",
      lastConnectedAt: null,
      lastDisconnectedAt: null,
      createdAt: null,
      updatedAt: "2026-02-06T14:10:00.000Z",
    });
    assert.deepEqual(Object.keys(second!), recordKeys);
    assert.equal("extra" in second!, false);
    const got = await reader.lookup(id("65c1a2b3c4d5e6f708192a3e"));
    assert.deepEqual(Object.keys(got), recordKeys);
    const fresh = await reader.status(id(String(PRIMARY.id)));
    assert.deepEqual(Object.keys(fresh), [...STATUS_FIELDS]);
    assert.deepEqual([fresh.lastDisconnectedAt, fresh.updatedAt], [null, null]);
  });

  it("records are values: changing a returned record or list never changes what the next call returns", async () => {
    server = await accountServer([PRIMARY, SUPPORT]);
    await withEnv(NO_CHATMAID_ENV, async () => {
      useMocks({ config: { "chatmaid:apiKey": KEY, "chatmaid:baseUrl": server!.url } });
      const first = await getPhoneNumbers();
      (first.phoneNumbers[0] as { connectionStatus: string }).connectionStatus = "tampered";
      first.phoneNumbers.pop();
      const one = await getPhoneNumber({ id: "+15551234567" });
      assert.equal(one.connectionStatus, "connected");
      (one as { displayName: string | null }).displayName = "tampered";
      const again = await getPhoneNumbers();
      assert.deepEqual(
        again.phoneNumbers.map((r) => [r.connectionStatus, r.displayName]),
        [
          ["connected", "Primary Sender"],
          ["connected", "Support Line"],
        ],
      );
      assert.equal(server!.requests.length, 1, "all from the one cached list");
    });
  });
});
