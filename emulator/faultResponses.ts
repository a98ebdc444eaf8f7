/**
 * How each injected fault answers (or fails to answer) a request.
 */
import { STATUS_CODES } from "node:http";
import { errorEnvelope, JSON_TYPE, type Exchange } from "./exchange";
import type { Fault, HugeFault, RawFault, StatusFault } from "./faults";

/** What a proxy in front of the API answers on 502/503/504: HTML, not JSON. */
function proxyHtml(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** A prefix of a real list answer, cut mid-string so JSON parsing fails. */
const TRUNCATED_JSON = '{"success":true,"data":[{"id":"507f1f77bcf86cd799439011","phoneNumber":"+1555';

function sendStatus(ex: Exchange, fault: StatusFault): void {
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
  const body = fault.body ?? "json";
  if (body === "json") {
    const envelope = {
      ...errorEnvelope(fault.status, "Injected fault", ex.path),
      ...(fault.retryAfter === undefined ? {} : { retryAfter: fault.retryAfter }),
    };
    const text = JSON.stringify(envelope);
    ex.res.writeHead(fault.status, {
      ...headers,
      "content-type": JSON_TYPE,
      "content-length": Buffer.byteLength(text),
    });
    ex.res.end(text);
  } else if (body === "html") {
    const text = proxyHtml(fault.status);
    ex.res.writeHead(fault.status, {
      ...headers,
      "content-type": "text/html",
      "content-length": Buffer.byteLength(text),
    });
    ex.res.end(text);
  } else {
    ex.res.writeHead(fault.status, { ...headers, "content-length": 0 });
    ex.res.end();
  }
}

function sendRaw(ex: Exchange, fault: RawFault): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(fault.headers ?? {})) headers[name.toLowerCase()] = value;
  headers["content-type"] ??= JSON_TYPE;
  headers["content-length"] = String(Buffer.byteLength(fault.body));
  ex.res.writeHead(fault.status, headers);
  ex.res.end(fault.body);
}

function sendReset(ex: Exchange): void {
  const partial = '{"success":true,"data":[{"id":"507f1f77bcf86cd799439011",';
  // Promise more than is sent so the client sees a premature end, not a short body.
  ex.res.writeHead(200, { "content-type": JSON_TYPE, "content-length": 4096 });
  ex.res.write(partial, () => ex.req.socket.destroy());
}

const CHUNK = Buffer.alloc(64 * 1024, "x");

/** Streams a valid JSON object padded to exactly `bytes` bytes, honouring backpressure. */
function sendHuge(ex: Exchange, fault: HugeFault): void {
  const prefix = '{"success":true,"data":[],"padding":"';
  const suffix = '"}';
  const res = ex.res;
  res.writeHead(200, { "content-type": JSON_TYPE, "content-length": fault.bytes });
  if (fault.bytes < prefix.length + suffix.length) {
    res.end(prefix.slice(0, fault.bytes));
    return;
  }
  res.write(prefix);
  let padding = fault.bytes - prefix.length - suffix.length;
  const pump = (): void => {
    while (padding > 0) {
      if (res.destroyed) return; // the client gave up (e.g. a size cap)
      const size = Math.min(padding, CHUNK.length);
      padding -= size;
      if (!res.write(size === CHUNK.length ? CHUNK : CHUNK.subarray(0, size))) {
        res.once("drain", pump);
        return;
      }
    }
    res.end(suffix);
  };
  pump();
}

/** Answers `ex` according to `fault` and records it. A `hang` answers nothing, ever. */
export function answerWithFault(ex: Exchange, fault: Fault): void {
  switch (fault.kind) {
    case "status":
      sendStatus(ex, fault);
      ex.record(fault.status, fault.kind);
      return;
    case "raw":
      sendRaw(ex, fault);
      ex.record(fault.status, fault.kind);
      return;
    case "malformed":
      ex.res.writeHead(200, { "content-type": JSON_TYPE, "content-length": Buffer.byteLength(TRUNCATED_JSON) });
      ex.res.end(TRUNCATED_JSON);
      ex.record(200, fault.kind);
      return;
    case "reset":
      sendReset(ex);
      ex.record(200, fault.kind);
      return;
    case "huge":
      sendHuge(ex, fault);
      ex.record(200, fault.kind);
      return;
    case "hang":
      // The socket stays open; the server destroys it on close().
      ex.record(0, fault.kind);
      return;
  }
}
