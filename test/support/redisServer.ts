/**
 * A real Redis (Debian's `redis-server`) for tests and the bench: started on
 * a free loopback port in a temporary folder, nothing saved to disk, stopped
 * with the test. Without redis-server the caller fails, saying how to install
 * it: the tests of the Redis store never skip.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** A running redis-server. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` (without the password). */
  readonly url: string;
  readonly port: number;
  /** Kills it at once (SIGKILL), as a crash or an outage would. */
  kill(): Promise<void>;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

/** Options of {@link startRedis}. */
export interface RedisOptions {
  /** Requires this password (`requirepass`). */
  readonly password?: string;
}

/** The redis-server binary, or an error saying how to install it. */
export function redisServerBinary(): string {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  const binary = found.stdout.trim();
  if (found.status !== 0 || binary === "") {
    throw new Error(
      "redis-server is not installed, and the tests of the shared Redis store need it. " +
        "Install it with `sudo apt-get install -y redis-server` (Debian/Ubuntu; .ci/run does this) " +
        "or `brew install redis` (macOS), then run the tests again.",
    );
  }
  return binary;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts redis-server; resolves once it accepts connections. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const binary = redisServerBinary();
  const dir = mkdtempSync(path.join(tmpdir(), "chatmaid-redis-"));
  const port = await freePort();
  const args = ["--bind", "127.0.0.1", "--port", String(port), "--dir", dir, "--save", "", "--appendonly", "no"];
  if (options.password) args.push("--requirepass", options.password);
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`redis-server did not start in 10 s:\n${output}`)), 10_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready to accept connections/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
  child.stdout!.resume();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => end("SIGKILL"),
    async stop() {
      await end("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
