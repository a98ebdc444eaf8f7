/**
 * The `list`, `get` and `status` commands: read, then print a table or JSON.
 */
import type { PhoneIdentifier } from "../core/model/identifiers";
import type { PhoneNumberReader } from "../core/client/phoneNumberReader";
import { KNOWN_CONNECTION_STATUSES, withStatus, type PhoneNumberRecord } from "../core/model/phoneNumberRecord";
import { safeText } from "../core/model/redact";
import { quote, styleFor, type CliIo } from "./output";
import { renderRecords } from "./table";

/** Output choices shared by the commands. */
export interface PrintOptions {
  readonly json: boolean;
}

/**
 * `list`: every number, or those whose status is one of `statuses`.
 * The API has no status filter, so it filters the one list response.
 */
export async function listCommand(
  reader: PhoneNumberReader,
  statuses: readonly string[],
  options: PrintOptions,
  io: CliIo,
): Promise<void> {
  const all = await reader.list();
  const shown = statuses.length === 0 ? all : all.filter((r) => statuses.includes(r.connectionStatus.toLowerCase()));
  // Unknown statuses are allowed (the API may add some), but a typo would
  // otherwise look like "nothing is in that state".
  const unknown = statuses.filter(
    (s) => !(KNOWN_CONNECTION_STATUSES as readonly string[]).includes(s) && !all.some((r) => r.connectionStatus === s),
  );
  if (unknown.length > 0) {
    io.stderr.write(
      `chatmaid-numbers: note: no number has status ${unknown.map(quote).join(", ")}; known statuses are ${KNOWN_CONNECTION_STATUSES.join(", ")}\n`,
    );
  }
  // Records carry exactly the documented fields, in a fixed order: JSON prints them as they are.
  if (options.json) return writeJson(io, shown);
  if (shown.length === 0) {
    io.stdout.write(
      statuses.length === 0
        ? "No phone numbers in this account.\n"
        : `No phone numbers with status ${statuses.map((s) => safeText(s)).join(", ")}.\n`,
    );
    return;
  }
  io.stdout.write(
    renderRecords(
      shown.map((record) => ({ record })),
      ["number", "name", "status", "lastConnected", "id"],
      styleFor(io.stdout, io.env),
    ),
  );
}

/** `get`: one number (from the shared list, or `GET /:id` when the list lacks it). */
export async function getCommand(
  reader: PhoneNumberReader,
  id: PhoneIdentifier,
  options: PrintOptions,
  io: CliIo,
): Promise<void> {
  const record = await reader.lookup(id);
  if (options.json) return writeJson(io, record);
  io.stdout.write(
    renderRecords([{ record }], ["number", "name", "status", "lastConnected", "id"], styleFor(io.stdout, io.env)),
  );
}

/**
 * `status`: the `/status` endpoint's up-to-date state, with the display name
 * from the number itself (the endpoint does not send it).
 */
export async function statusCommand(
  reader: PhoneNumberReader,
  id: PhoneIdentifier,
  options: PrintOptions,
  io: CliIo,
): Promise<void> {
  const record = await freshRecord(reader, id);
  if (options.json) return writeJson(io, record);
  io.stdout.write(
    renderRecords(
      [{ record }],
      ["number", "name", "status", "lastConnected", "lastDisconnected"],
      styleFor(io.stdout, io.env),
    ),
  );
}

/** A number with its fresh `/status` merged in. */
async function freshRecord(reader: PhoneNumberReader, id: PhoneIdentifier): Promise<PhoneNumberRecord> {
  const [record, status] = await Promise.all([reader.lookup(id), reader.status(id, { fresh: true })]);
  return withStatus(record, status);
}

/** Pretty-printed JSON plus a newline: readable in a log, and `jq` does not mind. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
