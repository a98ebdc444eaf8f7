/**
 * The machine store: a folder of the user's (see storeFolder.ts), owner-only,
 * shared by the user's processes on this machine. A key's budget is a small
 * JSON file changed under a lock (proper-lockfile: a lock whose holder was
 * killed goes stale within seconds, so it never blocks the others); entries
 * are files written whole and renamed into place, so a reader never sees half
 * of one.
 */
import { createHash, randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { lock } from "proper-lockfile";
import { admitStart } from "../slidingWindow";
import { isStoreSecret, keyIdOf, newStoreSecret } from "./keyId";
import type { SharedStore } from "./sharedStore";
import { budgetFileSchema, entryFileSchema, type BudgetFile } from "./storeSchemas";

/** A lock older than this is stale: its holder was killed (a live holder refreshes it twice as often). */
export const LOCK_STALE_MS = 2000;

/** The machine store in `folder`. */
export class MachineStore implements SharedStore {
  readonly name: string;
  readonly folder: string;
  #secret: Promise<string> | undefined;

  constructor(folder: string) {
    this.folder = folder;
    this.name = `the machine store in ${folder}`;
  }

  async keyId(baseUrl: string, apiKey: string): Promise<string> {
    this.#secret ??= this.#prepare();
    // A failed preparation is tried again by the next caller, not remembered forever.
    const secret = await this.#secret.catch((error: unknown) => {
      this.#secret = undefined;
      throw error;
    });
    return keyIdOf(secret, baseUrl, apiKey);
  }

  async reserve(id: string, limit: number, windowMs: number): Promise<number> {
    return this.#withBudget(id, (budget, now) => {
      if (now < budget.pausedUntil) return { result: budget.pausedUntil - now, changed: false };
      const wait = admitStart(budget.starts, now, limit, windowMs, "shared");
      return { result: wait, changed: wait === 0 };
    });
  }

  async pause(id: string, ms: number): Promise<void> {
    await this.#withBudget(id, (budget, now) => {
      const until = now + ms;
      if (until <= budget.pausedUntil) return { result: undefined, changed: false };
      budget.pausedUntil = until;
      return { result: undefined, changed: true };
    });
  }

  async read(id: string, name: string): Promise<unknown> {
    const parsed = entryFileSchema.safeParse(await readJson(this.#entryFile(id, name)));
    return parsed.success && parsed.data.until > Date.now() ? parsed.data.value : undefined;
  }

  async write(id: string, name: string, value: unknown, ttlMs: number): Promise<void> {
    await writeWhole(this.#entryFile(id, name), JSON.stringify({ until: Date.now() + ttlMs, value }));
  }

  async claim(id: string, name: string, ms: number): Promise<boolean> {
    return this.#withBudget(id, (budget, now) => {
      const held = budget.claims[name];
      if (held !== undefined && held > now) return { result: false, changed: false };
      // Lapsed claims of any name go, so the file stays small.
      for (const [other, until] of Object.entries(budget.claims)) if (until <= now) delete budget.claims[other];
      budget.claims[name] = now + ms;
      return { result: true, changed: true };
    });
  }

  async release(id: string, name: string): Promise<void> {
    await this.#withBudget(id, (budget) => {
      if (!(name in budget.claims)) return { result: undefined, changed: false };
      delete budget.claims[name];
      return { result: undefined, changed: true };
    });
  }

  async close(): Promise<void> {}

  /** The file a key's budget is kept in; its lock is this path plus `.lock`. */
  budgetFile(id: string): string {
    return path.join(this.folder, `${id}.budget.json`);
  }

  #entryFile(id: string, name: string): string {
    // Entry names hold identifiers: hashed into a safe file name.
    const hashed = createHash("sha256").update(name).digest("hex").slice(0, 32);
    return path.join(this.folder, `${id}.${hashed}.entry.json`);
  }

  /** Reads, changes and (when changed) writes a key's budget under its lock. */
  async #withBudget<T>(
    id: string,
    change: (budget: BudgetFile, now: number) => { result: T; changed: boolean },
  ): Promise<T> {
    const file = this.budgetFile(id);
    const unlock = await lock(file, {
      realpath: false,
      stale: LOCK_STALE_MS,
      update: LOCK_STALE_MS / 2,
      retries: { retries: 400, factor: 1.2, minTimeout: 2, maxTimeout: 25 },
      // A lock taken over while held only means two processes counted at once; never crash a deploy over it.
      onCompromised: () => undefined,
    });
    try {
      const parsed = budgetFileSchema.safeParse(await readJson(file));
      // A malformed file (a crash mid-write elsewhere, an edit) is ignored: the budget starts afresh.
      const budget: BudgetFile = parsed.success ? parsed.data : { starts: [], pausedUntil: 0, claims: {} };
      const { result, changed } = change(budget, Date.now());
      if (changed) await writeWhole(file, JSON.stringify(budget));
      return result;
    } finally {
      await unlock().catch(() => undefined);
    }
  }

  /** Creates the folder owner-only (or checks an existing one is), and reads or creates the secret. */
  async #prepare(): Promise<string> {
    await fs.mkdir(this.folder, { recursive: true, mode: 0o700 });
    const stat = await fs.lstat(this.folder);
    if (!stat.isDirectory()) throw new Error(`${this.folder} is not a folder`);
    if (process.getuid && stat.uid !== process.getuid()) {
      throw new Error(`${this.folder} belongs to another user`);
    }
    if ((stat.mode & 0o077) !== 0) await fs.chmod(this.folder, 0o700);
    const file = path.join(this.folder, "secret");
    for (let attempt = 0; attempt < 20; attempt++) {
      const text = await fs.readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return undefined;
        throw error;
      });
      if (text !== undefined && isStoreSecret(text.trim())) return text.trim();
      if (text === undefined) await createOnce(file, newStoreSecret());
      else await new Promise((resolve) => setTimeout(resolve, 10)); // another process is writing it
    }
    throw new Error(`${file} does not hold a secret this package wrote; delete it to start afresh`);
  }
}

/** Parsed JSON of a file, or `undefined` when it is absent or not JSON. */
async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Writes a file whole, owner-only: to a temporary name first, then renamed into place. */
async function writeWhole(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await fs.writeFile(temporary, text, { mode: 0o600 });
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Creates `file` with `text` unless it exists (the first process's secret wins). */
async function createOnce(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await fs.writeFile(temporary, text, { mode: 0o600 });
  try {
    await fs.link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await fs.rm(temporary, { force: true });
  }
}
