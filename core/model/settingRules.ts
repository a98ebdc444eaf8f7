/**
 * The accepted ranges of the numeric settings: one definition for
 * resolveSettings, which checks values from config, the environment and
 * arguments, and for the run-time check of settings handed to the client.
 */

/** Bounds of a numeric setting; `whole` refuses fractions. */
export interface NumberRule {
  readonly min: number;
  readonly max: number;
  readonly whole?: boolean;
}

/** The numeric settings' ranges, documented in the README's configuration table. */
export const NUMBER_RULES = {
  maxRequestsPerMinute: { min: 1, max: 100_000 },
  maxRetries: { min: 0, max: 10, whole: true },
  // Node's timers cannot count beyond ~24.8 days; an attempt longer than 10 minutes is a mistake anyway.
  timeoutSeconds: { min: 0.001, max: 600 },
  cacheSeconds: { min: 0, max: 3600 },
} as const satisfies Record<string, NumberRule>;
