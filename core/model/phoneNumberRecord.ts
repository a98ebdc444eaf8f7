/**
 * The phone-number record: the one definition of its fields. The interfaces
 * below name each field, its type and its documentation; `FIELDS` adds, per
 * field and in output order, what the types cannot say at run time, checked
 * against them by the compiler. Everything else is derived from these: the
 * zod contract (apiSchemas.ts), the field lists, the Node SDK's outputs, the
 * emulator's types, and `schema.json`'s types (`npm run schema` reads the
 * documentation from here). The types are written out rather than inferred
 * from zod, so a program's declarations never reach into zod's (a default
 * `pulumi new` project type-checks library declarations without
 * `esModuleInterop`, and zod's need it).
 */

/** Statuses documented or seen in the official SDK; any other string is kept as-is. */
export const KNOWN_CONNECTION_STATUSES = ["connected", "disconnected", "connecting", "qr_pending", "error"] as const;

/**
 * A WhatsApp connection status. Only `connected` counts as connected; future
 * statuses arrive as other strings and are treated as not connected.
 */
export type ConnectionStatus = (typeof KNOWN_CONNECTION_STATUSES)[number] | (string & {});

/** The up-to-date connection state from `GET /v1/phone-numbers/:id/status`. */
export interface PhoneNumberStatusRecord {
  /** The internal ID (24 hex characters), stable for the life of the number: the sender ID to wire into other resources. */
  readonly id: string;
  /** The number in E.164 form, e.g. `+15551234567`. */
  readonly phoneNumber: string;
  /**
   * `connected`, `disconnected`, `connecting`, `qr_pending`, `error`, or a
   * status Chatmaid adds later. Only `connected` counts as connected.
   */
  readonly connectionStatus: ConnectionStatus;
  /** ISO time of the last connection, or `null` if it never connected. */
  readonly lastConnectedAt: string | null;
  /** ISO time of the last disconnection, or `null` if it never disconnected. */
  readonly lastDisconnectedAt: string | null;
  /** ISO time of the last change, or `null` if the API did not say. */
  readonly updatedAt: string | null;
}

/** A phone number as Chatmaid reports it (`GET /v1/phone-numbers` and `GET /v1/phone-numbers/:id`). */
export interface PhoneNumberRecord extends PhoneNumberStatusRecord {
  /** The name set in the dashboard, or `null` when none was set. */
  readonly displayName: string | null;
  /** ISO time the number was registered, or `null` if the API did not say. */
  readonly createdAt: string | null;
}

/** A record as the schemas validate it: optional fields may be absent. */
type Raw<T> = { readonly [K in keyof T]?: T[K] | undefined };

/** What a field is beyond its type: whether `/status` returns it, and whether the API may send `null` or leave it out. */
export interface FieldTraits {
  /** Returned by `GET /v1/phone-numbers/:id/status` as well as by the list and get endpoints. */
  readonly status: boolean;
  /** May be `null` or absent; the other fields are always sent, non-empty. */
  readonly nullable: boolean;
}

/** The traits each field's type implies: the compiler holds `FIELDS` to them. */
type TraitsOf<K extends keyof PhoneNumberRecord> = {
  readonly status: K extends keyof PhoneNumberStatusRecord ? true : false;
  readonly nullable: null extends PhoneNumberRecord[K] ? true : false;
};

/**
 * Every field of a {@link PhoneNumberRecord}, in the order output shows them.
 * A field added to the interfaces fails to compile until it is added here.
 */
export const FIELDS = {
  id: { status: true, nullable: false },
  phoneNumber: { status: true, nullable: false },
  displayName: { status: false, nullable: true },
  connectionStatus: { status: true, nullable: false },
  lastConnectedAt: { status: true, nullable: true },
  lastDisconnectedAt: { status: true, nullable: true },
  createdAt: { status: false, nullable: true },
  updatedAt: { status: true, nullable: true },
} as const satisfies { readonly [K in keyof PhoneNumberRecord]: TraitsOf<K> };

/** A field of the record. */
export type RecordField = keyof typeof FIELDS;

/** Every field of a {@link PhoneNumberRecord}, in the order output shows them. */
export const RECORD_FIELDS = Object.keys(FIELDS) as RecordField[];

/** `fields` without `drop`, keeping the order and the literal types. */
export function without<F extends string, D extends F>(fields: readonly F[], ...drop: D[]): Exclude<F, D>[] {
  return fields.filter((f): f is Exclude<F, D> => !(drop as string[]).includes(f));
}

/** Every field of a {@link PhoneNumberStatusRecord}, in the order output shows them. */
export const STATUS_FIELDS = RECORD_FIELDS.filter(
  (field): field is keyof PhoneNumberStatusRecord & RecordField => FIELDS[field].status,
);

/** The record's fields a `PhoneNumber` outputs; its `id` is output as `phoneId` (and is the resource ID). */
export const OUTPUT_RECORD_FIELDS = without(RECORD_FIELDS, "id");

/** The fields a `requireConnected` failure reports (see `NotConnectedFailure`). */
export const FAILURE_FIELDS = without(RECORD_FIELDS, "createdAt", "updatedAt");

/** A field a `requireConnected` failure reports. */
export type FailureField = (typeof FAILURE_FIELDS)[number];

/** The fields `/status` refreshes on a record (its identity stays). */
const FRESH_FIELDS = without(STATUS_FIELDS, "id", "phoneNumber");

/**
 * `fields` of `source`, in that order, with `null` for anything absent.
 * `source` is a validator's fresh output with its keys in that order, so when
 * none is absent it is returned as it is: a 10,000-number list makes no second copy.
 */
function fill<F extends string>(source: Partial<Record<F, unknown>>, fields: readonly F[]): Record<F, unknown> {
  if (isComplete(source, fields)) return source;
  const out = {} as Record<F, unknown>;
  for (const field of fields) out[field] = source[field] ?? null;
  return out;
}

/** Whether `source` has exactly `fields`, in that order, none of them undefined. */
function isComplete<F extends string>(
  source: Partial<Record<F, unknown>>,
  fields: readonly F[],
): source is Record<F, unknown> {
  let index = 0;
  for (const key in source) {
    if (key !== fields[index] || source[key as F] === undefined) return false;
    index++;
  }
  return index === fields.length;
}

/** `fields` of `source`, in that order: how every partial view of a record is derived. */
export function pickFields<T extends object, F extends keyof T>(source: T, fields: readonly F[]): Pick<T, F> {
  const out = {} as Pick<T, F>;
  for (const field of fields) out[field] = source[field];
  return out;
}

/** A validated record with absent optional fields as `null`, in the stable field order; unknown fields dropped. */
export function toRecord(raw: Raw<PhoneNumberRecord>): PhoneNumberRecord {
  return fill(raw, RECORD_FIELDS) as PhoneNumberRecord;
}

/** A validated status with absent optional fields as `null`, in the stable field order. */
export function toStatusRecord(raw: Raw<PhoneNumberStatusRecord>): PhoneNumberStatusRecord {
  return fill(raw, STATUS_FIELDS) as PhoneNumberStatusRecord;
}

/** A record with the fresh `/status` fields overlaid (an absent `updatedAt` keeps the record's). */
export function withStatus(record: PhoneNumberRecord, status: PhoneNumberStatusRecord): PhoneNumberRecord {
  return { ...record, ...pickFields(status, FRESH_FIELDS), updatedAt: status.updatedAt ?? record.updatedAt };
}

/** Whether a number counts as connected: only `connected` does, whatever else Chatmaid may add. */
export function isConnected(record: { readonly connectionStatus: string }): boolean {
  return record.connectionStatus === "connected";
}
