/**
 * A plain-text table: left-aligned columns, two spaces apart, widths from the
 * visible text so colour codes never skew the alignment.
 */
import type { PhoneNumberRecord } from "../core/model/phoneNumberRecord";
import { safeText } from "../core/model/redact";
import { colourStatus, formatTime, type Style } from "./output";

/** One cell: the visible text and, optionally, how to colour it. */
export interface Cell {
  readonly text: string;
  readonly paint?: (text: string) => string;
}

/** Renders a header row and rows, each line ending in `\n`, with no trailing spaces. */
function renderTable(headers: readonly string[], rows: readonly (readonly Cell[])[], style: Style): string {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]?.text ?? ""))));
  const line = (cells: readonly Cell[]): string =>
    cells
      .map((cell, i) => {
        const painted = cell.paint ? cell.paint(cell.text) : cell.text;
        return i === cells.length - 1 ? painted : painted + " ".repeat(widths[i]! - width(cell.text));
      })
      .join("  ")
      .trimEnd();
  return [line(headers.map((h) => ({ text: h, paint: style.bold }))), ...rows.map(line)].map((l) => `${l}\n`).join("");
}

// Code points, not UTF-16 units, so an emoji in a display name counts once.
function width(text: string): number {
  return [...text].length;
}

/** Which columns a record table shows. */
export type RecordColumn = "number" | "name" | "status" | "lastConnected" | "lastDisconnected" | "id";

const HEADERS: Record<RecordColumn, string> = {
  number: "NUMBER",
  name: "NAME",
  status: "STATUS",
  lastConnected: "LAST CONNECTED",
  lastDisconnected: "LAST DISCONNECTED",
  id: "ID",
};

/** A row's worth of display fields; a missing number has no record. */
export interface RecordRow {
  /** The record, or `undefined` for a number not found in the account. */
  readonly record: PhoneNumberRecord | undefined;
  /** What the user asked for, shown when there is no record. */
  readonly identifier?: string;
}

/** Renders phone-number records (or missing numbers) as a table with the given columns. */
export function renderRecords(rows: readonly RecordRow[], columns: readonly RecordColumn[], style: Style): string {
  const none: Cell = { text: "-", paint: style.dim };
  const cellOf = (row: RecordRow, column: RecordColumn): Cell => {
    const r = row.record;
    if (!r) {
      if (column === "number") return { text: safeText(row.identifier ?? "?") };
      if (column === "status") return { text: "not found", paint: style.red };
      return none;
    }
    switch (column) {
      case "number":
        return { text: safeText(r.phoneNumber) };
      case "name":
        return r.displayName === null || r.displayName === "" ? none : { text: safeText(r.displayName) };
      case "status":
        return { text: safeText(r.connectionStatus), paint: (t) => colourStatus(style, t) };
      case "lastConnected":
        return { text: formatTime(r.lastConnectedAt) };
      case "lastDisconnected":
        return { text: formatTime(r.lastDisconnectedAt) };
      case "id":
        return { text: safeText(r.id) };
    }
  };
  return renderTable(
    columns.map((c) => HEADERS[c]),
    rows.map((row) => columns.map((c) => cellOf(row, c))),
    style,
  );
}
