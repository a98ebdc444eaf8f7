/**
 * What only a terminal shows: colour and the live progress line. A child
 * process's stdout is a pipe, so these run the CLI in-process with fake TTY
 * streams.
 */
import assert from "node:assert/strict";
import { resetSharedState } from "../../provider";
import { colourEnabled, errorLine, styleFor } from "../../cli/output";
import { LiveLine, LogLines } from "../../cli/progress";
import { WaitClock } from "../../cli/waitClock";
import { runCli } from "../../cli/run";
import { renderRecords } from "../../cli/table";
import { safeText } from "../../core/model/redact";
import { waitUntilConnected } from "../../core/phoneNumbers/waitLoop";
import { emulatorEnv, fakeStream, useEmulator } from "./helpers";
import { connectingRecord } from "../support/records";

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

const record = connectingRecord;

describe("cli: terminal output", function () {
  this.timeout(10_000);

  it("colour only on a TTY, and not with NO_COLOR (non-empty) or TERM=dumb", () => {
    assert.equal(colourEnabled(fakeStream(true), {}), true);
    assert.equal(colourEnabled(fakeStream(false), {}), false);
    assert.equal(colourEnabled(fakeStream(true), { NO_COLOR: "1" }), false);
    assert.equal(
      colourEnabled(fakeStream(true), { NO_COLOR: "" }),
      true,
      "no-color.org: an empty value does not count",
    );
    assert.equal(colourEnabled(fakeStream(true), { TERM: "dumb" }), false);
  });

  it("colours statuses green, yellow and red, keeping columns aligned", () => {
    const rows = ["connected", "qr_pending", "disconnected", "someday"].map((connectionStatus, i) => ({
      record: record({ connectionStatus, phoneNumber: `+1555000000${i}` }),
    }));
    const coloured = renderRecords(rows, ["number", "status", "name"], styleFor(fakeStream(true), {}));
    const plain = renderRecords(rows, ["number", "status", "name"], styleFor(fakeStream(false), {}));
    assert.equal(coloured.replace(ANSI, ""), plain);
    assert.ok(coloured.includes("\x1b[32mconnected\x1b[39m"));
    assert.ok(coloured.includes("\x1b[33mqr_pending\x1b[39m"));
    assert.ok(coloured.includes("\x1b[31mdisconnected\x1b[39m"));
    assert.ok(coloured.includes("\x1b[31msomeday\x1b[39m"), "unknown statuses are not connected");
    assert.doesNotMatch(plain, ANSI);
  });

  it("control characters from the API cannot reach the terminal", () => {
    const table = renderRecords(
      [{ record: record({ displayName: "Evil\x1b[2J\u202eName\n" }) }],
      ["name"],
      styleFor(fakeStream(false), {}),
    );
    // The escape sequence goes whole; the other unsafe characters become "?".
    assert.equal(table, "NAME\nEvil?Name?\n");
    assert.equal(safeText("a\x07b\u0085c"), "a?b?c");
  });

  it("masks keys and keeps errors on one line", () => {
    assert.equal(errorLine("key sk_live_abc123 and\n  more", []), "key sk_live_[redacted] and more");
    assert.equal(errorLine("the key is hunter2-sk", ["hunter2-sk"]), "the key is [redacted]");
    assert.equal(errorLine("set sk_test_... or sk_live_..."), "set sk_test_... or sk_live_...");
    assert.equal(errorLine('got "sk_test_secret", sorry'), 'got "sk_test_[redacted]", sorry');
  });

  describe("in-process runs", () => {
    const emulator = useEmulator();
    beforeEach(() => resetSharedState());

    it("list on a terminal is coloured; with NO_COLOR it is not", async () => {
      const stdout = fakeStream(true);
      const stderr = fakeStream(true);
      assert.equal(await runCli(["list"], { stdout, stderr, env: emulatorEnv(emulator()) }), 0);
      assert.ok(stdout.text.includes("\x1b[32mconnected\x1b[39m"), stdout.text);
      assert.ok(stdout.text.includes("\x1b[1mNUMBER\x1b[22m"));

      const plain = fakeStream(true);
      assert.equal(
        await runCli(["list"], { stdout: plain, stderr, env: emulatorEnv(emulator(), { NO_COLOR: "1" }) }),
        0,
      );
      assert.doesNotMatch(plain.text, ANSI);
      assert.equal(plain.text, stdout.text.replace(ANSI, ""));
    });

    it("check --wait on a terminal draws a live line, then clears it for the summary", async () => {
      const stdout = fakeStream(true);
      const stderr = fakeStream(true);
      const code = await runCli(["check", "+15553456789", "--wait", "10"], {
        stdout,
        stderr,
        env: emulatorEnv(emulator(), { CHATMAID_CLI_POLL_MS: "50", NO_COLOR: "1" }),
      });
      assert.equal(code, 0, stderr.text);
      assert.ok(stderr.text.startsWith("\r\x1b[2KWaiting for 1 number ("), JSON.stringify(stderr.text));
      assert.match(
        stderr.text,
        /\r\x1b\[2K\+15553456789 \(Onboarding Bot\): connecting -> connected \(after \d+\.\d s of 10 s\)\n/,
      );
      assert.match(stderr.text, /\r\x1b\[2KAll numbers connected after \d+\.\d s\.\n$/);
      assert.match(stdout.text, /\+15553456789 +Onboarding Bot +connected/);
    });
  });

  it("the live line fits the terminal width", () => {
    const stream = fakeStream(true, 40);
    const live = new LiveLine(stream, styleFor(stream, {}), new WaitClock());
    live.start(
      [record({}), record({ phoneNumber: "+15554567890", displayName: "Marketing" })],
      Date.now() + 5000,
      5000,
    );
    live.finish([]);
    const drawn = stream.text.split("\r\x1b[2K").filter((s) => s.startsWith("Waiting"));
    assert.ok(drawn.length > 0);
    for (const line of drawn) assert.ok(line.replace(ANSI, "").length <= 39, line);
  });

  it("a poll that fails clears the live line, stops its countdown and adds no signal handler", async () => {
    const stream = fakeStream(true);
    const listeners = process.listenerCount("SIGINT");
    let polls = 0;
    await assert.rejects(
      waitUntilConnected([record({})], {
        waitMs: 5000,
        firstIntervalMs: 10,
        poll: async (r) => {
          if (++polls === 2) throw new Error("Chatmaid answered 503");
          return r;
        },
        progress: new LiveLine(stream, styleFor(stream, {}), new WaitClock()),
      }),
      /503/,
    );
    assert.equal(process.listenerCount("SIGINT"), listeners);
    assert.ok(stream.text.endsWith("\r\x1b[2K"), "the error line starts on a clean line");
    const written = stream.text.length;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal(stream.text.length, written, "the countdown no longer redraws");
  });

  it("in a log, a line for a change a second after the last, and no carriage returns", async () => {
    const stream = fakeStream(false);
    let polls = 0;
    const result = await waitUntilConnected([record({})], {
      waitMs: 5000,
      firstIntervalMs: 1100,
      poll: async (r) => ({ ...r, connectionStatus: ++polls < 2 ? "connecting" : "connected" }),
      progress: new LogLines(stream, styleFor(stream, {}), new WaitClock()),
    });
    assert.equal(result.records[0]!.connectionStatus, "connected");
    const lines = stream.text.trimEnd().split("\n");
    assert.equal(lines.length, 3, stream.text);
    assert.match(lines[1]!, /: connecting -> connected \(after 1\.\d s of 5 s\)$/);
    assert.ok(!stream.text.includes("\r"));
  });
});
