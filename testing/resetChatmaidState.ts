import { resetSharedState } from "../provider";

/**
 * Forgets this package's in-process state: the cached reads, the pacer and
 * the requests in flight, per API key. Reads made after it see the Chatmaid
 * API's (or the emulator's) current data, as a new `pulumi up` would, whose
 * program and provider plugin are fresh processes. {@link setStackMocks}
 * calls it; call it yourself between tests that run a program without
 * calling `setStackMocks` again.
 *
 * The provider core has one copy per installed package: this module, the
 * functions and the serialized `PhoneNumber` provider (which loads
 * `@chatmaid/pulumi/provider` by name, see sdk/nodejs/phoneNumberShim.ts)
 * all reach the same `dist/provider/index.js`, so one reset covers them.
 */
export function resetChatmaidState(): void {
  resetSharedState();
}
