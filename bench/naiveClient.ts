/**
 * The baseline: one request per call, as the official Chatmaid SDK does (no
 * sharing, no pacing; retries a 429 up to twice after the body's retryAfter).
 */
export interface NaiveResult {
  readonly ok: boolean;
  readonly status: number;
  readonly body?: unknown;
}

export async function naiveGet(baseUrl: string, apiKey: string, path: string, retries = 2): Promise<NaiveResult> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${apiKey}`, accept: "application/json" },
    });
    const body = (await response.json().catch(() => undefined)) as { retryAfter?: number } | undefined;
    if (response.status === 429 && attempt < retries) {
      await new Promise((r) => setTimeout(r, (body?.retryAfter ?? 1) * 1000));
      continue;
    }
    return { ok: response.ok, status: response.status, body };
  }
}
