/**
 * Not-found means not found: only Chatmaid's own error envelope, for a number
 * path, says a number is not in the account. Any other 404 (a gateway's HTML
 * page, a base URL with an extra path segment, another server's JSON) is a
 * configuration error naming the base URL, in every surface.
 */
import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import {
  NotFoundError,
  PhoneNumberOperations,
  resetSharedState,
  UnexpectedStatusError,
  type PhoneNumberResourceOutputs,
} from "../../../provider";
import { getPhoneNumber, getPhoneNumbers } from "../../../sdk/nodejs";
import { emulatorEnv, runCli } from "../../cli/helpers";
import { id, testClient } from "../../support/clients";
import { NO_CHATMAID_ENV, useMocks, withEnv } from "../../support/pulumiMocks";
import { sampleRecord, ScriptedServer } from "../../support/scriptedServer";

const KEY = "sk_test_emulator";
const HTML_404 = "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>nginx</body></html>";

function isBaseUrlError(baseUrl: string) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof UnexpectedStatusError, String(e));
    assert.ok(!(e instanceof NotFoundError));
    assert.equal(e.code, "base_url_not_found");
    assert.equal(e.status, 404);
    assert.ok(e.message.includes(baseUrl), e.message);
    assert.match(e.message, /does not lead to the Chatmaid API/);
    return true;
  };
}

describe("404: only Chatmaid's own not-found means a number is not in the account", () => {
  let server: ScriptedServer;
  before(async () => {
    server = await ScriptedServer.start();
  });
  after(() => server.close());
  beforeEach(() => resetSharedState());

  const notChatmaid: Array<[string, { body: string | object; headers?: Record<string, string> }]> = [
    ["a gateway's HTML page", { body: HTML_404, headers: { "content-type": "text/html" } }],
    ["an empty body", { body: "" }],
    ["a cloud gateway's JSON without the envelope", { body: { message: "Not Found" } }],
    [
      "NestJS's answer for a route that does not exist",
      { body: { statusCode: 404, message: "Cannot GET /api/v1/phone-numbers/x", error: "Not Found" } },
    ],
    [
      "an envelope about another path",
      { body: { success: false, statusCode: 404, message: "Not found", path: "/admin" } },
    ],
    ["an envelope saying another status", { body: { success: false, statusCode: 500, message: "Not found" } }],
  ];
  for (const [name, answer] of notChatmaid) {
    it(`${name} for a number is a base-URL error, not a missing number`, async () => {
      server.respond({ status: 404, ...answer });
      const client = testClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
      await assert.rejects(client.getPhoneNumber(id("+15551234567")), isBaseUrlError(server.url));
      await assert.rejects(client.getPhoneNumberStatus(id("507f1f77bcf86cd799439011")), isBaseUrlError(server.url));
    });
  }

  it("a 404 on the list endpoint is a base-URL error even with Chatmaid's envelope", async () => {
    server.respond({
      status: 404,
      body: { success: false, statusCode: 404, message: "Not found", path: "/v1/phone-numbers" },
    });
    const client = testClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
    await assert.rejects(client.listPhoneNumbers(), isBaseUrlError(server.url));
  });

  it("Chatmaid's envelope for a number path is a NotFoundError naming the number", async () => {
    server.respond({
      status: 404,
      body: {
        success: false,
        error: "Not Found",
        message: "Phone number not found",
        statusCode: 404,
        path: "/v1/phone-numbers/%2B15550000000",
      },
    });
    const client = testClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
    await assert.rejects(client.getPhoneNumber(id("+15550000000")), (e: unknown) => {
      assert.ok(e instanceof NotFoundError, String(e));
      assert.match(e.message, /\+15550000000 was not found in the Chatmaid account/);
      return true;
    });
  });
});

