import { describe, expect, it } from "vitest";
import { allowHttpLocalhost, endpointUrlProblem } from "./endpoint-url.js";

describe("endpointUrlProblem", () => {
  it("accepts https URLs", () => {
    expect(endpointUrlProblem("https://hooks.example.com/portfolio?x=1", false)).toBeNull();
  });

  it("refuses plain http, anywhere, without the localhost allowance", () => {
    expect(endpointUrlProblem("http://hooks.example.com/", false)).toBe("url must use https");
    expect(endpointUrlProblem("http://127.0.0.1:9000/", false)).toBe("url must use https");
  });

  it("allows plain http to the loopback only with the allowance", () => {
    for (const u of ["http://127.0.0.1:9000/x", "http://localhost/x", "http://[::1]:1/x"])
      expect(endpointUrlProblem(u, true), u).toBeNull();
    expect(endpointUrlProblem("http://10.0.0.1/x", true)).toContain("plain http only to");
  });

  it("refuses other schemes, user info, fragments and non-URLs", () => {
    expect(endpointUrlProblem("ftp://example.com/", true)).toBe("url must use https");
    expect(endpointUrlProblem("https://u:p@example.com/", false)).toContain("user name");
    expect(endpointUrlProblem("https://example.com/#x", false)).toContain("fragment");
    expect(endpointUrlProblem("/relative", false)).toContain("absolute");
    expect(endpointUrlProblem(`https://example.com/${"a".repeat(2048)}`, false)).toContain(
      "longer",
    );
  });
});

describe("allowHttpLocalhost", () => {
  it('reads "true" and "false" and refuses anything else', () => {
    expect(allowHttpLocalhost("true")).toBe(true);
    expect(allowHttpLocalhost("false")).toBe(false);
    expect(allowHttpLocalhost(undefined)).toBe(false);
    expect(() => allowHttpLocalhost("yes")).toThrow(/must be "true" or "false"/);
  });
});
