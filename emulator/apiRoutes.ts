/**
 * The three read endpoints under `/v1`, in the order the real service checks
 * things: route, method, auth and scope, rate limit, then (emulator only) an
 * injected fault, then the answer.
 */
import { authenticate } from "./accounts";
import type { Exchange } from "./exchange";
import { answerWithFault } from "./faultResponses";
import type { EmulatorState } from "./state";

/** A matched `/v1` route. `rawId` is the path segment as sent (still percent-encoded). */
export type ApiRoute = { kind: "list" } | { kind: "one"; rawId: string } | { kind: "status"; rawId: string };

/** Matches a path (no query) to an API route; trailing slashes are tolerated. */
export function matchApiRoute(path: string): ApiRoute | undefined {
  const match = /^\/v1\/phone-numbers(?:\/([^/]+)(\/status)?)?\/?$/.exec(path);
  if (match === null) return undefined;
  const rawId = match[1];
  if (rawId === undefined) return { kind: "list" };
  return match[2] === undefined ? { kind: "one", rawId } : { kind: "status", rawId };
}

function tryDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Answers a request whose path starts with `/v1` (or any non-control path). */
export function handleApiRequest(state: EmulatorState, ex: Exchange): void {
  const route = matchApiRoute(ex.path);
  const method = ex.req.method ?? "GET";
  if (route === undefined) {
    ex.error(404, `Cannot ${method} ${ex.path}`);
    return;
  }
  if (method !== "GET") {
    ex.error(405, `Method ${method} is not allowed on ${ex.path}`, { headers: { allow: "GET" } });
    return;
  }
  const auth = authenticate(ex.req.headers.authorization);
  if (!auth.ok) {
    ex.error(auth.status, auth.message);
    return;
  }
  const decision = state.limiter.take(auth.key.label);
  if (!decision.allowed) {
    const seconds = decision.retryAfterSeconds;
    ex.error(429, `Rate limit exceeded: retry in ${seconds} s`, {
      body: { retryAfter: seconds },
      headers: { "retry-after": String(seconds) },
    });
    return;
  }
  const fault = state.faults.take(ex.path, tryDecode(ex.path));
  if (fault !== undefined) {
    answerWithFault(ex, fault);
    return;
  }
  const account = auth.key.account;
  if (route.kind === "list") {
    ex.ok(state.store.list(account));
    return;
  }
  const id = tryDecode(route.rawId);
  if (id === undefined) {
    ex.error(400, "Invalid percent-encoding in the phone number id");
    return;
  }
  const number = state.store.find(account, id);
  if (number === undefined) {
    ex.error(404, "Phone number not found");
    return;
  }
  ex.ok(route.kind === "one" ? number : state.store.pollStatus(account, number));
}
