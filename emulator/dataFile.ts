/**
 * Emulator data sets: `{ "test": [...], "live": [...] }`, from a JSON file
 * (`--data`) or from `options.data`.
 */
import { readFileSync } from "node:fs";
import { EmulatorDataError, normalizeAccountNumbers } from "./phoneNumberInput";
import { SAMPLE_LIVE_NUMBERS, SAMPLE_TEST_NUMBERS } from "./sampleData";
import type { EmulatorAccount, EmulatorPhoneNumber } from "./types";

/** Validated numbers of both accounts. */
export type NormalizedData = Record<EmulatorAccount, EmulatorPhoneNumber[]>;

/** Fresh, mutable copies of the built-in sample data. */
export function sampleData(): NormalizedData {
  return {
    test: SAMPLE_TEST_NUMBERS.map((n) => ({ ...n })),
    live: SAMPLE_LIVE_NUMBERS.map((n) => ({ ...n })),
  };
}

/**
 * Validates a data set. An omitted account is empty (a data set replaces the
 * samples, it never merges with them); unknown top-level keys are rejected so
 * a typo such as `"tests"` is not silently an empty account.
 * @param source Names the data in error messages, e.g. the file path.
 * @throws EmulatorDataError `Invalid emulator data in <source>: <entry>: <problem>`.
 */
export function parseEmulatorData(value: unknown, source: string): NormalizedData {
  const now = new Date().toISOString();
  try {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new EmulatorDataError(`the top level must be an object like { "test": [...], "live": [...] }`);
    }
    const record = value as Record<string, unknown>;
    const unknownKeys = Object.keys(record).filter((key) => key !== "test" && key !== "live");
    if (unknownKeys.length > 0) {
      throw new EmulatorDataError(`unknown top-level key ${JSON.stringify(unknownKeys[0])} (allowed: "test", "live")`);
    }
    return {
      test: record.test === undefined ? [] : normalizeAccountNumbers(record.test, "test", now),
      live: record.live === undefined ? [] : normalizeAccountNumbers(record.live, "live", now),
    };
  } catch (error) {
    if (error instanceof EmulatorDataError) {
      throw new EmulatorDataError(`Invalid emulator data in ${source}: ${error.message}`);
    }
    throw error;
  }
}

/**
 * Reads and validates a data file.
 * @throws EmulatorDataError naming the file for unreadable files, bad JSON and bad entries.
 */
export function loadDataFile(file: string): NormalizedData {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new EmulatorDataError(`Cannot read emulator data file ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EmulatorDataError(`Invalid emulator data in ${file}: not valid JSON (${(error as Error).message})`);
  }
  return parseEmulatorData(json, file);
}
