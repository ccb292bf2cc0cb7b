import { describe, expect, it } from "vitest";
import { parseLosslessJson } from "./lossless-json.js";

describe("parseLosslessJson", () => {
  it("keeps a 64-bit id exactly, whatever the field and the spacing", () => {
    // a convert's orderId as Binance's docs show it, and one past 2^63 with a space after the colon
    const body = '{"orderId": 1603680255057330400, "nested": [{"tranId":18446744073709551615}]}';
    expect(parseLosslessJson(body)).toEqual({
      orderId: "1603680255057330400",
      nested: [{ tranId: "18446744073709551615" }],
    });
  });

  it("leaves safe integers and fractions as numbers", () => {
    expect(parseLosslessJson('{"id":9007199254740991,"p":0.1,"n":-3,"e":1e300}')).toEqual({
      id: 9007199254740991,
      p: 0.1,
      n: -3,
      e: 1e300,
    });
  });

  it("keeps the first integer beyond 2^53, which a number rounds", () => {
    expect(JSON.parse('{"id":9007199254740993}').id).toBe(9007199254740992);
    expect(parseLosslessJson('{"id":9007199254740993}')).toEqual({ id: "9007199254740993" });
  });
});