describe("404 from a base URL with an extra path segment, in every surface", function () {
  this.timeout(20_000);
  let emulator: RunningEmulator;
  let wrong: string;
  before(async () => {
    emulator = await startEmulator();
    // The emulator answers unknown routes as NestJS does: `Cannot GET /extra/v1/...`.
    wrong = `${emulator.url}/extra`;
  });
  after(() => emulator.close());
  beforeEach(() => resetSharedState());

  it("functions: a base-URL error, not 'not in the account'", async () => {
    await withEnv(NO_CHATMAID_ENV, async () => {
      useMocks({ config: { "chatmaid:apiKey": KEY, "chatmaid:baseUrl": wrong } });
      await assert.rejects(getPhoneNumber({ id: "+15551234567" }), isBaseUrlError(wrong));
      await assert.rejects(getPhoneNumbers({ required: ["+15551234567"] }), isBaseUrlError(wrong));
    });
  });

  it("the resource: check fails the step (no failure on the id input); refresh fails and keeps state", async () => {
    const ops = new PhoneNumberOperations({ "chatmaid:apiKey": KEY, "chatmaid:baseUrl": wrong });
    await assert.rejects(ops.check({ identifier: "+15551234567", requireConnected: true }), isBaseUrlError(wrong));
    const state = { identifier: "+15551234567", phoneId: "507f1f77bcf86cd799439011" } as PhoneNumberResourceOutputs;
    await assert.rejects(ops.read("507f1f77bcf86cd799439011", state), isBaseUrlError(wrong));
    // Only Chatmaid's own answer drops it: a number really gone from the account.
    const right = new PhoneNumberOperations({ "chatmaid:apiKey": KEY, "chatmaid:baseUrl": emulator.url });
    assert.deepEqual(await right.read("0123456789abcdef01234567", state), { id: "", props: {} });
  });

  it("the CLI: check and get exit 3 naming the base URL; a number really missing fails check with 1", async () => {
    for (const args of [
      ["check", "+15551234567"],
      ["get", "+15551234567"],
    ]) {
      const result = await runCli(args, { env: emulatorEnv(emulator, { CHATMAID_BASE_URL: wrong }) });
      assert.equal(result.code, 3, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, /does not lead to the Chatmaid API/);
      assert.ok(result.stderr.includes(wrong));
      assert.doesNotMatch(result.stderr, /not found in the account/);
    }
    const missing = await runCli(["check", "+15550000000"], { env: emulatorEnv(emulator) });
    assert.equal(missing.code, 1, missing.stderr);
    assert.match(missing.stderr, /\+15550000000 was not found in the account/);
  });
});

describe("answers about another number (a cache or proxy serving the wrong answer)", () => {
  let server: ScriptedServer;
  before(async () => {
    // Whatever is asked, a cache answers with the connected primary sender.
    server = await ScriptedServer.start((req, res) => {
      const status = (req.url ?? "").endsWith("/status");
      const { displayName: _d, createdAt: _c, ...statusRecord } = sampleRecord();
      const support = sampleRecord({
        id: "65c1a2b3c4d5e6f708192a3b",
        phoneNumber: "+15552345678",
        connectionStatus: "disconnected",
      });
      const data = req.url === "/v1/phone-numbers" ? [sampleRecord(), support] : status ? statusRecord : sampleRecord();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ success: true, data }));
    });
  });
  after(() => server.close());
  beforeEach(() => resetSharedState());

  it("GET /:id and /:id/status for another number fail naming both, by ID and by E.164", async () => {
    const client = testClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
    const cases: Array<[Promise<unknown>, RegExp]> = [
      [
        client.getPhoneNumber(id("65c1a2b3c4d5e6f708192a3b")),
        /asked for "65c1a2b3c4d5e6f708192a3b", got id "507f1f77bcf86cd799439011"/,
      ],
      [
        client.getPhoneNumberStatus(id("65c1a2b3c4d5e6f708192a3b")),
        /asked for "65c1a2b3c4d5e6f708192a3b", got id "507f1f77bcf86cd799439011"/,
      ],
      [client.getPhoneNumberStatus(id("+15552345678")), /asked for "\+15552345678", got phoneNumber "\+15551234567"/],
    ];
    for (const [call, message] of cases) {
      await assert.rejects(call, (e: unknown) => {
        assert.equal((e as Error).name, "ResponseValidationError");
        assert.equal((e as { code?: string }).code, "wrong_number");
        assert.match((e as Error).message, message);
        return true;
      });
    }
  });

  it("requireConnected never passes on another number's connected status", async () => {
    // The list says the number is disconnected; the status cache says another number is connected.
    const ops = new PhoneNumberOperations({
      "chatmaid:apiKey": KEY,
      "chatmaid:baseUrl": server.url,
      "chatmaid:maxRetries": "0",
    });
    await assert.rejects(ops.check({ identifier: "+15552345678", requireConnected: true }), /about another number/);
  });
});
