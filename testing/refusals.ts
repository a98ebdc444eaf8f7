/**
 * Keeps a refused resource from crashing the test process.
 *
 * When the mocks refuse a registration, the SDK rejects the resource's
 * outputs and a dozen internal promises with one error ("failed to register
 * new resource <name> [<type>]: <reason>"). Nothing awaits most of those, so
 * Node reports each as an unhandled rejection, and a plain `node` process
 * dies on the first. Under `pulumi up` the language host catches them and
 * reports the failure once; this guard swallows the rejections whose reason
 * ends with a refusal the mocks recorded, and leaves every other rejection as
 * it would have been.
 */

interface Guard {
  /** Refusal texts seen in this process. */
  readonly refusals: Set<string>;
  installed: boolean;
}

// Shared through the process object, so two copies of this package install one listener.
const KEY = Symbol.for("@chatmaid/pulumi/testing:refusal-guard");

function guard(): Guard {
  const holder = process as unknown as Record<symbol, Guard | undefined>;
  return (holder[KEY] ??= { refusals: new Set(), installed: false });
}

/** Whether an unhandled rejection's reason is the SDK reporting a recorded refusal. */
export function isRefusal(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false;
  // Newer SDKs prefix the message when a dependent serializes it, so compare the end.
  return [...guard().refusals].some((refusal) => reason.message.endsWith(refusal));
}

/** Records a refusal and installs the listener on the first one. */
export function noteRefusal(reason: string): void {
  const state = guard();
  state.refusals.add(reason);
  if (state.installed) return;
  state.installed = true;
  process.on("unhandledRejection", (reason) => {
    if (isRefusal(reason)) return;
    // Not ours. Another unhandledRejection listener (a test runner's) decides.
    // With none, do what Node does: raise it as an uncaught exception, which
    // any uncaughtException listener then sees.
    if (process.listenerCount("unhandledRejection") > 1) return;
    throw reason;
  });
}
