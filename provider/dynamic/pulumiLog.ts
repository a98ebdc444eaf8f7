import type { LogSink } from "../../core/phoneNumbers/progressLog";
import { safeMessage } from "../../core/model/redact";

/**
 * A log sink over `pulumi.log` of the `@pulumi/pulumi` this process loads (a
 * program's, or the dynamic-provider plugin's), required on first use so the
 * provider core never loads the SDK unless it runs under it.
 */
export function pulumiLogSink(): LogSink {
  const { log } = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  return (severity, line) => {
    // The last pass before the line leaves the package: keys masked, no escape sequences.
    const message = safeMessage(line);
    if (severity === "debug") void log.debug(message);
    else if (severity === "info") void log.info(message);
    else void log.warn(message);
  };
}
