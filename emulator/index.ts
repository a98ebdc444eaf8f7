/**
 * A local Chatmaid phone-number API for tests, demos and stack tests:
 * `const emulator = await startEmulator()` then point a client at `emulator.url`
 * with key `sk_test_emulator`. See emulator/README.md.
 */
import { parseEmulatorData, sampleData } from "./dataFile";
import type { Fault } from "./faults";
import { DEFAULT_MAX_RECORDED_REQUESTS } from "./journal";
import { DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW_MS, checkRateLimitSettings } from "./rateLimiter";
import { EmulatorServer } from "./server";
import { checkLatency, EmulatorState } from "./state";
import { DEFAULT_CONNECTING_POLLS } from "./store";
import type {
  ConnectionStatus,
  EmulatorAccount,
  EmulatorData,
  EmulatorPhoneNumber,
  PhoneNumberInput,
  RecordedRequest,
} from "./types";

export { EMULATOR_API_KEYS, LEGACY_READ_SCOPE, READ_SCOPE } from "./accounts";
export { loadDataFile, parseEmulatorData, type NormalizedData } from "./dataFile";
export { FaultError, parseFault } from "./faults";
export type {
  Fault,
  FaultScope,
  HangFault,
  HugeFault,
  MalformedFault,
  RawFault,
  ResetFault,
  StatusFault,
} from "./faults";
export { EmulatorDataError } from "./phoneNumberInput";
export { DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW_MS, SlidingWindowRateLimiter } from "./rateLimiter";
export {
  generatePhoneNumbers,
  SAMPLE_LIVE_NUMBERS,
  SAMPLE_TEST_NUMBERS,
  type GeneratePhoneNumbersOptions,
} from "./sampleData";
export { DEFAULT_CONNECTING_POLLS, type StatusView } from "./store";
export type { ErrorEnvelope } from "./exchange";
export type {
  ConnectionStatus,
  EmulatorAccount,
  EmulatorData,
  EmulatorPhoneNumber,
  PhoneNumberInput,
  RecordedRequest,
} from "./types";

/** Options of {@link startEmulator}. Every field is optional. */
export interface EmulatorOptions {
  /** Port to listen on. Default 0: a free port (read it from `url`/`port`). */
  port?: number;
  /**
   * Interface to bind. Default `127.0.0.1`; an empty or blank string means the
   * default too, never every interface. Binding `0.0.0.0` or `::` (every
   * interface) must be asked for explicitly: it exposes the emulator, whose
   * keys are public, to the network.
   */
  host?: string;
  /** Numbers to serve, replacing the samples (omitted accounts are empty). Default: the sample data. */
  data?: EmulatorData;
  /** Requests per window per API key. Default 100; 0 or Infinity disables. */
  rateLimit?: number;
  /** Rate-limit window in ms. Default 60000. */
  rateLimitWindowMs?: number;
  /** Delay before every API answer, in ms. Default 0. */
  latencyMs?: number;
  /** `/status` polls a `connecting` number answers before it turns `connected`. Default 3; Infinity = never. */
  connectingPolls?: number;
  /** Receives one line per request (never containing an API key). Default: no logging. */
  log?: (line: string) => void;
  /** Recorded requests kept (oldest dropped). Default 10000. */
  maxRecordedRequests?: number;
}

