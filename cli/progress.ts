/**
 * Shows `check --wait` progress on stderr: a live line rewritten in place on a
 * terminal, or plain lines in a log (CI, pipes), where rewritten lines would
 * turn into noise. Every time shown is read from the run's {@link WaitClock}.
 */
import { countOf, formatSeconds, labelOf } from "../core/phoneNumbers/format";
import type { PhoneNumberRecord } from "../core/model/phoneNumberRecord";
import { safeText } from "../core/model/redact";
import type { WaitProgress } from "../core/phoneNumbers/waitLoop";
import { colourStatus, styleFor, type OutputStream, type Style } from "./output";
import { clockText, type WaitClock } from "./waitClock";

/** How often a log gets a line while nothing changes: CI systems and people read a longer silence as a hang. */
export const HEARTBEAT_MS = 10_000;
/** The shortest gap between two progress lines in a log, however fast statuses change. */
export const MIN_LINE_GAP_MS = 1000;
/** How often the log's timer looks whether a line is due. */
const TICK_MS = 250;

/** Progress for a stream: live on a TTY, lines in a log otherwise. */
export function progressFor(
  stream: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
  clock: WaitClock,
): WaitProgress {
  const style = styleFor(stream, env);
  return stream.isTTY ? new LiveLine(stream, style, clock) : new LogLines(stream, style, clock);
}

/**
 * Lines for logs: one when the wait starts; then a line for status changes
 * and, when nothing changed, a line saying where each number stands, at least
 * every {@link HEARTBEAT_MS} and never within {@link MIN_LINE_GAP_MS} of the
 * last; then the summary. A change seen within a second of the last line is
 * shown on the next one.
 */
export class LogLines implements WaitProgress {
  #pending: readonly PhoneNumberRecord[] = [];
  /** Changes not shown yet, by number id: the status last shown, and the record now. */
  readonly #changes = new Map<string, { readonly from: string; readonly record: PhoneNumberRecord }>();
  #limit = "";
  #lastLineAt = 0;
  #ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: OutputStream,
    private readonly style: Style,
    private readonly clock: WaitClock,
  ) {}

  start(pending: readonly PhoneNumberRecord[], _deadline: number, waitMs: number): void {
    this.#pending = pending;
    this.#limit = formatSeconds(waitMs);
    this.#line(
      `Waiting up to ${this.#limit} for ${countOf(pending.length)} to connect: ${pending.map((r) => stateOf(r, this.style)).join(", ")}`,
    );
    this.#ticker = setInterval(() => this.#tick(), TICK_MS);
    this.#ticker.unref();
  }

  changed(record: PhoneNumberRecord, previousStatus: string): void {
    // Two changes before a line is due show as one: from the status last shown to the current one.
    const from = this.#changes.get(record.id)?.from ?? previousStatus;
    this.#changes.set(record.id, { from, record });
    this.#tick();
  }

  polled(pending: readonly PhoneNumberRecord[]): void {
    this.#pending = pending;
  }

  finish(pending: readonly PhoneNumberRecord[]): void {
    this.#stop();
    this.stream.write(`${summaryOf(pending, this.clock.stop())}\n`);
  }

  abort(): void {
    this.#stop();
  }

  #tick(): void {
    const now = this.clock.elapsedMs();
    const quiet = now - this.#lastLineAt;
    if (quiet < MIN_LINE_GAP_MS) return;
    const at = `(after ${clockText(now)} of ${this.#limit})`;
    if (this.#changes.size > 0) {
      const changes = [...this.#changes.values()].map(({ from, record }) => changeOf(record, from, this.style));
      this.#line(`${changes.join("; ")} ${at}`);
      this.#changes.clear();
    } else if (quiet >= HEARTBEAT_MS - 2 * TICK_MS) {
      // Early by up to two ticks, so a late timer still keeps within the heartbeat.
      this.#line(`Still waiting ${at}: ${this.#pending.map((r) => stateOf(r, this.style)).join(", ")}`);
    }
  }

  #line(text: string): void {
    this.#lastLineAt = this.clock.elapsedMs();
    this.stream.write(`${text}\n`);
  }

  #stop(): void {
    clearInterval(this.#ticker);
  }
}

/** A line rewritten in place, with a countdown; changes stay above it. */
export class LiveLine implements WaitProgress {
  #pending: readonly PhoneNumberRecord[] = [];
  #deadline = 0;
  #limit = "";
  #ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: OutputStream,
    private readonly style: Style,
    private readonly clock: WaitClock,
  ) {}

  start(pending: readonly PhoneNumberRecord[], deadline: number, waitMs: number): void {
    this.#pending = pending;
    this.#deadline = deadline;
    this.#limit = formatSeconds(waitMs);
    this.#render();
    // The countdown moves between polls, which may be 5 s apart.
    this.#ticker = setInterval(() => this.#render(), 1000);
    this.#ticker.unref();
  }

  changed(record: PhoneNumberRecord, previousStatus: string): void {
    this.stream.write(
      `\r\x1b[2K${changeOf(record, previousStatus, this.style)} (after ${clockText(this.clock.elapsedMs())} of ${this.#limit})\n`,
    );
    this.#render();
  }

  polled(pending: readonly PhoneNumberRecord[]): void {
    this.#pending = pending;
    this.#render();
  }

  finish(pending: readonly PhoneNumberRecord[]): void {
    clearInterval(this.#ticker);
    this.stream.write(`\r\x1b[2K${summaryOf(pending, this.clock.stop())}\n`);
  }

  abort(): void {
    clearInterval(this.#ticker);
    // Leave the terminal tidy: the error or interrupt line comes next, on a clean line.
    this.stream.write("\r\x1b[2K");
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

/** A number and its status, as progress lines show it. */
export function stateOf(r: PhoneNumberRecord, style: Style = PLAIN): string {
  return `${labelOf(r)} ${colourStatus(style, safeText(r.connectionStatus))}`;
}

/** `+15553456789 (Onboarding Bot): connecting -> connected`. */
function changeOf(record: PhoneNumberRecord, from: string, style: Style): string {
  return `${labelOf(record)}: ${safeText(from)} -> ${colourStatus(style, safeText(record.connectionStatus))}`;
}

function summaryOf(pending: readonly PhoneNumberRecord[], elapsedMs: number): string {
  return pending.length === 0
    ? `All numbers connected after ${clockText(elapsedMs)}.`
    : `Stopped waiting after ${clockText(elapsedMs)}: ${countOf(pending.length)} still not connected.`;
}
