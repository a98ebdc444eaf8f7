/**
 * `check --wait` in a CI log: stderr is a pipe. A line at least every 10 s
 * while nothing changes, never more than one a second however fast statuses
 * change, one clock for every time printed, and SIGINT/SIGTERM ending the wait
 * with a line saying where each number stood. The real bin, against the emulator.
 */
import assert from "node:assert/strict";
import { HEARTBEAT_MS, MIN_LINE_GAP_MS } from "../../cli/progress";
import { emulatorEnv, startCli, useEmulator, type TimedLine } from "./helpers";

/** Fast polls, so statuses are read many times a second at first. */
const FAST = { CHATMAID_CLI_POLL_MS: "50" };

/** The time a progress line prints: `(after 9.8 s of 12 s)` or the start line (0). */
function printedSeconds(line: string): number {
  if (line.startsWith("Waiting up to ")) return 0;
  const match = /\(after (\d+\.\d) s of \d+(?:\.\d)? s\)/.exec(line);
  assert.ok(match, `not a progress line: ${line}`);
  return Number(match[1]);
}

/** The lines between the start line and the summary (inclusive of the start). */
function progressLines(lines: readonly TimedLine[]): TimedLine[] {
  const end = lines.findIndex((l) => /^(Stopped waiting|All numbers connected) after /.test(l.text));
  assert.ok(end > 0, lines.map((l) => l.text).join("\n"));
  return lines.slice(0, end);
}

describe("cli: check --wait in a pipe", function () {
  this.timeout(30_000);
  const emulator = useEmulator();

  it("prints where each number stands at least every 10 s while nothing changes", async () => {
    const run = startCli(["check", "+15552345678", "+15554567890", "--wait", "12"], {
      env: emulatorEnv(emulator(), FAST),
      timeoutMs: 25_000,
    });
    const result = await run.done;
    assert.equal(result.code, 1, result.stderr);
    const progress = progressLines(run.lines);
    const still = progress.filter((l) => l.text.startsWith("Still waiting"));
    assert.ok(still.length >= 1, result.stderr);
    for (const line of still) {
      assert.match(
        line.text,
        /^Still waiting \(after \d+\.\d s of 12 s\): \+15552345678 \(Support Line\) disconnected, \+15554567890 \(Marketing\) qr_pending$/,
      );
    }
    // By the CLI's own clock, and as they arrived here (with slack for a busy machine).
    const printed = [...progress.map((l) => printedSeconds(l.text)), 12];
    const arrived = [...progress.map((l) => l.atMs), run.lines.at(-1)!.atMs];
    for (let i = 1; i < printed.length; i++) {
      assert.ok(
        printed[i]! - printed[i - 1]! <= HEARTBEAT_MS / 1000,
        `silent from ${printed[i - 1]} s to ${printed[i]} s`,
      );
      assert.ok(
        arrived[i]! - arrived[i - 1]! <= HEARTBEAT_MS + 1500,
        `no line for ${arrived[i]! - arrived[i - 1]!} ms`,
      );
    }
  });

  it("never prints more than a line a second, however fast the statuses change", async () => {
    const statuses = ["connecting", "qr_pending", "error", "disconnected"];
    const run = startCli(["check", "+15552345678", "--wait", "4"], { env: emulatorEnv(emulator(), FAST) });
    let flips = 0;
    const flipper = setInterval(() => emulator().setStatus("+15552345678", statuses[flips++ % statuses.length]!), 40);
    try {
      const result = await run.done;
      assert.equal(result.code, 1, result.stderr);
    } finally {
      clearInterval(flipper);
    }
    const progress = progressLines(run.lines);
    const changes = progress.filter((l) => / -> /.test(l.text));
    assert.ok(changes.length >= 2, `the test changed statuses too slowly to show: ${run.lines.map((l) => l.text)}`);
    for (let i = 1; i < progress.length; i++) {
      const gap = printedSeconds(progress[i]!.text) - printedSeconds(progress[i - 1]!.text);
      // Printed times are rounded to tenths; the clock itself kept them a full second apart.
      assert.ok(gap >= MIN_LINE_GAP_MS / 1000 - 0.1, `${progress[i - 1]!.text} / ${progress[i]!.text}`);
      assert.ok(
        progress[i]!.atMs - progress[i - 1]!.atMs >= 800,
        `lines ${progress[i]!.atMs - progress[i - 1]!.atMs} ms apart`,
      );
    }
    for (const line of changes) {
      assert.match(line.text, /^\+15552345678 \(Support Line\): \w+ -> \w+ \(after \d+\.\d s of 4 s\)$/);
    }
  });

  it("gives the same waited time in the summary, the failure line and --json, at least the wait asked for", async () => {
    const run = startCli(["check", "+15552345678", "--wait", "2", "--json"], { env: emulatorEnv(emulator(), FAST) });
    const result = await run.done;
    assert.equal(result.code, 1, result.stderr);
    const { waitedSeconds } = JSON.parse(result.stdout) as { waitedSeconds: number };
    assert.ok(waitedSeconds >= 2, `waitedSeconds ${waitedSeconds}`);
    const shown = waitedSeconds.toFixed(1);
    assert.match(result.stderr, new RegExp(`\\nStopped waiting after ${shown} s: 1 number still not connected\\.\\n`));
    assert.match(
      result.stderr,
      new RegExp(`\\nchatmaid-numbers: 1 of 1 number not connected after waiting ${shown} s: `),
    );
  });

  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`${signal} stops the wait with one line saying where each number stood and how long it waited (exit ${code})`, async () => {
      const run = startCli(["check", "+15552345678", "507f1f77bcf86cd799439011", "--wait", "60", "--json"], {
        env: emulatorEnv(emulator(), FAST),
      });
      await run.lineMatching(/^Waiting up to 60 s/);
      await new Promise((r) => setTimeout(r, 300));
      const sentAt = Date.now();
      run.child.kill(signal);
      const result = await run.done;
      assert.equal(result.code, code, result.stderr);
      assert.ok(Date.now() - sentAt < 3000, "stopped promptly");
      assert.equal(result.stdout, "", "no report: the check did not finish");
      const last = run.lines.at(-1)!.text;
      assert.match(
        last,
        new RegExp(
          `^chatmaid-numbers: interrupted by ${signal} after waiting \\d+\\.\\d s of 60 s: \\+15552345678 \\(Support Line\\) disconnected, \\+15551234567 \\(Primary Sender\\) connected$`,
        ),
      );
      assert.equal(run.lines.filter((l) => l.text.includes("interrupted")).length, 1);
    });
  }

  it("an interrupt while the numbers are still being found says they were not read yet", async () => {
    emulator().injectFault({ kind: "hang", times: 100 });
    const run = startCli(["check", "+15552345678", "--wait", "60"], { env: emulatorEnv(emulator(), FAST) });
    while (emulator().requests.length === 0) await new Promise((r) => setTimeout(r, 20));
    run.child.kill("SIGINT");
    const result = await run.done;
    assert.equal(result.code, 130, result.stderr);
    assert.match(
      result.stderr,
      /^chatmaid-numbers: interrupted by SIGINT after waiting \d+\.\d s of 60 s: \+15552345678 not read yet\n$/,
    );
  });
});
