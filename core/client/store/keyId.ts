import { createHmac, randomBytes } from "node:crypto";

/** Bytes of a store's secret. */
const SECRET_BYTES = 32;

/** A new random secret for a store, as hex. */
export function newStoreSecret(): string {
  return randomBytes(SECRET_BYTES).toString("hex");
}

/**
 * How a store names a key: an HMAC of the base URL and key under the store's
 * own random secret. A plain hash could be brute-forced from a key's known
 * prefix and shape; without the secret this cannot.
 */
export function keyIdOf(secret: string, baseUrl: string, apiKey: string): string {
  return createHmac("sha256", secret).update(`${baseUrl}\n${apiKey}`).digest("hex").slice(0, 40);
}

/** Whether text read back from a store is a secret this package wrote. */
export function isStoreSecret(text: string): boolean {
  return new RegExp(`^[0-9a-f]{${SECRET_BYTES * 2}}$`).test(text);
}
