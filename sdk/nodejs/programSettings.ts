import * as pulumi from "@pulumi/pulumi";
import { readerFor, type PhoneNumberReader } from "../../core/client/phoneNumberReader";
import { logRetry, progressLog, type LogSink } from "../../core/phoneNumbers/progressLog";
import { pulumiLogSink } from "../../provider/dynamic/pulumiLog";
import { resolveSettings } from "../../core/model/settings";
import type { WaitHooks } from "../../core/phoneNumbers/queries";

/** Credentials a function call may carry; they override stack config and the environment. */
export interface CredentialArgs {
  /** API key; overrides `chatmaid:apiKey` and `CHATMAID_API_KEY`. Prefer stack config set with `--secret`. */
  apiKey?: string;
  /** API base URL; overrides `chatmaid:baseUrl` and `CHATMAID_BASE_URL`. */
  baseUrl?: string;
}

/** A Pulumi program's log: `pulumi.log` at each severity, which `pulumi up` shows (debug with `-v`). */
const programLog: LogSink = pulumiLogSink();

/**
 * A reader for a call's settings: explicit arguments, then stack config, then
 * the environment. Config is read with `pulumi.runtime.getConfig`, which
 * neither prints the "value is a secret" warning that `Config.get` prints for
 * secret keys nor lets the key reach any output.
 */
export function programReader(args: CredentialArgs): PhoneNumberReader {
  const settings = resolveSettings({
    explicit: { apiKey: args.apiKey, baseUrl: args.baseUrl },
    config: (key) => pulumi.runtime.getConfig(key),
  });
  return readerFor(settings, {
    onRetry: (notice) => logRetry(programLog, notice),
    onWarning: (message) => programLog("warning", message),
  });
}

/** How a program's `requireConnected` waits report: log lines, quiet unless the wait lasts. */
export function programWait(): WaitHooks {
  return { progress: progressLog(programLog) };
}
