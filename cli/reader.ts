/**
 * Builds the package's reader from flags and the environment, with the same
 * settings, precedence and checks as the rest of the package: flag, then
 * environment. A bad flag value is a usage error (exit 2); a bad environment
 * variable or a missing key is an error of the run (exit 3).
 */
import { InvalidInputError } from "../core/model/errors";
import type { ClientHooks } from "../core/client/chatmaidClient";
import { readerFor, type PhoneNumberReader } from "../core/client/phoneNumberReader";
import { resolveSettings } from "../core/model/settings";
import { flagName, UsageError, type GlobalFlags } from "./args";

/**
 * A reader for the command line's settings.
 * @throws UsageError for a malformed flag value.
 * @throws AuthenticationError naming CHATMAID_API_KEY when no key is set.
 * @throws InvalidInputError for a malformed key or setting in the environment.
 */
export function readerFromFlags(
  flags: GlobalFlags,
  env: Readonly<Record<string, string | undefined>>,
  hooks: ClientHooks,
): PhoneNumberReader {
  try {
    const settings = resolveSettings({
      explicit: { apiKey: flags.apiKey, baseUrl: flags.baseUrl, timeoutSeconds: flags.timeout },
      explicitName: flagName,
      env,
    });
    return readerFor(settings, hooks);
  } catch (error) {
    if (error instanceof InvalidInputError && error.origin === "argument") throw new UsageError(error.message);
    throw error;
  }
}
