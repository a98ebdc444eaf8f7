/**
 * Values on the wire: protobuf `Struct`s to and from plain JavaScript, and
 * the engine's secret wrappers. Parsed here, once, at the edge of the plugin.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The key and value marking a secret on the wire (`{ [SIG]: SECRET, value }`). */
export const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
/** The signature of a secret. */
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** A plain JavaScript value from the wire. */
export type WireValue = null | boolean | number | string | WireValue[] | { [key: string]: WireValue };

/** A Struct as a plain object; an absent Struct is `{}`. */
export function fromStruct(struct: Struct | undefined): Record<string, WireValue> {
  return struct ? (struct.toJavaScript() as Record<string, WireValue>) : {};
}

/** A plain object as a Struct. `undefined` values are dropped (Struct refuses them), as the engine drops them. */
export function toStruct(value: object): Struct {
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as Record<string, never>);
}

/** `value` with every secret wrapper replaced by what it wraps. */
export function unwrapSecrets(value: WireValue): WireValue {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    if (value[SIGNATURE_KEY] === SECRET_SIGNATURE) return unwrapSecrets(value.value ?? null);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}
