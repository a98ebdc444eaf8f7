/**
 * A plugin download server on loopback: the files of one folder (release
 * tarballs) by name, as a GitHub release or any HTTP server would serve them
 * to `pulumi plugin install --server` and to automatic plugin acquisition.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

/** A running server. */
export interface PluginServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The paths asked for, in order, with the status answered. */
  readonly requests: { path: string; status: number }[];
  close(): Promise<void>;
}

/** Serves the files directly in `dir` on 127.0.0.1 (any free port); anything else is a 404. */
export async function servePluginFolder(dir: string): Promise<PluginServer> {
  const requests: { path: string; status: number }[] = [];
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname.slice(1));
    const file = path.join(dir, name);
    const found = req.method === "GET" && name !== "" && !name.includes("/") && existsSync(file);
    requests.push({ path: `/${name}`, status: found ? 200 : 404 });
    if (!found) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    res.writeHead(200, { "content-type": "application/gzip", "content-length": statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
