/**
 * The `check` command: are all these numbers connected? Exit 0 if so, 1
 * naming each one that is not (or is not in the account).
 */
import { countOf, formatSeconds, labelOf } from "../core/phoneNumbers/format";
import type { PhoneIdentifier } from "../core/model/identifiers";
import { recordIdentifier } from "../core/model/identifiers";
import type { PhoneNumberReader } from "../core/client/phoneNumberReader";
import { isConnected, RECORD_FIELDS, withStatus, type PhoneNumberRecord } from "../core/model/phoneNumberRecord";
import { safeText } from "../core/model/redact";
import {
  FIRST_POLL_INTERVAL_MS,
  startWait,
  waitUntilConnected,
  withinWait,
  type WaitResult,
} from "../core/phoneNumbers/waitLoop";
import { EXIT } from "./help";
import { lineStart, styleFor, type CliIo, type InterruptSignal } from "./output";
import { progressFor, stateOf } from "./progress";
import { clockText, tenthsOfSeconds, WaitClock } from "./waitClock";
import { writeJson } from "./readCommands";
import { renderRecords } from "./table";

/** One checked number: what the user asked for and what was found. */
export interface CheckEntry {
  /** The identifier the user gave (normalized). */
  readonly identifier: string;
  /** The number with its fresh status, or `undefined` if the account has no such number. */
  readonly record: PhoneNumberRecord | undefined;
}

/** Options of {@link checkCommand}. */
export interface CheckOptions {
  readonly json: boolean;
  /** `--wait`, in seconds. */
  readonly waitSeconds: number;
}

/**
 * Runs `check`: reads every number's fresh `/status`; with `--wait`, polls the
 * ones not connected, through the package's one wait loop. A number not found
 * fails at once: polling cannot make it appear, so there is nothing to wait for.
 * @returns the exit code, 0 or 1.
 */
export async function checkCommand(
  reader: PhoneNumberReader,
  identifiers: readonly PhoneIdentifier[],
  options: CheckOptions,
  io: CliIo,
): Promise<number> {
  // With --wait, its clock starts now: finding the numbers counts against it too.
  const clock = new WaitClock();
  const interrupt = options.waitSeconds > 0 ? interruptOf(io) : undefined;
  // Where each number stands, for the line an interrupt prints: unread until found, then its last known state.
  const standing = new Map<string, PhoneNumberRecord | undefined>(identifiers.map((id) => [id.value, undefined]));
  try {
    const budget = startWait(options.waitSeconds, interrupt?.signal);
    const found = await withinWait(budget, identifiers.map((id) => safeText(id.value)).join(", "), (signal) =>
      reader.lookupMany(identifiers, { signal }),
    );
    for (const id of identifiers) standing.set(id.value, found.get(id.value));
    const entries = dedupe(identifiers.map((id) => ({ identifier: id.value, record: found.get(id.value) })));
    const records = entries.map((e) => e.record).filter((r): r is PhoneNumberRecord => r !== undefined);
    const anyMissing = records.length < entries.length;
    const result = await waitUntilConnected(records, {
      waitMs: anyMissing ? 0 : options.waitSeconds * 1000,
      ...(budget && !anyMissing ? { deadline: budget.deadline } : {}),
      poll: async (record, { signal }) => {
        const polled = withStatus(record, await reader.status(recordIdentifier(record), { fresh: true, signal }));
        for (const [given, was] of standing) if (was?.id === polled.id) standing.set(given, polled);
        return polled;
      },
      firstIntervalMs: pollIntervalMs(io.env),
      progress: progressFor(io.stderr, io.env, clock),
      ...(interrupt ? { signal: interrupt.signal } : {}),
    });
    const waited = options.waitSeconds > 0 && !anyMissing;
    return report(entries, result, waited ? clock.stop() : 0, options, io);
  } catch (error) {
    if (!interrupt?.signal.aborted) throw error;
    const signal = interrupt.signal.reason as InterruptSignal;
    io.stderr.write(
      `${lineStart(io.stderr)}chatmaid-numbers: ${interruptedLine(signal, clock.stop(), options.waitSeconds, standing)}\n`,
    );
    return EXIT[signal];
  } finally {
    interrupt?.release();
  }
}

