import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  AuthenticationError,
  ChatmaidError,
  ConnectionError,
  NotConnectedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  resetSharedState,
  ServerError,
  TimeoutError,
  UnexpectedStatusError,
} from "../../../provider";
import { ScriptedServer } from "../../support/scriptedServer";
import { id, testClient } from "../../support/clients";

const SENTINEL_KEY = "sk_test_SENTINEL_7f3a9c_do_not_leak";

/** Every way an error could carry the key out. */
export function assertNoKey(error: unknown, key = SENTINEL_KEY): void {
  const views = [
    String(error),
    (error as Error).stack ?? "",
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
  ];
  for (const view of views) assert.ok(!view.includes(key), `key leaked in: ${view.slice(0, 200)}`);
}

const envelope = (statusCode: number, error: string, message: string | string[]) => ({
  success: false,
  error,
  message,
  statusCode,
  timestamp: "2026-02-06T14:10:00.000Z",
  path: "/v1/phone-numbers/%2B15550000000",
});

describe("status -> error class", () => {
  let server: ScriptedServer;
  before(async () => {
    server = await ScriptedServer.start();
  });
  after(() => server.close());
  beforeEach(() => resetSharedState());

  const table: Array<[number, new (...args: never[]) => ChatmaidError, string, RegExp]> = [
    [401, AuthenticationError, "authentication_failed", /API key from the apiKey option.*dashboard/],
    [403, PermissionDeniedError, "permission_denied", /phone_numbers:read.*phone-numbers:read/],
    [404, NotFoundError, "not_found", /\+15550000000 was not found/],
    [429, RateLimitError, "rate_limited", /rate limit.*exceeded/],
    [500, ServerError, "server_error", /failed with 500/],
    [502, ServerError, "server_error", /failed with 502/],
    [503, ServerError, "server_error", /failed with 503/],
    [504, ServerError, "server_error", /failed with 504/],
    [408, ServerError, "request_timeout", /failed with 408/],
    [400, UnexpectedStatusError, "unexpected_status", /answered 400/],
  ];
  for (const [status, ErrorClass, code, message] of table) {
    it(`${status} -> ${ErrorClass.name}`, async () => {
      server.respond({
        status,
        body: envelope(status, "Some Error", "Phone number not found"),
        headers: { "x-request-id": `req_${status}` },
      });
      const client = testClient({ apiKey: SENTINEL_KEY, baseUrl: server.url, maxRetries: 0 });
      await assert.rejects(client.getPhoneNumber(id("+15550000000")), (e: unknown) => {
        assert.ok(e instanceof ErrorClass, `got ${String(e)}`);
        assert.ok(e instanceof ChatmaidError);
        assert.equal(e.status, status);
        assert.equal(e.code, code);
        assert.equal(e.requestId, `req_${status}`);
        assert.equal(e.request, "GET /v1/phone-numbers/%2B15550000000");
        assert.match(e.message, message);
        assert.match(e.message, /Phone number not found/, "the server's message is quoted");
        assert.match(e.message, new RegExp(`request id req_${status}`));
        assertNoKey(e);
        return true;
      });
    });
  }

  it("joins an array message from the envelope", async () => {
    server.respond({ status: 400, body: envelope(400, "Bad Request", ["id must be valid", "other problem"]) });
    const client = testClient({ apiKey: SENTINEL_KEY, baseUrl: server.url, maxRetries: 0 });
    await assert.rejects(client.listPhoneNumbers(), /id must be valid; other problem/);
  });

  it("falls back cleanly for an HTML or empty error body", async () => {
    server.respond({
      status: 502,
      body: "<html><body><h1>502 Bad Gateway</h1></body></html>",
      headers: { "content-type": "text/html" },
    });
    const client = testClient({ apiKey: SENTINEL_KEY, baseUrl: server.url, maxRetries: 0 });
    await assert.rejects(
      client.listPhoneNumbers(),
      (e: unknown) =>
        e instanceof ServerError &&
        /failed with 502 on GET \/v1\/phone-numbers\./.test(e.message) &&
        !/<html>/.test(e.message),
    );
    server.respond({ status: 401 });
    await assert.rejects(
      client.listPhoneNumbers(),
      (e: unknown) => e instanceof AuthenticationError && /\(401\)/.test(e.message),
    );
  });

  it("names where the key came from on 401", async () => {
    server.respond({ status: 401, body: envelope(401, "Unauthorized", "Invalid API key") });
    const client = testClient({
      apiKey: SENTINEL_KEY,
      keySource: "stack config chatmaid:apiKey",
      baseUrl: server.url,
    });
    await assert.rejects(
      client.listPhoneNumbers(),
      /key from stack config chatmaid:apiKey.*pulumi config set --secret chatmaid:apiKey/,
    );
  });
});

describe("error classes refuse arguments that would make a broken error (JavaScript callers)", () => {
  const make =
    (Class: new (...args: never[]) => unknown, ...args: unknown[]) =>
    () =>
      new (Class as unknown as new (...a: unknown[]) => unknown)(...args);

  it("names the field: message, fields, code, status, requestId, request, retryAfter, failures", () => {
    const cases: [() => unknown, RegExp][] = [
      [make(ChatmaidError, 42, { code: "x" }), /^new ChatmaidError: message must be a string\.$/],
      [make(NotFoundError, "gone"), /^new NotFoundError: fields must be an object/],
      [make(AuthenticationError, "no", {}), /^new AuthenticationError: fields\.code must be a non-empty string\.$/],
      [make(ServerError, "down", { code: "server_error", status: 42 }), /fields\.status must be an HTTP status/],
      [make(ServerError, "down", { code: "server_error", status: "503" }), /fields\.status must be an HTTP status/],
      [make(TimeoutError, "slow", { code: "timeout", requestId: 7 }), /fields\.requestId must be a string/],
      [make(ConnectionError, "net", { code: "network", request: {} }), /fields\.request must be a string/],
      [make(RateLimitError, "429", { code: "rate_limited", retryAfter: -1 }), /fields\.retryAfter must be a number/],
      [make(RateLimitError, "429", { code: "rate_limited", retryAfter: NaN }), /fields\.retryAfter must be a number/],
      [make(NotConnectedError, "not connected", "+15551234567"), /failures must be an array/],
    ];
    for (const [construct, message] of cases)
      assert.throws(construct, (e: Error) => e instanceof TypeError && message.test(e.message));
  });

  it("still builds every error from well-formed arguments", () => {
    const error = new RateLimitError("slow down", {
      code: "rate_limited",
      status: 429,
      retryAfter: 0,
      requestId: "req_1",
    });
    assert.equal(error.retryAfter, 0);
    assert.equal(error.status, 429);
    assert.match(error.message, /slow down \(request id req_1\)/);
    assert.deepEqual(new NotConnectedError("x", []).failures, []);
  });
});
