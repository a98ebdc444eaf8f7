/**
 * The shared stores of this process, one per place: every key and client
 * using the machine store, or one Redis, shares its connection and its
 * failure (reported once).
 */
import { createHash } from "node:crypto";
import type { SharedStoreSetting } from "../../model/sharedStoreSetting";
import type { StoreHandle } from "./keyStore";
import type { MachineStore } from "./machineStore";
import type { RedisStore } from "./redisStore";
import { machineStoreFolder } from "./storeFolder";

const handles = new Map<string, StoreHandle>();

/** The store a setting names (created on first use), or `undefined` for `off`. */
export function storeHandle(setting: SharedStoreSetting): StoreHandle | undefined {
  if (setting.kind === "off") return undefined;
  const folder = setting.kind === "machine" ? machineStoreFolder() : "";
  const id =
    setting.kind === "machine"
      ? `machine\n${folder}`
      : // The password is part of what makes a connection, but only as a hash, even in memory.
        `redis\n${setting.display}\n${setting.username ?? ""}\n${createHash("sha256")
          .update(setting.password ?? "")
          .digest("hex")}`;
  let handle = handles.get(id);
  if (!handle) {
    // Loaded on first use: a program that never makes a request pays nothing for them.
    handle =
      setting.kind === "machine"
        ? {
            store: new (require("./machineStore") as { MachineStore: typeof MachineStore }).MachineStore(folder),
            timeoutMs: 5000,
            advice: `Free space in that folder or make it writable, or set chatmaid:sharedStore (CHATMAID_SHARED_STORE) to "off".`,
            failed: false,
          }
        : {
            store: new (require("./redisStore") as { RedisStore: typeof RedisStore }).RedisStore(setting),
            timeoutMs: 2500,
            advice: `Check that the server is up and reachable, that it is Redis, and its password (in the URL or CHATMAID_SHARED_STORE_PASSWORD).`,
            failed: false,
          };
    handles.set(id, handle);
  }
  return handle;
}

/** Closes and forgets every store (for tests, and long-lived processes that change settings). */
export function resetStores(): void {
  for (const { store } of handles.values()) void store.close().catch(() => undefined);
  handles.clear();
}
