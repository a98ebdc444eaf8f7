/**
 * The Redis store, for a key used from many machines: the budget is a
 * sliding-window log kept by `sliding-window-rate-limiter` (a Lua script on
 * Redis's own clock, so runners' clocks need not agree), the pause and the
 * entries are plain keys with an expiry, and a fetch claim is `SET NX PX`.
 * The connection closes when idle, so it never keeps a program or the CLI
 * alive, and is never retried: a Redis that fails once is left for the rest
 * of the run (see KeyStore).
 */
import Redis from "ioredis";
import type { Redis as LimiterRedis, RedisSlidingWindowRateLimiter } from "sliding-window-rate-limiter";
import type { RedisStoreSetting } from "../../model/sharedStoreSetting";
import { tokenReturnMs } from "../slidingWindow";
import { isStoreSecret, keyIdOf, newStoreSecret } from "./keyId";
import type { SharedStore } from "./sharedStore";

/** How long one Redis operation may take before the store is given up. */
export const REDIS_TIMEOUT_MS = 1500;
/** An idle connection closes after this long. */
const IDLE_MS = 500;
/** Every key this package writes starts with this. */
const PREFIX = "chatmaid:pulumi:";

/** The Redis store a setting names. */
export class RedisStore implements SharedStore {
  readonly name: string;
  readonly #setting: RedisStoreSetting;
  #redis: Redis | undefined;
  readonly #limiters = new Map<number, RedisSlidingWindowRateLimiter>();
  #busy = 0;
  #idle: NodeJS.Timeout | undefined;
  #secret: Promise<string> | undefined;
  /** Why the connection failed, when it did: ioredis reports it as an event, the command only as "closed". */
  #lastError: Error | undefined;

  constructor(setting: RedisStoreSetting) {
    this.#setting = setting;
    this.name = `Redis at ${setting.display}`;
  }

  async keyId(baseUrl: string, apiKey: string): Promise<string> {
    this.#secret ??= this.#use(async (redis) => {
      const key = `${PREFIX}secret`;
      await redis.set(key, newStoreSecret(), "NX");
      const secret = await redis.get(key);
      if (secret === null || !isStoreSecret(secret))
        throw new Error(`${key} does not hold a secret this package wrote`);
      return secret;
    }).catch((error: unknown) => {
      this.#secret = undefined;
      throw error;
    });
    return keyIdOf(await this.#secret, baseUrl, apiKey);
  }

  async reserve(id: string, limit: number, windowMs: number): Promise<number> {
    return this.#use(async (redis) => {
      const paused = await redis.pttl(`${PREFIX}${id}:pause`);
      if (paused > 0) return paused;
      const reserved = await this.#limiter(redis, windowMs).reserve(`${PREFIX}${id}:window`, limit);
      if (reserved.token) return 0;
      return Math.max(1, reserved.reset ?? 1);
    });
  }

  async pause(id: string, ms: number): Promise<void> {
    const whole = Math.max(1, Math.ceil(ms));
    await this.#use(async (redis) => {
      const key = `${PREFIX}${id}:pause`;
      if ((await redis.set(key, "1", "PX", whole, "NX")) === "OK") return;
      // Only ever lengthened: a shorter Retry-After never cuts another process's pause.
      if ((await redis.pttl(key)) < whole) await redis.pexpire(key, whole);
    });
  }

  async read(id: string, name: string): Promise<unknown> {
    const text = await this.#use((redis) => redis.get(`${PREFIX}${id}:entry:${name}`));
    if (text === null) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  async write(id: string, name: string, value: unknown, ttlMs: number): Promise<void> {
    const whole = Math.max(1, Math.ceil(ttlMs));
    await this.#use((redis) => redis.set(`${PREFIX}${id}:entry:${name}`, JSON.stringify(value), "PX", whole));
  }

  async claim(id: string, name: string, ms: number): Promise<boolean> {
    const whole = Math.max(1, Math.ceil(ms));
    return this.#use(
      async (redis) => (await redis.set(`${PREFIX}${id}:claim:${name}`, "1", "PX", whole, "NX")) === "OK",
    );
  }

  async release(id: string, name: string): Promise<void> {
    await this.#use((redis) => redis.del(`${PREFIX}${id}:claim:${name}`));
  }

  async close(): Promise<void> {
    if (this.#idle) clearTimeout(this.#idle);
    this.#disconnect();
  }

  /** Runs `work` on the connection (opened on demand), then closes it once nothing has used it for a while. */
  async #use<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
    if (this.#idle) clearTimeout(this.#idle);
    this.#busy++;
    try {
      return await work(this.#connection());
    } catch (error) {
      // ioredis says "Connection is closed" for a refused connection or a wrong password; the event said why.
      throw this.#lastError && error instanceof Error && /closed/i.test(error.message) ? this.#lastError : error;
    } finally {
      this.#busy--;
      if (this.#busy === 0) {
        this.#idle = setTimeout(() => this.#disconnect(), IDLE_MS);
        this.#idle.unref();
      }
    }
  }

  #connection(): Redis {
    if (this.#redis) return this.#redis;
    const s = this.#setting;
    const redis = new Redis({
      host: s.host,
      port: s.port,
      db: s.db,
      ...(s.username ? { username: s.username } : {}),
      ...(s.password ? { password: s.password } : {}),
      ...(s.tls ? { tls: { servername: s.host } } : {}),
      lazyConnect: true,
      connectTimeout: REDIS_TIMEOUT_MS,
      commandTimeout: REDIS_TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      // Never reconnect behind the caller's back: a Redis that failed is reported once and left alone.
      retryStrategy: () => null,
    });
    redis.on("error", (error: Error) => {
      this.#lastError = error;
    });
    this.#redis = redis;
    return redis;
  }

  #limiter(redis: Redis, windowMs: number): RedisSlidingWindowRateLimiter {
    let limiter = this.#limiters.get(windowMs);
    if (!limiter) {
      // ESM-only: loaded when a Redis store is first used, so nothing else pays for it.
      const { RedisSlidingWindowRateLimiter } =
        require("sliding-window-rate-limiter") as typeof import("sliding-window-rate-limiter");
      limiter = new RedisSlidingWindowRateLimiter({
        // The limiter adds its script commands to the connection it is given.
        redis: redis as unknown as LimiterRedis,
        // A start counts as long as in the in-process pacer (see slidingWindow.ts).
        interval: tokenReturnMs(windowMs, "shared"),
        operationTimeout: REDIS_TIMEOUT_MS,
      });
      this.#limiters.set(windowMs, limiter);
    }
    return limiter;
  }

  #disconnect(): void {
    this.#redis?.disconnect();
    this.#redis = undefined;
    // Limiters hold the connection they were made with.
    this.#limiters.clear();
  }
}
