/**
 * Builds the package's reader from flags and the environment, with the same
 * precedence and checks as the rest of the package: flag, then environment.
 */
import { readerFor, resolveSettings, type PhoneNumberReader, type RetryNotice } from "../provider";
import type { GlobalFlags } from "./args";

/**
 * A reader for the command line's settings.
 * @param onRetry told about each retry, so a slow run explains itself.
 * @throws AuthenticationError naming CHATMAID_API_KEY when no key is set.
 * @throws InvalidInputError for a malformed key or setting in the environment.
 */
export function connect(
  flags: GlobalFlags,
  env: Readonly<Record<string, string | undefined>>,
  onRetry?: (notice: RetryNotice) => void,
): PhoneNumberReader {
  let settings = resolveSettings({
    explicit: { apiKey: flags.apiKey, baseUrl: flags.baseUrl },
    explicitName: "the --api-key flag",
    env,
  });
  if (flags.timeoutSeconds !== undefined) settings = { ...settings, timeoutMs: flags.timeoutSeconds * 1000 };
  return readerFor(settings, onRetry);
}

/** A retry notice as one stderr line. */
export function describeRetry(notice: RetryNotice): string {
  const why = /^\d+$/.test(notice.reason) ? `answered ${notice.reason}` : `failed (${notice.reason})`;
  return `${notice.request} ${why}; retry ${notice.attempt} in ${(notice.delayMs / 1000).toFixed(1)} s`;
}
