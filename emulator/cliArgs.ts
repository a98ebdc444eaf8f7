/**
 * Flag parsing for the `chatmaid-emulator` bin, separate from the entry point
 * so it can be tested in-process.
 */
import { parseArgs } from "node:util";
import { EMULATOR_KEY_LIST } from "./banner";
import { loadDataFile } from "./dataFile";
import type { EmulatorOptions } from "./index";

/** Port used when `--port` is not given: fixed, so humans can keep one URL in their config. */
export const DEFAULT_CLI_PORT = 4010;

/** `--help` text. */
export const HELP = `Usage: chatmaid-emulator [options]

Local Chatmaid phone-number API (GET /v1/phone-numbers, /:id, /:id/status).
Keys: ${EMULATOR_KEY_LIST}.

Options:
  --port N                 port to listen on (default ${DEFAULT_CLI_PORT}; 0 = any free port)
  --host H                 interface to bind (default 127.0.0.1, also for an empty H;
                           0.0.0.0 or :: exposes it to the network)
  --data FILE.json         serve these numbers: { "test": [...], "live": [...] }
  --rate-limit N           requests per window per key (default 100; 0 disables)
  --rate-limit-window MS   rate-limit window in ms (default 60000)
  --latency MS             delay before every API answer (default 0)
  --connecting-polls N     status polls before a connecting number connects (default 3)
  --log                    print one line per request to stderr
  -h, --help               show this help

Control routes (no key): /_emulator/phone-numbers/:id/status, /_emulator/faults,
/_emulator/requests, /_emulator/latency, /_emulator/rate-limit, /_emulator/reset.
They answer only a loopback Host (or the --host address) and no foreign Origin (403);
POST, PUT and DELETE need Content-Type: application/json (415).`;

/** A bad flag: the bin prints its message and exits 2. */
export class UsageError extends Error {
  /** Always `"UsageError"`. */
  override readonly name = "UsageError";
}

function integerFlag(
  name: string,
  value: string | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return n;
}

/**
 * Turns argv (without node and script) into emulator options, or `"help"`.
 * Loads `--data` right away so a bad file fails before listening.
 * @throws UsageError for bad flags; EmulatorDataError for a bad data file.
 */
export function parseCliArgs(argv: readonly string[]): EmulatorOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        data: { type: "string" },
        "rate-limit": { type: "string" },
        "rate-limit-window": { type: "string" },
        latency: { type: "string" },
        "connecting-polls": { type: "string" },
        log: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]);
  }
  if (values.help) return "help";
  return {
    port: integerFlag("port", values.port, 0, 65535) ?? DEFAULT_CLI_PORT,
    // An empty --host (e.g. an unset shell variable) means the default, loopback: never every interface.
    host: values.host?.trim() || undefined,
    rateLimit: integerFlag("rate-limit", values["rate-limit"], 0),
    rateLimitWindowMs: integerFlag("rate-limit-window", values["rate-limit-window"], 1),
    latencyMs: integerFlag("latency", values.latency, 0),
    connectingPolls: integerFlag("connecting-polls", values["connecting-polls"], 0),
    data: values.data === undefined ? undefined : loadDataFile(values.data),
    log: values.log ? (line) => process.stderr.write(`${line}\n`) : undefined,
  };
}
