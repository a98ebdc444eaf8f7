/**
 * One sanitizer for server and user text, and keys redacted by value: a
 * server that echoes the key without its prefix, cut, or split across lines,
 * or text with escape sequences, line breaks and bidi overrides, reaches no
 * message, check failure or log line as it was.
 */
import assert from "node:assert/strict";
import { AuthenticationError, NotConnectedError, PhoneNumberOperations, resetSharedState } from "../../../provider";
import { progressLog } from "../../../core/phoneNumbers/progressLog";
import { quoteInput, redactKeys, rememberSecret, safeMessage, safeText } from "../../../core/model/redact";
import { getPhoneNumber } from "../../../sdk/nodejs";
import { testClient } from "../../support/clients";
import { captureLogs, NO_CHATMAID_ENV, useMocks, withEnv } from "../../support/pulumiMocks";
import { sampleRecord, ScriptedServer } from "../../support/scriptedServer";

const SECRET = "Zq7RxW2mKp9TbN4vLc8HsYd3";
const KEY = `sk_live_${SECRET}`;
/** Where a hostile server puts its text. */
const HOSTILE = "Evil\x1b[2J\x1b]0;pwned\x07 Name\u202e\nSecond line\u200b";

/** Asserts `text` holds no run of 8 characters of the secret, and nothing that moves a terminal or reorders text. */
function assertClean(what: string, text: string): void {
  for (let i = 0; i + 8 <= SECRET.length; i++) {
    assert.ok(!text.includes(SECRET.slice(i, i + 8)), `${what} holds part of the key: ${JSON.stringify(text)}`);
  }
  assert.doesNotMatch(
    text,
    /[\x1b\x07\u202e\u200b]/,
    `${what} holds control or format characters: ${JSON.stringify(text)}`,
  );
}

describe("redaction by value", () => {
  before(() => rememberSecret(KEY));

  it("masks the exact key, the secret part alone, and any run of 8 of its characters", () => {
    assert.equal(redactKeys(`key ${KEY} end`), "key sk_live_[redacted] end");
    assert.equal(redactKeys(`echo ${SECRET}.`), "echo [redacted].");
    assert.equal(redactKeys(`cut ${SECRET.slice(5, 17)} here`), "cut [redacted] here");
    assert.equal(redactKeys("short ZQ7R is fine"), "short ZQ7R is fine", "fewer than 8 characters are not a run");
  });

  it("masks a key split across a line break on both sides", () => {
    const split = `${KEY.slice(0, 18)}\n${KEY.slice(18)}`;
    assertClean("safeText", safeText(`the server said: ${split}`));
    assertClean("safeMessage", safeMessage(`the server said: ${split}`));
  });

  it("masks a key containing a quote whole, quoted or not", () => {
    const quoted = 'sk_test_Ab"cdEfGhIjKlMnOpQr';
    rememberSecret(quoted);
    assert.equal(quoteInput(quoted), '"sk_test_[redacted]"');
    assert.doesNotMatch(safeMessage(`got ${JSON.stringify(quoted)}`), /cdEfGhIj|MnOpQr/);
  });

  it("a server echoing the key without its prefix, in pieces, is masked in the error", async () => {
    const server = await ScriptedServer.start({
      status: 401,
      body: { statusCode: 401, message: ["Invalid key", SECRET, `${SECRET.slice(0, 12)}\n${SECRET.slice(12)}`] },
    });
    try {
      resetSharedState();
      const client = testClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
      await assert.rejects(client.listPhoneNumbers(), (e: unknown) => {
        assert.ok(e instanceof AuthenticationError);
        assertClean("the error message", e.message);
        return true;
      });
    } finally {
      await server.close();
    }
  });
});

describe("one sanitizer for server and user text", () => {
  let server: ScriptedServer;
  const record = sampleRecord({
    id: "65c1a2b3c4d5e6f708192a3b",
    phoneNumber: "+15552345678",
    displayName: HOSTILE,
    connectionStatus: `disconnected\x1b[32m connected\n${SECRET}`,
  });
  before(async () => {
    rememberSecret(KEY);
    server = await ScriptedServer.start((req, res) => {
      const data = req.url === "/v1/phone-numbers" ? [record] : record;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ success: true, data }));
    });
  });
  after(() => server.close());
  beforeEach(() => resetSharedState());

  it("safeText removes escape sequences and shows other unsafe characters as ?", () => {
    assert.equal(safeText(HOSTILE), "Evil Name??Second line?");
  });

  it("a NotConnectedError names the number without the server's tricks", async () => {
    await withEnv(NO_CHATMAID_ENV, async () => {
      useMocks({ config: { "chatmaid:apiKey": KEY, "chatmaid:baseUrl": server.url } });
      await assert.rejects(getPhoneNumber({ id: "+15552345678", requireConnected: true }), (e: unknown) => {
        assert.ok(e instanceof NotConnectedError, String(e));
        assertClean("the message", e.message);
        assert.match(e.message, /\+15552345678 "Evil Name\?\?Second line\?"/);
        // Three lines of our own: the heading, the number, the advice. None from the server.
        assert.equal(e.message.split("\n").length, 3, e.message);
        return true;
      });
    });
  });

  it("a check failure is clean", async () => {
    const ops = new PhoneNumberOperations({ "chatmaid:apiKey": KEY, "chatmaid:baseUrl": server.url });
    const checked = await ops.check({ identifier: "+15552345678", requireConnected: true });
    assert.equal(checked.failures.length, 1);
    assert.equal(checked.failures[0]!.property, "requireConnected");
    assertClean("the failure", checked.failures[0]!.reason);
  });

  it("log lines are clean, through pulumi.log too", () => {
    const lines: string[] = [];
    const progress = progressLog((_severity, message) => lines.push(message));
    const clean = { ...record, displayName: HOSTILE } as never;
    progress.start?.([clean], Date.now() + 10_000, 10_000);
    progress.changed?.({ ...record, connectionStatus: "connected" } as never, String(record.connectionStatus), 6000);
    progress.finish?.([], 6000);
    assert.equal(lines.length, 3);
    for (const line of lines) assertClean("a progress line", line);
    const logs = captureLogs();
    try {
      useMocks({});
      const sink = require("../../../provider/dynamic/pulumiLog").pulumiLogSink();
      sink("warning", `server said ${HOSTILE} ${SECRET}`);
    } finally {
      logs.restore();
    }
    assert.equal(logs.lines.length, 1);
    assertClean("a pulumi.log line", logs.lines[0]![1]);
  });
});
