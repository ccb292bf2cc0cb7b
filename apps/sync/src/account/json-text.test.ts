import { describe, expect, it } from "vitest";
import { NOT_REGISTERED } from "../rpc-types.js";
import { asJsonText } from "./json-text.js";

describe("asJsonText", () => {
  it("gives the value as JSON text, with what the API needs besides it", () => {
    const value = { version: 7, balances: [{ asset: "BTC", free: "0.5" }] };
    expect(asJsonText({ ok: true, value }, (v) => ({ version: v.version }))).toEqual({
      ok: true,
      value: { json: '{"version":7,"balances":[{"asset":"BTC","free":"0.5"}]}', version: 7 },
    });
  });

  it("passes a failed answer on as it is", () => {
    expect(asJsonText(NOT_REGISTERED, () => ({}))).toBe(NOT_REGISTERED);
  });
});
