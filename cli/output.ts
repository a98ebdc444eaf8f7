/**
 * Where the CLI writes and how: the streams, colour, and making text from the
 * API or the user safe to print.
 */
import { quoteInput, rememberSecret, safeMessage, safeText } from "../core/model/redact";

/** The part of a stream the CLI uses, so tests can pass a fake terminal. */
export interface OutputStream {
  write(chunk: string): unknown;
  /** `true` on a terminal. */
  readonly isTTY?: boolean;
  /** Terminal width, when known. */
  readonly columns?: number;
}

/** The signals that stop a wait: Ctrl-C, and what CI systems send a job they cancel. */
export type InterruptSignal = "SIGINT" | "SIGTERM";

/** Where interrupts come from: `process` in the bin; tests may pass an emitter of their own. */
export interface InterruptSource {
  once(signal: InterruptSignal, listener: () => void): unknown;
  off(signal: InterruptSignal, listener: () => void): unknown;
}

/** The process surroundings a CLI run sees. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Signals that interrupt `check --wait`; without it, a signal does what it does by default. */
  readonly interrupts?: InterruptSource;
}

/** Text styles; every one is the identity when colour is off. */
export interface Style {
  readonly enabled: boolean;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/**
 * Colour only for a person at a terminal: never when the stream is not a TTY
 * (pipes, files, CI logs), when `NO_COLOR` is set to a non-empty value
 * (https://no-color.org), or when `TERM=dumb`.
 */
export function colourEnabled(stream: OutputStream, env: Readonly<Record<string, string | undefined>>): boolean {
  if (!stream.isTTY) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return env.TERM !== "dumb";
}

/**
 * What starts a line on `stream` so it does not land on the end of a live
 * progress line: a carriage return and erase-line on a terminal, nothing in a log.
 */
export function lineStart(stream: OutputStream): string {
  return stream.isTTY ? "\r\x1b[2K" : "";
}

/** The styles for a stream. */
export function styleFor(stream: OutputStream, env: Readonly<Record<string, string | undefined>>): Style {
  const on = colourEnabled(stream, env);
  const sgr = (open: number, close: number) => (text: string) => (on ? `\x1b[${open}m${text}\x1b[${close}m` : text);
  return { enabled: on, green: sgr(32, 39), yellow: sgr(33, 39), red: sgr(31, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}

/** Green for connected, yellow on the way there, red otherwise (including unknown statuses). */
export function colourStatus(style: Style, status: string): string {
  if (status === "connected") return style.green(status);
  if (status === "connecting" || status === "qr_pending") return style.yellow(status);
  return style.red(status);
}

/**
 * A message as one safe stderr line: the given keys (a flag, the environment)
 * and every key the process resolved masked by value, anything key-shaped
 * masked, and line breaks joined.
 */
export function errorLine(message: string, secrets: readonly (string | undefined)[] = []): string {
  for (const secret of secrets) if (secret && secret.trim() !== "") rememberSecret(secret);
  return safeMessage(message)
    .replace(/\s*\n\s*/g, " ")
    .trim();
}

/** An ISO timestamp as `2026-02-06 14:10:00 UTC`; `null` as `never`; anything else as given. */
export function formatTime(iso: string | null): string {
  if (iso === null) return "never";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return safeText(iso);
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** User input quoted for a message: JSON-quoted, unsafe characters escaped, keys redacted, long input cut. */
export const quote = (input: string): string => quoteInput(input);
