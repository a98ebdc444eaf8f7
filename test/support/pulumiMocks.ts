import * as pulumi from "@pulumi/pulumi";

/** Options of {@link useMocks}. */
export interface MockOptions {
  /** Run as `pulumi preview`. */
  preview?: boolean;
  /** Stack config, by full key. */
  config?: Record<string, string>;
  /** Which config keys are secrets. */
  secretKeys?: string[];
  /** Mock outputs of registered resources; default: inputs as outputs, id `<name>-id`. */
  newResource?: (
    args: pulumi.runtime.MockResourceArgs,
  ) =>
    | { id: string | undefined; state: Record<string, unknown> }
    | Promise<{ id: string | undefined; state: Record<string, unknown> }>;
}

/** Installs Pulumi mocks and stack config for the program under test (process-global). */
export function useMocks(options: MockOptions = {}): void {
  void pulumi.runtime.setMocks(
    {
      newResource: options.newResource ?? ((args) => ({ id: `${args.name}-id`, state: args.inputs })),
      call: (args) => args.inputs,
    },
    "proj",
    "dev",
    options.preview ?? false,
  );
  pulumi.runtime.setAllConfig(options.config ?? {}, options.secretKeys ?? []);
}

/** What an Output holds, including the flags Pulumi keeps internally. */
export interface OutputDetails<T> {
  value: T | undefined;
  isKnown: boolean;
  isSecret: boolean;
}

/** Settles an Output: its value (undefined when unknown), and whether it is known and secret. */
export async function settle<T>(output: pulumi.Output<T>): Promise<OutputDetails<T>> {
  const internal = output as unknown as {
    promise(withUnknowns?: boolean): Promise<T>;
    isKnown: Promise<boolean>;
    isSecret: Promise<boolean>;
  };
  const [value, isKnown, isSecret] = await Promise.all([internal.promise(), internal.isKnown, internal.isSecret]);
  return { value: isKnown ? value : undefined, isKnown, isSecret };
}

/** Runs `fn` with environment variables set (undefined deletes), restoring them after. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T> | T): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Every CHATMAID_* variable unset, so tests do not depend on the machine. */
export const NO_CHATMAID_ENV: Record<string, undefined> = {
  CHATMAID_API_KEY: undefined,
  CHATMAID_BASE_URL: undefined,
  CHATMAID_ENVIRONMENT: undefined,
  CHATMAID_MAX_RPM: undefined,
  CHATMAID_MAX_RETRIES: undefined,
  CHATMAID_TIMEOUT_SECONDS: undefined,
  CHATMAID_CACHE_SECONDS: undefined,
};

/** Captures `pulumi.log` calls (the SDK calls them through the module object, so patching works). */
export function captureLogs(): { lines: Array<[string, string]>; restore(): void } {
  const log = pulumi.log as unknown as Record<string, (msg: string) => Promise<void>>;
  const originals = { debug: log.debug!, info: log.info!, warn: log.warn!, error: log.error! };
  const lines: Array<[string, string]> = [];
  for (const level of ["debug", "info", "warn", "error"] as const) {
    log[level] = async (msg: string) => void lines.push([level, msg]);
  }
  return {
    lines,
    restore() {
      Object.assign(log, originals);
    },
  };
}
