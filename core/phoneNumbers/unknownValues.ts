/**
 * The engine's "not known yet" values. During a preview an input may come
 * from a resource not yet created; the engine sends a marker in its place.
 * Both adapters (the dynamic provider and the plugin) receive them, and the
 * PhoneNumber's checks skip what is not known yet.
 */

/**
 * How the engine marks a value not known until apply (during preview an input
 * may come from a resource not yet created), by type; the string one is what
 * SDKs send in practice. Such values are not validated.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const UNKNOWN_VALUES: ReadonlySet<unknown> = new Set([
  UNKNOWN_VALUE,
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** Whether a value is the engine's "not known yet". */
export function isUnknown(value: unknown): boolean {
  return UNKNOWN_VALUES.has(value);
}

/** True when any input is still unknown, so nothing can be read yet. */
export function hasUnknowns(inputs: object): boolean {
  return Object.values(inputs).some(isUnknown);
}
