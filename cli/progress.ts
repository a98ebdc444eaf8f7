/**
 * Shows `check --wait` progress on stderr: a live line rewritten in place on a
 * terminal, or one plain line per change in a log (CI, pipes), where
 * rewritten lines would turn into noise.
 */
import { countOf, formatSeconds, labelOf } from "../provider/describe";
import type { PhoneNumberRecord } from "../provider/phoneNumberRecord";
import { safeText } from "../provider/redact";
import type { WaitProgress } from "../provider/waitLoop";
import { colourStatus, styleFor, type OutputStream, type Style } from "./output";

/** Progress for a stream: live on a TTY, line by line otherwise. */
export function progressFor(stream: OutputStream, env: Readonly<Record<string, string | undefined>>): WaitProgress {
  const style = styleFor(stream, env);
  return stream.isTTY ? new LiveLine(stream, style) : new ChangeLines(stream, style);
}

/** One line per event, for logs. */
export class ChangeLines implements WaitProgress {
  constructor(
    private readonly stream: OutputStream,
    private readonly style: Style,
  ) {}

  start(pending: readonly PhoneNumberRecord[], _deadline: number, waitMs: number): void {
    this.stream.write(
      `Waiting up to ${formatSeconds(waitMs)} for ${countOf(pending.length)} to connect: ${pending.map((r) => stateOf(r, this.style)).join(", ")}\n`,
    );
  }

  changed(record: PhoneNumberRecord, previousStatus: string, elapsedMs: number): void {
    this.stream.write(
      `${labelOf(record)}: ${safeText(previousStatus)} -> ${colourStatus(this.style, safeText(record.connectionStatus))} (after ${secondsOf(elapsedMs)})\n`,
    );
  }

  polled(): void {}

  finish(pending: readonly PhoneNumberRecord[], elapsedMs: number): void {
    this.stream.write(`${summaryOf(pending, elapsedMs)}\n`);
  }

  abort(): void {}
}

/** A line rewritten in place, with a countdown; changes stay above it. */
export class LiveLine implements WaitProgress {
  #pending: readonly PhoneNumberRecord[] = [];
  #deadline = 0;
  #ticker: NodeJS.Timeout | undefined;
  readonly #onInterrupt = (): void => {
    // Leave the terminal tidy: without this the shell prompt lands on the live line.
    this.stream.write("\r\x1b[2K");
    process.exit(130);
  };

  constructor(
    private readonly stream: OutputStream,
    private readonly style: Style,
  ) {}

  start(pending: readonly PhoneNumberRecord[], deadline: number): void {
    this.#pending = pending;
    this.#deadline = deadline;
    this.#render();
    // The countdown moves between polls, which may be 5 s apart.
    this.#ticker = setInterval(() => this.#render(), 1000);
    this.#ticker.unref();
    process.once("SIGINT", this.#onInterrupt);
  }

  changed(record: PhoneNumberRecord, previousStatus: string, elapsedMs: number): void {
    this.stream.write(
      `\r\x1b[2K${labelOf(record)}: ${safeText(previousStatus)} -> ${colourStatus(this.style, safeText(record.connectionStatus))} (after ${secondsOf(elapsedMs)})\n`,
    );
    this.#render();
  }

  polled(pending: readonly PhoneNumberRecord[]): void {
    this.#pending = pending;
    this.#render();
  }

  finish(pending: readonly PhoneNumberRecord[], elapsedMs: number): void {
    this.#stop();
    this.stream.write(`\r\x1b[2K${summaryOf(pending, elapsedMs)}\n`);
  }

  abort(): void {
    this.#stop();
    this.stream.write("\r\x1b[2K");
  }

  #stop(): void {
    clearInterval(this.#ticker);
    process.off("SIGINT", this.#onInterrupt);
  }

  #render(): void {
    const left = Math.max(0, Math.ceil((this.#deadline - Date.now()) / 1000));
    const head = `Waiting for ${countOf(this.#pending.length)} (${left} s left): `;
    const plain = head + this.#pending.map((r) => stateOf(r, PLAIN)).join(", ");
    // A line wider than the terminal wraps, and \r then rewrites only its last row.
    // Some terminals (e.g. under script(1)) report 0 columns: assume 80.
    const max = (this.stream.columns || 80) - 1;
    const text =
      plain.length <= max
        ? head + this.#pending.map((r) => stateOf(r, this.style)).join(", ")
        : `${plain.slice(0, Math.max(0, max - 3))}...`;
    this.stream.write(`\r\x1b[2K${text}`);
  }
}

const PLAIN = styleFor({ write: () => undefined }, {});

function stateOf(r: PhoneNumberRecord, style: Style): string {
  return `${labelOf(r)} ${colourStatus(style, safeText(r.connectionStatus))}`;
}

function summaryOf(pending: readonly PhoneNumberRecord[], elapsedMs: number): string {
  return pending.length === 0
    ? `All numbers connected after ${secondsOf(elapsedMs)}.`
    : `Stopped waiting after ${secondsOf(elapsedMs)}: ${countOf(pending.length)} still not connected.`;
}

function secondsOf(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
