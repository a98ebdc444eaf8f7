import * as pulumi from "@pulumi/pulumi";
import { readerFor, resolveSettings, type PhoneNumberReader, type ResolvedSettings } from "../provider";

/** Credentials a function call may carry; they override stack config and the environment. */
export interface CredentialArgs {
  /** API key; overrides `chatmaid:apiKey` and `CHATMAID_API_KEY`. Prefer stack config set with `--secret`. */
  apiKey?: string;
  /** API base URL; overrides `chatmaid:baseUrl` and `CHATMAID_BASE_URL`. */
  baseUrl?: string;
}

/**
 * Resolves settings inside a Pulumi program: explicit args, then stack config,
 * then the environment. Config is read with `pulumi.runtime.getConfig`, which
 * neither prints the "value is a secret" warning that `Config.get` prints for
 * secret keys nor lets the key reach any output.
 */
export function programSettings(args: CredentialArgs): ResolvedSettings {
  return resolveSettings({
    explicit: { apiKey: args.apiKey, baseUrl: args.baseUrl },
    config: (key) => pulumi.runtime.getConfig(key),
  });
}

/** A reader for a call's settings, reporting retries with `pulumi.log.info`. */
export function programReader(args: CredentialArgs): { reader: PhoneNumberReader; settings: ResolvedSettings } {
  const settings = programSettings(args);
  const reader = readerFor(settings, (notice) => {
    void pulumi.log.info(
      `Chatmaid: ${notice.request} answered ${notice.reason}; retry ${notice.attempt} in ${Math.ceil(notice.delayMs / 1000)} s`,
    );
  });
  return { reader, settings };
}

/** Progress lines for waits, shown by `pulumi up`. */
export function logInfo(message: string): void {
  void pulumi.log.info(message);
}
