import type { PhoneNumberRecord } from "../../provider";

/** A `connecting` record (the sample onboarding number), with overrides. */
export function connectingRecord(overrides: Partial<PhoneNumberRecord> = {}): PhoneNumberRecord {
  return {
    id: "65c1a2b3c4d5e6f708192a3c",
    phoneNumber: "+15553456789",
    displayName: "Onboarding Bot",
    connectionStatus: "connecting",
    lastConnectedAt: null,
    lastDisconnectedAt: null,
    createdAt: null,
    updatedAt: null,
    ...overrides,
  };
}
