/**
 * The phone numbers of both accounts, indexed by id and E.164 number, with the
 * dashboard-style status changes and the `connecting` -> `connected` simulation.
 */
import { pickFields, STATUS_FIELDS, type PhoneNumberStatusRecord } from "../core/model/phoneNumberRecord";
import type { NormalizedData } from "./dataFile";
import { EmulatorDataError, normalizeAccountNumbers, normalizePhoneNumber } from "./phoneNumberInput";
import {
  EMULATOR_ACCOUNTS,
  type ConnectionStatus,
  type EmulatorAccount,
  type EmulatorPhoneNumber,
  type PhoneNumberInput,
} from "./types";

/** Body of `GET /v1/phone-numbers/:id/status`: the record's status fields (core/model/phoneNumberRecord.ts). */
export type StatusView = Pick<EmulatorPhoneNumber, keyof PhoneNumberStatusRecord>;

/** Default number of `/status` polls a `connecting` number answers before it becomes `connected`. */
export const DEFAULT_CONNECTING_POLLS = 3;

class AccountNumbers {
  readonly byId = new Map<string, EmulatorPhoneNumber>();
  readonly byE164 = new Map<string, EmulatorPhoneNumber>();
  /** Status polls answered while `connecting`, per id. */
  readonly polls = new Map<string, number>();

  constructor(readonly list: EmulatorPhoneNumber[]) {
    for (const n of list) this.index(n);
  }

  index(n: EmulatorPhoneNumber): void {
    this.byId.set(n.id, n);
    this.byE164.set(n.phoneNumber, n);
  }

  find(idOrE164: string): EmulatorPhoneNumber | undefined {
    return this.byId.get(idOrE164.toLowerCase()) ?? this.byE164.get(idOrE164);
  }
}

/** Sets a status the way the dashboard would: stamps `lastConnectedAt` / `lastDisconnectedAt` and `updatedAt`. */
function applyStatus(n: EmulatorPhoneNumber, status: ConnectionStatus, now: string): void {
  const was = n.connectionStatus;
  n.connectionStatus = status;
  if (status === "connected" && was !== "connected") n.lastConnectedAt = now;
  if (status !== "connected" && was === "connected") n.lastDisconnectedAt = now;
  n.updatedAt = now;
}

/** Mutable state of both accounts. */
export class PhoneNumberStore {
  private accounts: Record<EmulatorAccount, AccountNumbers>;

  /**
   * @param data Initial numbers (taken over, not copied).
   * @param connectingPolls Polls answered `connecting` before the flip; Infinity = never.
   */
  constructor(
    data: NormalizedData,
    public connectingPolls: number = DEFAULT_CONNECTING_POLLS,
  ) {
    this.accounts = { test: new AccountNumbers(data.test), live: new AccountNumbers(data.live) };
  }

  /** Replaces every account's numbers. */
  load(data: NormalizedData): void {
    this.accounts = { test: new AccountNumbers(data.test), live: new AccountNumbers(data.live) };
  }

  /** The account's numbers as stored (serialize, do not mutate). */
  list(account: EmulatorAccount): readonly EmulatorPhoneNumber[] {
    return this.accounts[account].list;
  }

  /** Copies of the account's numbers. */
  snapshot(account: EmulatorAccount): EmulatorPhoneNumber[] {
    return this.accounts[account].list.map((n) => ({ ...n }));
  }

  /** Finds a number by id (any case) or exact E.164. */
  find(account: EmulatorAccount, idOrE164: string): EmulatorPhoneNumber | undefined {
    return this.accounts[account].find(idOrE164);
  }

  /**
   * Answers one `/status` poll. A `connecting` number answers `connecting` for
   * `connectingPolls` polls and flips to `connected` right after the last of
   * them, so poll `connectingPolls + 1` (and every later read) sees `connected`.
   */
  pollStatus(account: EmulatorAccount, n: EmulatorPhoneNumber): StatusView {
    if (n.connectionStatus === "connecting") {
      const numbers = this.accounts[account];
      const polls = numbers.polls.get(n.id) ?? 0;
      if (polls >= this.connectingPolls) {
        this.flip(numbers, n);
      } else {
        const view = statusView(n);
        numbers.polls.set(n.id, polls + 1);
        if (polls + 1 >= this.connectingPolls) this.flip(numbers, n);
        return view;
      }
    }
    return statusView(n);
  }

  private flip(numbers: AccountNumbers, n: EmulatorPhoneNumber): void {
    numbers.polls.delete(n.id);
    applyStatus(n, "connected", new Date().toISOString());
  }

  /**
   * Dashboard simulation: changes a number's status. Without `account`, the
   * test account is searched first, then live.
   * @returns A copy of the updated number.
   * @throws Error for an unknown number or an empty status.
   */
  setStatus(idOrE164: string, status: ConnectionStatus, account?: EmulatorAccount): EmulatorPhoneNumber {
    if (typeof status !== "string" || status.trim() === "") throw new TypeError("status must be a non-empty string");
    const searched = account === undefined ? EMULATOR_ACCOUNTS : [account];
    for (const name of searched) {
      const numbers = this.accounts[name];
      const n = numbers.find(idOrE164);
      if (n === undefined) continue;
      numbers.polls.delete(n.id); // a fresh `connecting` starts its poll count again
      applyStatus(n, status, new Date().toISOString());
      return { ...n };
    }
    throw new Error(`No phone number ${JSON.stringify(idOrE164)} in the ${account ?? "test or live"} account`);
  }

  /** Replaces one account's numbers. @throws EmulatorDataError naming the bad entry. */
  setNumbers(account: EmulatorAccount, numbers: readonly PhoneNumberInput[]): void {
    this.accounts[account] = new AccountNumbers(normalizeAccountNumbers(numbers, account, new Date().toISOString()));
  }

  /** Adds one number. @throws EmulatorDataError when invalid or its id/number is taken. */
  addNumber(account: EmulatorAccount, input: PhoneNumberInput): EmulatorPhoneNumber {
    const numbers = this.accounts[account];
    const n = normalizePhoneNumber(input, account, `${account}[${numbers.list.length}]`, new Date().toISOString());
    if (numbers.byId.has(n.id) || numbers.byE164.has(n.phoneNumber)) {
      throw new EmulatorDataError(
        `The ${account} account already has a number with id ${n.id} or number ${n.phoneNumber}`,
      );
    }
    numbers.list.push(n);
    numbers.index(n);
    return { ...n };
  }
}

/** The status endpoint's view of a number. */
export function statusView(n: EmulatorPhoneNumber): StatusView {
  return pickFields(n, STATUS_FIELDS);
}
