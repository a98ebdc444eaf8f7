/** The part of `@chatmaid/pulumi/provider` used here. */
interface ProviderCore {
  resetSharedState(): void;
}

const PROVIDER = "@chatmaid/pulumi/provider";

/**
 * Forgets this package's in-process state: the cached reads, the pacer and
 * the requests in flight, per API key. Reads made after it see the Chatmaid
 * API's (or the emulator's) current data, as a new `pulumi up` would, whose
 * program and provider plugin are fresh processes. {@link setStackMocks}
 * calls it; call it yourself between tests that run a program without
 * calling `setStackMocks` again.
 *
 * It resets the provider core by its package name, as the serialized
 * `PhoneNumber` provider loads it, and from the working directory as well,
 * which is where the mocks load that provider from: the same copy in an
 * ordinary install, never a missed one otherwise.
 */
export function resetChatmaidState(): void {
  const copies = new Set<ProviderCore>([require(PROVIDER) as ProviderCore]);
  let fromCwd: string | undefined;
  try {
    fromCwd = require.resolve(PROVIDER, { paths: [process.cwd()] });
  } catch {
    // Not installed where the tests run: the PhoneNumber provider could not load it either.
  }
  if (fromCwd !== undefined) copies.add(require(fromCwd) as ProviderCore);
  for (const core of copies) core.resetSharedState();
}
