/**
 * The HTTP server: dispatch to API or control routes, latency, garbage-request
 * handling, and a close() that really lets the process exit (open, idle and
 * hanging sockets destroyed, timers cleared).
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { handleApiRequest } from "./apiRoutes";
import type { EmulatorSite } from "./controlAccess";
import { CONTROL_PREFIX, handleControlRequest } from "./controlRoutes";
import { errorEnvelope, Exchange, JSON_TYPE, newRequestId } from "./exchange";
import type { EmulatorState } from "./state";

/** A raw error answer, for requests that never become a `ServerResponse` (unparseable, oversized, CONNECT). */
function rawErrorResponse(status: number, message: string, path: string, headers: Record<string, string> = {}): string {
  const body = JSON.stringify(errorEnvelope(status, message, path));
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}`,
    `content-type: ${JSON_TYPE}`,
    `content-length: ${Buffer.byteLength(body)}`,
    `x-request-id: ${newRequestId()}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    "connection: close",
    "",
    body,
  ].join("\r\n");
}

/**
 * Raw answer to a request Node could not parse (bad syntax, oversized
 * headers). A HEAD request (as far as the bytes Node kept show) gets the
 * headers only: a body after a HEAD answer would corrupt the client's stream.
 */
function clientErrorResponse(error: Error & { code?: string; rawPacket?: Buffer }): string {
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
  const response = rawErrorResponse(status, "Malformed HTTP request", "");
  const isHead = Buffer.isBuffer(error.rawPacket) && error.rawPacket.subarray(0, 5).toString("latin1") === "HEAD ";
  return isHead ? response.slice(0, response.indexOf("\r\n\r\n") + 4) : response;
}

/** An HTTP server bound to one {@link EmulatorState}. */
export class EmulatorServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket | Duplex>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closing: Promise<void> | undefined;
  /** Set by listen() (no request arrives before): the control routes compare Host and Origin with it. */
  private site: EmulatorSite = { port: 0, host: "" };

  constructor(private readonly state: EmulatorState) {
    // Host is checked in dispatch, so a request without it gets the JSON envelope, not Node's bare 400.
    this.server = createServer({ requireHostHeader: false }, (req, res) => this.dispatch(req, res));
    this.server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.server.on("clientError", (error: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex) => {
      // A reset client cannot be answered; anything else gets a 4xx, then the socket goes. As in
      // Node's own handler, not while a response is being written on this socket (e.g. garbage
      // after a request answered with `connection: close`): that would corrupt the stream.
      const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
      if (error.code !== "ECONNRESET" && socket.writable && (!inFlight || !inFlight.headersSent)) {
        socket.end(clientErrorResponse(error));
      }
      socket.destroy();
    });
    // No proxying here: CONNECT gets a 405 envelope instead of a silently dropped connection.
    this.server.on("connect", (req: IncomingMessage, socket: Duplex) => {
      socket.on("error", () => undefined);
      if (socket.writable)
        socket.end(
          rawErrorResponse(405, `Method CONNECT is not allowed on ${req.url ?? ""}`, req.url ?? "", { allow: "GET" }),
        );
      socket.destroy();
    });
    // Any Expect but 100-continue: 417 with the envelope (Node's default has an empty body).
    this.server.on("checkExpectation", (req: IncomingMessage, res: ServerResponse) => {
      this.exchange(req, res).error(
        417,
        `Unsupported Expect: ${String(req.headers.expect).slice(0, 100)} (only 100-continue is supported)`,
      );
    });
  }

  /** Starts listening on `host` (used as given; defaults are the caller's); resolves with the bound address and port. */
  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once("error", onError);
      this.server.listen(port, host, () => {
        this.server.off("error", onError);
        // After startup a server error (e.g. EMFILE on accept) must not crash a test run; the next accept retries.
        this.server.on("error", () => undefined);
        const address = this.server.address() as AddressInfo;
        this.site = { port: address.port, host };
        resolve(address);
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

  /** One request and its answer; control routes are answered but not journaled as API traffic. */
  private exchange(req: IncomingMessage, res: ServerResponse): Exchange {
    return new Exchange(req, res, this.state.journal, !isControlRequest(req));
  }

  private dispatch(req: IncomingMessage, res: ServerResponse): void {
    const ex = this.exchange(req, res);
    if (req.headers.host === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1) {
      ex.error(400, "Missing Host header (required by HTTP/1.1)");
      return;
    }
    const fail = (error: unknown): void => {
      // A bug must cost one request, never the server.
      if (!ex.done) ex.error(500, `Emulator error: ${(error as Error).message}`);
      else res.destroy();
    };
    if (isControlRequest(req)) {
      handleControlRequest(this.state, ex, this.site).catch(fail);
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

/** Whether a request is for the dashboard-simulation routes under `/_emulator/`. */
function isControlRequest(req: IncomingMessage): boolean {
  return (req.url ?? "").startsWith(CONTROL_PREFIX);
}
