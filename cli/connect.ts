/**
 * Builds the package's reader from flags and the environment, with the same
 * precedence and checks as the rest of the package: flag, then environment.
 */
import { AuthenticationError, readerFor, resolveSettings, type PhoneNumberReader, type RetryNotice } from "../provider";
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
  let settings;
  try {
    settings = resolveSettings({
      explicit: { apiKey: flags.apiKey, baseUrl: flags.baseUrl },
      explicitName: "the --api-key flag",
      env,
    });
  } catch (error) {
    // The package's message lists Pulumi's ways (argument, stack config); a
    // shell user has these two.
    if (error instanceof AuthenticationError && error.code === "missing_api_key") {
      throw new AuthenticationError(
        "No Chatmaid API key was found. Set the CHATMAID_API_KEY environment variable to your sk_test_... or sk_live_... key " +
          "(or pass --api-key, which is kept in shell history).",
        { code: "missing_api_key" },
      );
    }
    throw error;
  }
  if (flags.timeoutSeconds !== undefined) settings = { ...settings, timeoutMs: flags.timeoutSeconds * 1000 };
  return readerFor(settings, onRetry);
}

/** A retry notice as one stderr line. */
export function describeRetry(notice: RetryNotice): string {
  const why = /^\d+$/.test(notice.reason) ? `answered ${notice.reason}` : `failed (${notice.reason})`;
  return `${notice.request} ${why}; retry ${notice.attempt} in ${(notice.delayMs / 1000).toFixed(1)} s`;
}
