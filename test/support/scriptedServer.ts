import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer: a status, headers and body, or a custom handler. */
export type ScriptedAnswer =
  | { status: number; body?: string | object; headers?: Record<string, string> }
  | ((req: http.IncomingMessage, res: http.ServerResponse) => void);

/** A request the scripted server saw. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  at: number;
}

/**
 * A loopback HTTP server answering from a script, one answer per request (the
 * last answer repeats). For client tests that need exact responses: statuses,
 * headers, broken bodies. Closing destroys open sockets, so hangs end.
 */
export class ScriptedServer {
  readonly requests: SeenRequest[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<import("node:net").Socket>();
  private script: ScriptedAnswer[] = [];
  url = "";

  constructor() {
    this.server = http.createServer((req, res) => this.answer(req, res));
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  /** Starts on 127.0.0.1 and a free port. */
  static async start(...script: ScriptedAnswer[]): Promise<ScriptedServer> {
    const s = new ScriptedServer();
    s.script = script;
    await new Promise<void>((resolve) => s.server.listen(0, "127.0.0.1", resolve));
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  /** Replaces the script. */
  respond(...script: ScriptedAnswer[]): void {
    this.script = script;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, at: Date.now() });
    const next = this.script.length > 1 ? this.script.shift()! : this.script[0];
    if (!next) {
      res.writeHead(500).end();
      return;
    }
    if (typeof next === "function") return next(req, res);
    const body = typeof next.body === "string" ? next.body : next.body === undefined ? "" : JSON.stringify(next.body);
    const type = typeof next.body === "object" ? { "content-type": "application/json" } : {};
    res.writeHead(next.status, { ...type, ...next.headers }).end(body);
  }
}

/** A valid phone number object, as the API sends it. */
export function sampleRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "507f1f77bcf86cd799439011",
    phoneNumber: "+15551234567",
    displayName: "Primary Sender",
    connectionStatus: "connected",
    lastConnectedAt: "2026-02-06T14:10:00.000Z",
    lastDisconnectedAt: null,
    createdAt: "2026-02-01T10:20:00.000Z",
    updatedAt: "2026-02-06T14:10:00.000Z",
    ...overrides,
  };
}
