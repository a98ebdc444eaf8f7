import * as pulumi from "@pulumi/pulumi";

/**
 * Secrets between the mocks and a dynamic provider, as the engine handles
 * them. The dynamic-provider plugin does not accept secrets, so the engine
 * strips every secret marker before Check and Create, then copies the
 * "secretness" of each input onto the same-named output (`annotateSecrets` in
 * the engine's provider plugin client). The mock monitor does neither: it
 * hands inputs over still wrapped and returns state exactly as given.
 */

/** A value as the SDK marks a secret on the wire: `{ [specialSigKey]: specialSecretSig, value }`. */
interface SecretWrapper {
  readonly value: unknown;
}

function isSecretWrapper(value: unknown): value is SecretWrapper {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function wrapSecret(value: unknown): Record<string, unknown> {
  return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
}

/** Removes every secret marker, at any depth: what the plugin receives. */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecretWrapper(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  return value;
}

function containsSecrets(value: unknown): boolean {
  if (isSecretWrapper(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecrets);
  if (isPlainObject(value)) return Object.values(value).some(containsSecrets);
  return false;
}

/**
 * Marks as secret each output whose same-named input holds a secret,
 * recursing where both are objects (the engine's rule, key by key).
 * Returns a new object; `outs` is not changed.
 */
export function annotateSecrets(outs: Record<string, unknown>, ins: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...outs };
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in result)) continue;
    const outValue = result[key];
    if (isPlainObject(outValue) && !isSecretWrapper(outValue) && isPlainObject(inValue) && !isSecretWrapper(inValue)) {
      result[key] = annotateSecrets(outValue, inValue);
    } else if (!isSecretWrapper(outValue) && containsSecrets(inValue)) {
      result[key] = wrapSecret(outValue);
    }
  }
  return result;
}
