/**
 * Pulumi YAML reads `+15551234567` as the number 15551234567 when it is
 * written unquoted or comes from stack config (`pulumi config set sender
 * +15551234567`): its language host turns every config value that parses as
 * a number into one. The `+` is all that is lost, so the plugin takes a whole
 * number of 7 to 15 digits in a phone-identifier field as that E.164 number.
 */
import type { WireValue } from "./structs";

/** E.164 allows 15 digits at most, and a number below 10^6 has fewer than 7. */
const SMALLEST = 1_000_000;
const LARGEST = 999_999_999_999_999;

/** `+<digits>` for a whole number that can be an E.164 number without its `+`; anything else unchanged. */
export function numberAsE164(value: WireValue): WireValue {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= SMALLEST && value <= LARGEST
    ? `+${value}`
    : value;
}

/**
 * `inputs` with {@link numberAsE164} applied to the named identifier fields
 * (a list field: to each element). Other fields are left as they are.
 */
export function withE164Numbers(
  inputs: Record<string, WireValue>,
  fields: readonly string[],
): Record<string, WireValue> {
  const out = { ...inputs };
  for (const field of fields) {
    const value = out[field];
    if (value === undefined) continue;
    out[field] = Array.isArray(value) ? value.map(numberAsE164) : numberAsE164(value);
  }
  return out;
}