/** Prints the table or JSON, and the failure line; returns the exit code. */
function report(
  entries: readonly CheckEntry[],
  result: WaitResult,
  waitedMs: number,
  options: CheckOptions,
  io: CliIo,
): number {
  // A number whose status never answered is not confirmed connected, whatever the list said.
  const unconfirmed = new Set(result.records.filter((_, i) => !result.confirmed[i]).map((r) => r.id));
  const fresh = new Map(result.records.map((r) => [r.id, r]));
  const results: CheckEntry[] = entries.map((e) => ({
    identifier: e.identifier,
    record: e.record && fresh.get(e.record.id),
  }));
  const failing = results.filter((e) => !e.record || !isConnected(e.record) || unconfirmed.has(e.record.id));
  if (options.json) {
    writeJson(io, {
      ok: failing.length === 0,
      waitedSeconds: tenthsOfSeconds(waitedMs),
      numbers: results.map((e) => jsonEntry(e, unconfirmed)),
    });
  } else {
    io.stdout.write(renderRecords(results, ["number", "name", "status", "lastConnected"], styleFor(io.stdout, io.env)));
  }
  if (failing.length === 0) return EXIT.ok;
  io.stderr.write(`chatmaid-numbers: ${failureLine(failing, results.length, waitedMs, result.stale, unconfirmed)}\n`);
  return EXIT.checkFailed;
}

/** The interrupt's signal, aborted by SIGINT or SIGTERM (its reason is the signal's name), while the wait runs. */
function interruptOf(io: CliIo): { signal: AbortSignal; release(): void } | undefined {
  const source = io.interrupts;
  if (!source) return undefined;
  const controller = new AbortController();
  const listeners = (["SIGINT", "SIGTERM"] as const).map((name) => {
    const listener = (): void => controller.abort(name);
    source.once(name, listener);
    return [name, listener] as const;
  });
  return {
    signal: controller.signal,
    // Once the wait is over, a signal does what it does by default again.
    release: () => listeners.forEach(([name, listener]) => source.off(name, listener)),
  };
}

/** `interrupted by SIGINT after waiting 3.2 s of 20 s: +15552345678 (Support Line) disconnected, ...`. */
function interruptedLine(
  signal: InterruptSignal,
  waitedMs: number,
  waitSeconds: number,
  standing: ReadonlyMap<string, PhoneNumberRecord | undefined>,
): string {
  const where = [...standing].map(([given, record]) => (record ? stateOf(record) : `${safeText(given)} not read yet`));
  const seen = [...new Set(where)];
  return `interrupted by ${signal} after waiting ${clockText(waitedMs)} of ${formatSeconds(waitSeconds * 1000)}: ${seen.join(", ")}`;
}

/** The one error line naming every failing number. */
function failureLine(
  failing: readonly CheckEntry[],
  total: number,
  waitedMs: number,
  stale: boolean,
  unconfirmed: ReadonlySet<string>,
): string {
  const what = failing.map((e) => {
    if (!e.record) return `${safeText(e.identifier)} was not found in the account`;
    if (unconfirmed.has(e.record.id)) {
      return `${labelOf(e.record)} could not be confirmed (the list says ${safeText(e.record.connectionStatus)}; its status did not answer)`;
    }
    return `${labelOf(e.record)} is ${safeText(e.record.connectionStatus)}`;
  });
  const waited = waitedMs > 0 ? ` after waiting ${clockText(waitedMs)}` : "";
  const late = stale ? " (the last status request did not answer before the deadline)" : "";
  return `${failing.length} of ${countOf(total)} not connected${waited}${late}: ${what.join("; ")}`;
}

// The same number given twice (say by ID and by E.164) is checked and listed once.
function dedupe(entries: readonly CheckEntry[]): CheckEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = e.record ? e.record.id.toLowerCase() : e.identifier;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The record's fields `check --json` shows: all but `createdAt`. */
const JSON_FIELDS = RECORD_FIELDS.filter((f) => f !== "createdAt");

function jsonEntry(e: CheckEntry, unconfirmed: ReadonlySet<string>): Record<string, unknown> {
  const r = e.record;
  const fields = Object.fromEntries(JSON_FIELDS.map((f) => [f, r ? r[f] : null]));
  return {
    identifier: e.identifier,
    found: r !== undefined,
    connected: r !== undefined && isConnected(r) && !unconfirmed.has(r.id),
    ...fields,
    connectionStatus: r?.connectionStatus ?? "missing",
  };
}

/**
 * `CHATMAID_CLI_POLL_MS`: the first poll interval, so tests need not wait
 * whole seconds. Not meant for users; anything invalid means the default.
 */
function pollIntervalMs(env: Readonly<Record<string, string | undefined>>): number {
  const n = Number(env.CHATMAID_CLI_POLL_MS);
  return Number.isFinite(n) && n >= 10 ? n : FIRST_POLL_INTERVAL_MS;
}
