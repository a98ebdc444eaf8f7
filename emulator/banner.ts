/**
 * The line the emulator's bin and `npm start` print once listening: its URL
 * and the keys it accepts, so a person can use it without opening the docs.
 */
import { EMULATOR_API_KEYS } from "./accounts";

/** Every key the emulator knows, as the banner and `--help` list them. */
export const EMULATOR_KEY_LIST = Object.values(EMULATOR_API_KEYS).join(", ");

/**
 * `Chatmaid emulator listening on <url> (keys: sk_test_emulator, ...)`.
 * Scripts read the URL with `/listening on (\S+)/`.
 */
export function listeningLine(url: string): string {
  return `Chatmaid emulator listening on ${url} (keys: ${EMULATOR_KEY_LIST})`;
}
