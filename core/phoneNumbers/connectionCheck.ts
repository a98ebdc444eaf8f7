/**
 * The `requireConnected` rule: every given number must be `connected` per
 * the up-to-date `/status` endpoint, waiting for it through the one wait loop
 * when asked to; otherwise one error names every number that is not.
 */
import { checkEdge } from "../model/inputCheck";
import { InvalidInputError, NotConnectedError, type NotConnectedFailure } from "../model/errors";
import { recordIdentifier } from "../model/identifiers";
import {
  FAILURE_FIELDS,
  isConnected,
  pickFields,
  withStatus,
  type PhoneNumberRecord,
} from "../model/phoneNumberRecord";
import { PhoneNumberReader } from "../client/phoneNumberReader";
import { formatSeconds } from "./format";
import { safeText } from "../model/redact";
import { waitUntilConnected, type WaitBudget, type WaitProgress } from "./waitLoop";

/**
 * Whether a record is connected: `@chatmaid/pulumi/provider`'s `isConnected`,
 * which checks its argument at run time (JavaScript callers exist).
 * @throws InvalidInputError when `record` has no string `connectionStatus`.
 */
export function isConnectedRecord(record: { readonly connectionStatus: string }): boolean {
  if (typeof (record as { connectionStatus?: unknown } | null)?.connectionStatus !== "string") {
    throw new InvalidInputError("isConnected: record.connectionStatus must be a string (a record from the client).", {
      code: "invalid_argument",
      origin: "argument",
    });
  }
  return isConnected(record);
}

/** Options of {@link ensureConnected}. */
export interface EnsureConnectedOptions {
  /** Keep polling `/status` for up to this many seconds while a number is not connected. Default 0. */
  readonly waitSeconds?: number;
  /** A wait started earlier (see `startWait`): its deadline replaces `waitSeconds`. */
  readonly budget?: WaitBudget;
  /** Progress of the wait (log lines, a live line). */
  readonly progress?: WaitProgress;
  /** Cancels the wait (e.g. the deployment was cancelled). */
  readonly signal?: AbortSignal;
  /** First poll interval, for tests. Default 1 s. */
  readonly firstIntervalMs?: number;
}

/**
 * Reads each number's `/status`; while some are not connected and time
 * remains, polls them. Returns the records with their fresh status merged in.
 * @throws NotConnectedError naming every number that is not connected at the end.
 */
export async function ensureConnected(
  reader: PhoneNumberReader,
  records: readonly PhoneNumberRecord[],
  options: EnsureConnectedOptions = {},
): Promise<PhoneNumberRecord[]> {
  if (!(reader instanceof PhoneNumberReader)) {
    throw new InvalidInputError("ensureConnected: reader must be a PhoneNumberReader (see readerFor).", {
      code: "invalid_argument",
      origin: "argument",
    });
  }
  checkEdge("ensureConnected", "records", (s) => s.recordSchema.array(), records);
  checkEdge("ensureConnected", "options", (s) => s.ensureConnectedOptionsSchema, options);
  const waitSeconds = options.budget?.waitSeconds ?? options.waitSeconds ?? 0;
  const result = await waitUntilConnected(records, {
    waitMs: waitSeconds * 1000,
    ...(options.budget ? { deadline: options.budget.deadline } : {}),
    // The first read may come from a status cached in the last few seconds; polls may not.
    poll: async (record, { signal, first }) =>
      withStatus(record, await reader.status(recordIdentifier(record), { fresh: !first, signal })),
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.firstIntervalMs ? { firstIntervalMs: options.firstIntervalMs } : {}),
  });
  // A number whose status never answered is not confirmed connected, whatever the list said.
  const failing = result.records.filter((r, i) => !isConnected(r) || !result.confirmed[i]);
  if (failing.length > 0) {
    // The wait asked for: a stale round (a hung request) ends within the documented grace after it.
    throw notConnected(
      failing.map((r) => failureOf(r, result.stale)),
      waitSeconds * 1000,
    );
  }
  return result.records;
}

/** Builds the one error for every number that must be connected but is not. */
export function notConnected(failures: readonly NotConnectedFailure[], waitedMs = 0): NotConnectedError {
  const one = failures.length === 1;
  const lines = failures.map((f) => `  - ${describeFailure(f)}`);
  const waited = waitedMs > 0 ? ` after waiting ${formatSeconds(waitedMs)}` : "";
  return new NotConnectedError(
    `${failures.length} Chatmaid phone ${one ? "number" : "numbers"} that must be connected ${one ? "is" : "are"} not connected${waited}:\n` +
      `${lines.join("\n")}\n` +
      `Reconnect ${one ? "it" : "them"} in the Chatmaid dashboard (WhatsApp > Linked devices), or set waitForConnectedSeconds to wait for a connection in progress.`,
    failures,
  );
}

/** One line per failing number: number, name, ID, status, and when it last connected. */
function describeFailure(f: NotConnectedFailure): string {
  const name = f.displayName ? ` "${safeText(f.displayName)}"` : " (no display name)";
  const id = f.id !== f.identifier ? ` [id ${safeText(f.id)}]` : "";
  const status = f.stale
    ? `${safeText(f.connectionStatus)} when last read (its status request did not answer before the deadline)`
    : safeText(f.connectionStatus);
  const last = [
    f.lastConnectedAt ? `last connected ${safeText(f.lastConnectedAt)}` : "never connected",
    ...(f.lastDisconnectedAt ? [`last disconnected ${safeText(f.lastDisconnectedAt)}`] : []),
  ].join(", ");
  return `${safeText(f.phoneNumber)}${name}${id}: ${status}, ${last}`;
}

/** The failure entry of a record that is not connected: its fields derived from the record's. */
export function failureOf(record: PhoneNumberRecord, stale = false): NotConnectedFailure {
  return { identifier: record.phoneNumber, ...pickFields(record, FAILURE_FIELDS), stale };
}
