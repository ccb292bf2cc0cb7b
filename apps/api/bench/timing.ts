import { SELF } from "cloudflare:test";
import { testApiTokens } from "@portfolio/test-support";
import { expect } from "vitest";

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/**
 * A GET through the worker as a bot makes it (with the all-scopes key, or none), timed from
 * the request to the whole body read: workerd's clock moves across I/O, so both ends are
 * after I/O. Fails on any status but 200.
 */
export async function timedGet(
  path: string,
  auth = true,
): Promise<{ ms: number; bytes: number; text: string }> {
  const t0 = Date.now();
  const r = await SELF.fetch(`https://api.test${path}`, {
    headers: auth ? { authorization: `Bearer ${testApiTokens.all}` } : {},
  });
  const text = await r.text();
  expect(r.status, text.slice(0, 300)).toBe(200);
  return { ms: Date.now() - t0, bytes: text.length, text };
}
