/** How numbers and durations read in messages, log lines and the CLI. */
import { safeText } from "../model/redact";

/** A number as people know it: `+15551234567 (Primary Sender)`, server text made safe. */
export function labelOf(record: { readonly phoneNumber: string; readonly displayName?: string | null }): string {
  return record.displayName
    ? `${safeText(record.phoneNumber)} (${safeText(record.displayName)})`
    : safeText(record.phoneNumber);
}

/** A duration for messages: `0.5 s`, `3 s`, `120 s`. */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 || Number.isInteger(s) ? Math.round(s) : Math.round(s * 10) / 10} s`;
}

/** `1 number`, `3 numbers`. */
export function countOf(n: number, noun = "number"): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
