import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("GET /docs", () => {
  it("renders the API reference from this deployment's document, with its bundle served here", async () => {
    const page = await SELF.fetch("https://api.test/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("/openapi.json");
    expect(html).toContain("/assets/scalar-api-reference.js");
    // the renderer itself is one of the worker's static assets (the platform serves those before
    // the worker runs; the test reaches them through the assets binding): no CDN
    const bundle = await env.ASSETS.fetch("https://api.test/assets/scalar-api-reference.js");
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(1_000_000);
  });
});
