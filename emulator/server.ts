/**
 * The HTTP server: dispatch to API or control routes, latency, garbage-request
 * handling, and a close() that really lets the process exit (open, idle and
 * hanging sockets destroyed, timers cleared).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { handleApiRequest } from "./apiRoutes";
import { CONTROL_PREFIX, handleControlRequest } from "./controlRoutes";
import { errorEnvelope, Exchange, JSON_TYPE, newRequestId } from "./exchange";
import type { EmulatorState } from "./state";

/** Raw answer to a request Node could not parse (bad syntax, oversized headers). */
function clientErrorResponse(error: Error & { code?: string }): string {
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
  const body = JSON.stringify(errorEnvelope(status, "Malformed HTTP request", ""));
  return [
    `HTTP/1.1 ${status} ${status === 431 ? "Request Header Fields Too Large" : "Bad Request"}`,
    `content-type: ${JSON_TYPE}`,
    `content-length: ${Buffer.byteLength(body)}`,
    `x-request-id: ${newRequestId()}`,
    "connection: close",
    "",
    body,
  ].join("\r\n");
}

/** An HTTP server bound to one {@link EmulatorState}. */
export class EmulatorServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket | Duplex>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closing: Promise<void> | undefined;

  constructor(private readonly state: EmulatorState) {
    this.server = createServer((req, res) => this.dispatch(req, res));
    this.server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.server.on("clientError", (error: Error & { code?: string }, socket: Duplex) => {
      // A reset or timed-out client cannot be answered; anything else gets a 4xx, then the socket goes.
      if (error.code !== "ECONNRESET" && socket.writable) {
        socket.end(clientErrorResponse(error));
      }
      socket.destroy();
    });
  }

  /** Starts listening; resolves with the bound port. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once("error", onError);
      this.server.listen(port, host, () => {
        this.server.off("error", onError);
        // After startup a server error (e.g. EMFILE on accept) must not crash a test run; the next accept retries.
        this.server.on("error", () => undefined);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops accepting, clears timers, destroys every socket (including hanging requests). Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
    });
    return this.closing;
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  private dispatch(req: IncomingMessage, res: ServerResponse): void {
    const isControl = (req.url ?? "").startsWith(CONTROL_PREFIX);
    const ex = new Exchange(req, res, this.state.journal, !isControl);
    const fail = (error: unknown): void => {
      // A bug must cost one request, never the server.
      if (!ex.done) ex.error(500, `Emulator error: ${(error as Error).message}`);
      else res.destroy();
    };
    if (isControl) {
      handleControlRequest(this.state, ex).catch(fail);
      return;
    }
    const run = (): void => {
      try {
        handleApiRequest(this.state, ex);
      } catch (error) {
        fail(error);
      }
    };
    if (this.state.latencyMs > 0) this.later(this.state.latencyMs, run);
    else run();
  }
}
