import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";
import * as tls from "node:tls";

/** What a forward proxy saw. */
export interface ProxyLog {
  /** `host:port` of each CONNECT (tunnel) request. */
  readonly connects: string[];
  /** Absolute-form request URLs (plain http through the proxy without a tunnel). */
  readonly absolute: string[];
  /** The `Proxy-Authorization` headers received. */
  readonly authorizations: string[];
}

/** Options of {@link startForwardProxy}. */
export interface ForwardProxyOptions {
  /** Answer every CONNECT with this status instead of tunnelling (403: not allowed, 407: credentials needed). */
  readonly refuseWith?: number;
  /** Require `Proxy-Authorization: Basic <user:password>`, else 407. */
  readonly credentials?: string;
  /** Where tunnels to other hosts go: `host:port` -> a port on 127.0.0.1 (a TLS front for a made-up host). */
  readonly routes?: Readonly<Record<string, number>>;
}

/** A forward proxy on 127.0.0.1 that tunnels CONNECT and forwards absolute-form requests, counting both. */
export interface ForwardProxy extends ProxyLog {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** The proxy URL with credentials, for HTTPS_PROXY. */
  urlWith(credentials: string): string;
  close(): Promise<void>;
}

/**
 * A TLS front on 127.0.0.1 for a made-up host: terminates TLS with the test
 * certificate for `chatmaid.test` (test/support/fixtures/tls; trusted by a
 * child process through NODE_EXTRA_CA_CERTS) and pipes the bytes to `port`.
 */
export async function startTlsFront(port: number): Promise<{ port: number; close(): Promise<void> }> {
  const dir = path.join(__dirname, "fixtures", "tls");
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(
    { key: readFileSync(path.join(dir, "chatmaid.test.key")), cert: readFileSync(path.join(dir, "chatmaid.test.crt")) },
    (socket) => {
      const onward = net.connect(port, "127.0.0.1");
      for (const s of [socket, onward]) {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
        s.on("error", () => undefined);
      }
      socket.pipe(onward).pipe(socket);
    },
  );
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The certificate a child process trusts (NODE_EXTRA_CA_CERTS) for the TLS front. */
export const TEST_CERTIFICATE = path.join(__dirname, "fixtures", "tls", "chatmaid.test.crt");

/** Starts a forward proxy on a free loopback port. Only ever connects onward to loopback. */
export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const log: ProxyLog = { connects: [], absolute: [], authorizations: [] };
  const sockets = new Set<net.Socket>();
  const authorized = (header: string | undefined): boolean => {
    if (header !== undefined) log.authorizations.push(header);
    return (
      options.credentials === undefined || header === `Basic ${Buffer.from(options.credentials).toString("base64")}`
    );
  };
  const server = http.createServer((req, res) => {
    log.absolute.push(req.url ?? "");
    if (!authorized(req.headers["proxy-authorization"])) return void res.writeHead(407).end();
    const target = new URL(req.url ?? "");
    if (!isLoopbackHost(target.hostname)) return void res.writeHead(403).end();
    const onward = http.request(
      target,
      { method: req.method, headers: { ...req.headers, "proxy-authorization": undefined } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    onward.on("error", () => res.writeHead(502).end());
    req.pipe(onward);
  });
  server.on("connection", (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    log.connects.push(req.url ?? "");
    client.on("error", () => undefined);
    if (!authorized(req.headers["proxy-authorization"]))
      return void client.end("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
    const routed = options.routes?.[req.url ?? ""];
    const [host, port] = routed === undefined ? (req.url ?? "").split(/:(?=\d+$)/) : ["127.0.0.1", String(routed)];
    if (options.refuseWith !== undefined || !isLoopbackHost(host ?? "")) {
      return void client.end(`HTTP/1.1 ${options.refuseWith ?? 403} Refused\r\n\r\n`);
    }
    const onward = net.connect(Number(port), host!.replace(/^\[|\]$/g, ""), () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) onward.write(head);
      onward.pipe(client);
      client.pipe(onward);
    });
    sockets.add(onward);
    onward.on("close", () => sockets.delete(onward));
    onward.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    ...log,
    url: `http://127.0.0.1:${port}`,
    urlWith: (credentials) => `http://${credentials}@127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isLoopbackHost(host: string): boolean {
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]" || host === "::1";
}
