/**
 * Transport rules for odd servers: plain http only on loopback, redirects and
 * impossible statuses reported and never retried or followed, a Retry-After
 * that is not a number of seconds or an HTTP date ignored, a BOM accepted,
 * and bounded settings.
 */
import assert from "node:assert/strict";
import * as net from "node:net";
import {
  InvalidInputError,
  resetSharedState,
  resolveSettings,
  UnexpectedStatusError,
  type RetryNotice,
} from "../../../provider";
import { normalizeBaseUrl } from "../../../core/model/baseUrl";
import { parseRetryAfterMs } from "../../../core/client/httpTransport";
import { id, testClient } from "../../support/clients";
import { sampleRecord, ScriptedServer } from "../../support/scriptedServer";

const KEY = "sk_test_transport";

describe("transport rules", () => {
  let server: ScriptedServer;
  before(async () => {
    server = await ScriptedServer.start();
  });
  after(() => server.close());
  beforeEach(() => {
    resetSharedState();
    server.requests.length = 0;
  });

  describe("plain http", () => {
    it("is refused for a host that is not loopback, saying why", () => {
      for (const url of ["http://developers-api.chatmaid.net", "http://10.0.0.5:4010", "http://chatmaid.internal/v1"]) {
        assert.throws(
          () => normalizeBaseUrl(url, "stack config chatmaid:baseUrl"),
          (e: unknown) =>
            e instanceof InvalidInputError &&
            /would send the API key unencrypted/.test(e.message) &&
            e.message.includes("stack config chatmaid:baseUrl"),
        );
      }
    });

    it("is accepted for loopback hosts, such as the emulator", () => {
      for (const url of [
        "http://127.0.0.1:4010",
        "http://localhost:4010/v1",
        "http://[::1]:4010",
        "http://127.1.2.3:9",
      ]) {
        assert.equal(normalizeBaseUrl(url), url.replace(/\/v1$/, ""));
      }
      assert.equal(normalizeBaseUrl("https://gateway.example/chatmaid/v1/"), "https://gateway.example/chatmaid");
    });
  });

  describe("redirects", () => {
    for (const status of [301, 302, 307, 308]) {
      it(`a ${status} is an UnexpectedStatusError naming it, neither retried nor followed`, async () => {
        const target = await ScriptedServer.start({ status: 200, body: { success: true, data: [] } });
        try {
          server.respond({ status, headers: { location: `${target.url}/v1/phone-numbers?token=secret` } });
          const retries: RetryNotice[] = [];
          const client = testClient({
            apiKey: KEY,
            baseUrl: server.url,
            maxRetries: 3,
            onRetry: (n) => retries.push(n),
          });
          await assert.rejects(client.listPhoneNumbers(), (e: unknown) => {
            assert.ok(e instanceof UnexpectedStatusError, String(e));
            assert.equal(e.status, status);
            assert.equal(e.code, "redirect");
            assert.match(e.message, new RegExp(`redirect \\(${status}\\)`));
            assert.match(e.message, /never followed/);
            assert.doesNotMatch(e.message, /token=secret/, "the Location's query is not repeated");
            return true;
          });
          assert.equal(server.requests.length, 1, "not retried");
          assert.deepEqual(retries, []);
          assert.equal(target.requests.length, 0, "not followed: the key never went there");
        } finally {
          await target.close();
        }
      });
    }
  });

  describe("statuses outside 100-599", () => {
    it("600 and 999 are UnexpectedStatusErrors, not transient server errors, and are not retried", async () => {
      for (const status of [600, 999]) {
        const raw = await rawServer(
          `HTTP/1.1 ${status} Odd\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}`,
        );
        try {
          const client = testClient({ apiKey: KEY, baseUrl: raw.url, maxRetries: 3 });
          await assert.rejects(client.listPhoneNumbers(), (e: unknown) => {
            assert.ok(e instanceof UnexpectedStatusError, String(e));
            assert.equal(e.status, status);
            assert.match(e.message, /not an HTTP status at all/);
            return true;
          });
          assert.equal(raw.count(), 1, "not retried");
        } finally {
          await raw.close();
        }
      }
    });

    it("a status below 100 is an UnexpectedStatusError, not a network error, and is not retried", async () => {
      const raw = await rawServer("HTTP/1.1 042 Odd\r\ncontent-length: 0\r\n\r\n");
      try {
        const client = testClient({ apiKey: KEY, baseUrl: raw.url, maxRetries: 3 });
        await assert.rejects(client.listPhoneNumbers(), (e: unknown) => {
          assert.ok(e instanceof UnexpectedStatusError, String(e));
          assert.match(e.message, /not HTTP \(outside 100-599\)/);
          return true;
        });
        assert.equal(raw.count(), 1, "not retried");
      } finally {
        await raw.close();
      }
    });
  });

  describe("Retry-After", () => {
    it("accepts whole and decimal seconds and HTTP dates (IMF, RFC 850, asctime), nothing else", () => {
      const now = Date.parse("2015-10-21T07:27:00.000Z");
      assert.equal(parseRetryAfterMs("120", undefined, now), 120_000);
      assert.equal(parseRetryAfterMs(" 0.5\t", undefined, now), 500);
      assert.equal(parseRetryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", undefined, now), 60_000);
      assert.equal(parseRetryAfterMs("Wednesday, 21-Oct-15 07:28:00 GMT", undefined, now), 60_000);
      assert.equal(parseRetryAfterMs("Wed Oct 21 07:28:00 2015", undefined, now), 60_000);
      assert.equal(parseRetryAfterMs("Wed, 21 Oct 2015 07:00:00 GMT", undefined, now), 0, "a past date: now");
      for (const bad of [
        "-5",
        "1, 2",
        "5, 10",
        "+5",
        "1e3",
        "0x10",
        "soon",
        "2026-01-01",
        "Wed, 31 Feb 2015 07:28:00 GMT",
        "",
      ]) {
        assert.equal(parseRetryAfterMs(bad, undefined, now), undefined, bad);
      }
      assert.equal(parseRetryAfterMs("-5", 2, now), 2000, "the body's retryAfter still counts");
    });

    for (const header of ["-5", "1, 2"]) {
      it(`a 503 with Retry-After "${header}" falls back to the normal backoff, not an immediate retry`, async () => {
        server.respond(
          { status: 503, body: { statusCode: 503, message: "busy" }, headers: { "retry-after": header } },
          { status: 200, body: { success: true, data: [sampleRecord()] } },
        );
        const retries: RetryNotice[] = [];
        const client = testClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 1, onRetry: (n) => retries.push(n) });
        const started = Date.now();
        assert.equal((await client.listPhoneNumbers()).length, 1);
        assert.equal(retries.length, 1);
        assert.ok(
          retries[0]!.delayMs >= 375 && retries[0]!.delayMs <= 500,
          `backoff of ~0.5 s, got ${retries[0]!.delayMs}`,
        );
        const gap = server.requests[1]!.at - server.requests[0]!.at;
        assert.ok(gap >= 350, `the retry waited ${gap} ms`);
        assert.ok(Date.now() - started < 5000);
      });
    }
  });

  it("accepts a UTF-8 byte order mark before the JSON", async () => {
    server.respond((_req, res) => {
      const body = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(JSON.stringify({ success: true, data: sampleRecord() })),
      ]);
      res.writeHead(200, { "content-type": "application/json" }).end(body);
    });
    const client = testClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
    assert.equal((await client.getPhoneNumber(id("507f1f77bcf86cd799439011"))).phoneNumber, "+15551234567");
  });

  describe("bounds", () => {
    const resolve = (env: Record<string, string>) => resolveSettings({ env: { CHATMAID_API_KEY: KEY, ...env } });

    it("timeoutSeconds is at most 600 (Node's timers fire at once beyond ~24 days)", () => {
      assert.equal(resolve({ CHATMAID_TIMEOUT_SECONDS: "600" }).timeoutMs, 600_000);
      for (const bad of ["601", "2147484", "1e9", "Infinity"]) {
        assert.throws(() => resolve({ CHATMAID_TIMEOUT_SECONDS: bad }), /must be a number from 0\.001 to 600/);
      }
    });

    it("maxRetries is a whole number of at most 10", () => {
      assert.equal(resolve({ CHATMAID_MAX_RETRIES: "10" }).maxRetries, 10);
      for (const bad of ["11", "1000000", "2.5", "-1"]) {
        assert.throws(() => resolve({ CHATMAID_MAX_RETRIES: bad }), /must be a whole number from 0 to 10/);
      }
    });
  });
});

/** A TCP server that answers every request with `response` as raw bytes (for statuses fetch cannot be given). */
async function rawServer(response: string): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  let requests = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    socket.once("data", () => {
      requests++;
      socket.end(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
