/**
 * Lines for the user go to the engine's `Log` service (what a provider prints
 * on stdout or stderr is hidden from users), tied to the resource's URN.
 */
import { grpc } from "./grpc";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import type { LogSeverity as Severity, LogSink } from "../../core/phoneNumbers/progressLog";
import { safeMessage } from "../../core/model/redact";

const SEVERITIES: Record<Severity, LogSeverity> = {
  debug: LogSeverity.DEBUG,
  info: LogSeverity.INFO,
  warning: LogSeverity.WARNING,
};

/** The engine's log, or nowhere when the plugin was started without an engine address. */
export class EngineLog {
  readonly #client: EngineClient | undefined;

  constructor(address: string | undefined) {
    this.#client = address ? new EngineClient(address, grpc.credentials.createInsecure()) : undefined;
  }

  /** A sink whose lines are about `urn` (none for invokes). */
  sink(urn?: string): LogSink {
    return (severity, message) => {
      const client = this.#client;
      if (!client) return;
      const request = new LogRequest().setSeverity(SEVERITIES[severity]).setMessage(safeMessage(message));
      if (urn) request.setUrn(urn);
      // A lost log line must never fail an operation.
      client.log(request, () => undefined);
    };
  }

  /** Closes the channel. */
  close(): void {
    this.#client?.close();
  }
}
