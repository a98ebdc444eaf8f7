/**
 * The `check` command: are all these numbers connected? Exit 0 if so, 1
 * naming each one that is not (or is not in the account).
 */
import { merge, type PhoneNumberReader, type PhoneNumberRecord } from "../provider";
import { EXIT } from "./help";
import { clean, formatSeconds, styleFor, type CliIo } from "./output";
import { labelOf, progressFor } from "./progress";
import { writeJson } from "./records";
import { renderRecords } from "./table";
import { FIRST_POLL_INTERVAL_MS, isConnected, waitUntilConnected } from "./waitLoop";

/** One checked number: what the user asked for and what was found. */
export interface CheckEntry {
  /** The normalized identifier the user gave. */
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
 * ones not connected. A number not found fails at once: polling cannot make it
 * appear, so there is nothing to wait for.
 * @returns the exit code, 0 or 1.
 */
export async function checkCommand(
  reader: PhoneNumberReader,
  identifiers: readonly string[],
  options: CheckOptions,
  io: CliIo,
): Promise<number> {
  const fetchStatus = async (r: PhoneNumberRecord): Promise<PhoneNumberRecord> =>
    merge(r, await reader.status(r.id, { fresh: true }));
  const found = await reader.lookupMany(identifiers);
  const entries = dedupe(identifiers.map((identifier) => ({ identifier, record: found.get(identifier) })));
  let fresh = await Promise.all(entries.map(async (e) => (e.record ? fetchStatus(e.record) : undefined)));
  let waitedMs = 0;
  const anyMissing = fresh.some((r) => r === undefined);
  if (options.waitSeconds > 0 && !anyMissing && fresh.some((r) => r && !isConnected(r))) {
    const result = await waitUntilConnected(fresh as PhoneNumberRecord[], {
      waitMs: options.waitSeconds * 1000,
      poll: fetchStatus,
      firstIntervalMs: pollIntervalMs(io.env),
      progress: progressFor(io.stderr, io.env),
    });
    fresh = result.records;
    waitedMs = result.waitedMs;
  }
  const results: CheckEntry[] = entries.map((e, i) => ({ identifier: e.identifier, record: fresh[i] }));
  const failing = results.filter((e) => !e.record || !isConnected(e.record));
  if (options.json) {
    writeJson(io, {
      ok: failing.length === 0,
      waitedSeconds: Math.round(waitedMs / 100) / 10,
      numbers: results.map(jsonEntry),
    });
  } else {
    io.stdout.write(renderRecords(results, ["number", "name", "status", "lastConnected"], styleFor(io.stdout, io.env)));
  }
  if (failing.length === 0) return EXIT.ok;
  io.stderr.write(`chatmaid-numbers: ${failureLine(failing, results.length, waitedMs)}\n`);
  return EXIT.checkFailed;
}

/** The one error line naming every failing number. */
function failureLine(failing: readonly CheckEntry[], total: number, waitedMs: number): string {
  const what = failing.map((e) => {
    if (!e.record) return `${clean(e.identifier)} was not found in the account`;
    return `${labelOf(e.record)} is ${clean(e.record.connectionStatus)}`;
  });
  const waited = waitedMs > 0 ? ` after waiting ${formatSeconds(waitedMs)}` : "";
  return `${failing.length} of ${total} ${total === 1 ? "number" : "numbers"} not connected${waited}: ${what.join("; ")}`;
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

function jsonEntry(e: CheckEntry): Record<string, unknown> {
  const r = e.record;
  return {
    identifier: e.identifier,
    found: r !== undefined,
    connected: r !== undefined && isConnected(r),
    id: r?.id ?? null,
    phoneNumber: r?.phoneNumber ?? null,
    displayName: r?.displayName ?? null,
    connectionStatus: r?.connectionStatus ?? "missing",
    lastConnectedAt: r?.lastConnectedAt ?? null,
    lastDisconnectedAt: r?.lastDisconnectedAt ?? null,
    updatedAt: r?.updatedAt ?? null,
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
