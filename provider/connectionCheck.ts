import { NotConnectedError, type NotConnectedFailure } from "./errors";
import type { PhoneNumberReader } from "./phoneNumberReader";
import type { PhoneNumberRecord, PhoneNumberStatusRecord } from "./phoneNumberTypes";

/** Options of {@link ensureConnected}. */
export interface EnsureConnectedOptions {
  /** Keep polling `/status` for up to this many seconds while a number is not connected. Default 0. */
  readonly waitForConnectedSeconds?: number;
  /** Progress lines, e.g. `pulumi.log.info`. */
  readonly log?: (message: string) => void;
  /** First poll interval; doubles up to 10 s. Default 1000 ms. */
  readonly pollIntervalMs?: number;
}

const MAX_POLL_INTERVAL_MS = 10_000;

/**
 * Checks that every given number is connected, using `/status` (the
 * up-to-date state) for each. While some are not and time remains, polls them
 * with backoff, logging each change. Throws one {@link NotConnectedError}
 * naming every failing number; otherwise returns the records with their
 * fresh status merged in.
 */
export async function ensureConnected(
  reader: PhoneNumberReader,
  records: readonly PhoneNumberRecord[],
  options: EnsureConnectedOptions = {},
): Promise<PhoneNumberRecord[]> {
  const waitMs = Math.max(0, (options.waitForConnectedSeconds ?? 0) * 1000);
  const deadline = Date.now() + waitMs;
  const current = await Promise.all(records.map(async (r) => merge(r, await reader.status(r.id))));
  let pending = current.filter((r) => r.connectionStatus !== "connected");
  let interval = options.pollIntervalMs ?? 1000;
  if (pending.length > 0 && waitMs > 0) {
    options.log?.(
      `Waiting up to ${Math.round(waitMs / 1000)} s for ${pending.length} Chatmaid number(s) to connect: ${pending.map(label).join(", ")}`,
    );
  }
  while (pending.length > 0 && Date.now() < deadline) {
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
    interval = Math.min(MAX_POLL_INTERVAL_MS, interval * 2);
    const polled = await Promise.all(pending.map(async (r) => merge(r, await reader.status(r.id, { fresh: true }))));
    for (const [i, record] of polled.entries()) {
      const before = pending[i]!;
      if (record.connectionStatus !== before.connectionStatus) {
        options.log?.(`${label(record)} is now ${record.connectionStatus}`);
      }
      current[current.findIndex((r) => r.id === record.id)] = record;
    }
    pending = polled.filter((r) => r.connectionStatus !== "connected");
    if (pending.length > 0 && Date.now() < deadline) {
      options.log?.(
        `Still waiting for ${pending.map(label).join(", ")} (${Math.ceil((deadline - Date.now()) / 1000)} s left)`,
      );
    }
  }
  if (pending.length > 0) throw notConnected(pending.map(failureOf), waitMs);
  return current;
}

/** Builds the one error for every number that must be connected but is not (or is missing). */
export function notConnected(failures: readonly NotConnectedFailure[], waitedMs = 0): NotConnectedError {
  const lines = failures.map((f) => `  - ${describeFailure(f)}`);
  const waited = waitedMs > 0 ? ` after waiting ${Math.round(waitedMs / 1000)} s` : "";
  const missing = failures.some((f) => f.connectionStatus === "missing");
  return new NotConnectedError(
    `${failures.length} Chatmaid phone number(s) required to be connected ${failures.length === 1 ? "is" : "are"} not${waited}:\n${lines.join("\n")}\n` +
      `Reconnect them in the Chatmaid dashboard (WhatsApp > Linked devices), or set waitForConnectedSeconds to wait for a connection in progress.` +
      (missing ? ` Missing numbers must be registered in the account that owns the API key.` : ""),
    failures,
  );
}

function describeFailure(f: NotConnectedFailure): string {
  if (f.connectionStatus === "missing") return `${f.identifier}: not found in the account`;
  const name = f.displayName ? ` "${f.displayName}"` : " (no display name)";
  const id = f.id && f.id !== f.identifier ? ` [id ${f.id}]` : "";
  const last = [
    f.lastConnectedAt ? `last connected ${f.lastConnectedAt}` : "never connected",
    ...(f.lastDisconnectedAt ? [`last disconnected ${f.lastDisconnectedAt}`] : []),
  ].join(", ");
  return `${f.phoneNumber ?? f.identifier}${name}${id}: ${f.connectionStatus}, ${last}`;
}

/** A failure entry for a record that is not connected. */
export function failureOf(r: PhoneNumberRecord): NotConnectedFailure {
  return {
    identifier: r.phoneNumber,
    id: r.id,
    phoneNumber: r.phoneNumber,
    displayName: r.displayName,
    connectionStatus: r.connectionStatus,
    lastConnectedAt: r.lastConnectedAt,
    lastDisconnectedAt: r.lastDisconnectedAt,
  };
}

/** Overlays the fresh `/status` fields on a record. */
export function merge(record: PhoneNumberRecord, status: PhoneNumberStatusRecord): PhoneNumberRecord {
  return {
    ...record,
    connectionStatus: status.connectionStatus,
    lastConnectedAt: status.lastConnectedAt,
    lastDisconnectedAt: status.lastDisconnectedAt,
    updatedAt: status.updatedAt ?? record.updatedAt,
  };
}

function label(r: PhoneNumberRecord): string {
  return r.displayName ? `${r.phoneNumber} (${r.displayName})` : r.phoneNumber;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