/** A started emulator. */
export interface RunningEmulator {
  /** Base URL without a trailing slash or `/v1`, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  /** Bound port. */
  readonly port: number;
  /** Bound address as the system reports it, e.g. `127.0.0.1` (or `::` for a `::` bind). */
  readonly address: string;
  /** Closes the server, destroys open and hanging sockets, clears timers. Idempotent. */
  close(): Promise<void>;
  /**
   * Dashboard simulation: sets a number's status and stamps `lastConnectedAt` /
   * `lastDisconnectedAt` / `updatedAt`. Without `account`, test is searched, then live.
   * A number set to `connecting` starts a fresh poll count.
   * @returns A copy of the updated number.
   * @throws Error for an unknown number.
   */
  setStatus(idOrE164: string, status: ConnectionStatus, account?: EmulatorAccount): EmulatorPhoneNumber;
  /** Replaces an account's numbers (validated; e.g. `generatePhoneNumbers(10_000)`). @throws EmulatorDataError */
  setNumbers(account: EmulatorAccount, numbers: readonly PhoneNumberInput[]): void;
  /** Adds one number to an account. @throws EmulatorDataError when invalid or taken. */
  addNumber(account: EmulatorAccount, number: PhoneNumberInput): EmulatorPhoneNumber;
  /** Copies of an account's current numbers. */
  getNumbers(account: EmulatorAccount): EmulatorPhoneNumber[];
  /** Queues a fault for the next matching authenticated API request(s). @throws FaultError when invalid. */
  injectFault(fault: Fault): void;
  /** Drops every queued fault. */
  clearFaults(): void;
  /** Sets the delay before every API answer, in ms. */
  setLatency(ms: number): void;
  /** Sets the per-key limit (0 or Infinity disables) and optionally the window; resets the counters. */
  setRateLimit(limit: number, windowMs?: number): void;
  /** Snapshot of recorded API requests, oldest first (control routes excluded). */
  readonly requests: readonly RecordedRequest[];
  /** Forgets recorded requests. */
  clearRequests(): void;
  /** Back to the starting numbers and settings; clears faults, requests and rate counters. */
  reset(): void;
}

/** Interface bound when `host` is missing, empty or blank: loopback only. */
const DEFAULT_HOST = "127.0.0.1";

/** The host to bind: the trimmed option, or {@link DEFAULT_HOST} (`""` would bind every interface). */
function hostToBind(host: string | undefined): string {
  return host?.trim() || DEFAULT_HOST;
}

/**
 * The host of the URL to reach the emulator at: a wildcard bind is reached on
 * this machine's loopback (a client cannot connect to 0.0.0.0, and
 * `@chatmaid/pulumi` sends plain http:// only to loopback); IPv6 literals in brackets.
 */
function urlHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::" || host === "[::]") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * Starts an emulator. Resolves once it listens.
 * @throws RangeError for bad numeric options, EmulatorDataError for bad `data`.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const rateLimitWindowMs = options.rateLimitWindowMs ?? DEFAULT_RATE_WINDOW_MS;
  checkRateLimitSettings(rateLimit, rateLimitWindowMs);
  const latencyMs = options.latencyMs ?? 0;
  checkLatency(latencyMs);
  const connectingPolls = options.connectingPolls ?? DEFAULT_CONNECTING_POLLS;
  if (!(connectingPolls >= 0)) throw new RangeError(`connectingPolls must be >= 0 (got ${connectingPolls})`);
  const data = options.data === undefined ? sampleData() : parseEmulatorData(options.data, "options.data");

  const state = new EmulatorState({
    data,
    rateLimit,
    rateLimitWindowMs,
    latencyMs,
    connectingPolls,
    log: options.log,
    maxRecordedRequests: options.maxRecordedRequests ?? DEFAULT_MAX_RECORDED_REQUESTS,
  });
  const server = new EmulatorServer(state);
  const host = hostToBind(options.host);
  const { address, port } = await server.listen(options.port ?? 0, host);

  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    address,
    close: () => server.close(),
    setStatus: (idOrE164, status, account) => state.store.setStatus(idOrE164, status, account),
    setNumbers: (account, numbers) => state.store.setNumbers(account, numbers),
    addNumber: (account, number) => state.store.addNumber(account, number),
    getNumbers: (account) => state.store.snapshot(account),
    injectFault: (fault) => state.faults.add(fault),
    clearFaults: () => state.faults.clear(),
    setLatency: (ms) => {
      checkLatency(ms);
      state.latencyMs = ms;
    },
    setRateLimit: (limit, windowMs) => state.limiter.configure(limit, windowMs),
    get requests() {
      return state.journal.list();
    },
    clearRequests: () => state.journal.clear(),
    reset: () => state.reset(),
  };
}
