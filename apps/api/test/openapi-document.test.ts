import { SELF } from "cloudflare:test";
import { DECIMAL_PATTERN } from "@portfolio/core";
import { beforeAll, describe, expect, it } from "vitest";

// biome-ignore lint/suspicious/noExplicitAny: a JSON document walked by the tests
type Json = any;
let doc: Json;
beforeAll(async () => {
  doc = await (await SELF.fetch("https://api.test/openapi.json")).json();
});

const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );

/** every schema in the document with the path to it */
function* schemas(node: Json, at: string): Generator<[string, Json]> {
  if (!node || typeof node !== "object") return;
  if (typeof node.type === "string" || node.pattern) yield [at, node];
  for (const [k, v] of Object.entries(node)) yield* schemas(v, `${at}/${k}`);
}

describe("the OpenAPI document", () => {
  it("names every operation with a unique operationId", () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(ids.filter((id) => typeof id !== "string")).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("names the server it is served from, for a generator and for trying calls", () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: "https://api.test" })]);
  });

  it("asks no key of /health", () => {
    expect(doc.paths["/health"].get.security).toEqual([]);
  });

  it("gives every decimal string its pattern and a description", () => {
    const decimals = [...schemas(doc, "#")].filter(([, s]) => s.pattern === DECIMAL_PATTERN);
    // balances, fills, holds, prices, P&L and the tax report are full of them
    expect(decimals.length).toBeGreaterThan(50);
    expect(decimals.filter(([, s]) => !s.description).map(([at]) => at)).toEqual([]);
    // an amount of a balance, a price and a tax report's gain among them
    const paths = decimals.map(([at]) => at);
    expect(paths.some((p) => p.includes("Balance") && p.endsWith("/amount"))).toBe(true);
    expect(paths.some((p) => p.includes("TaxReport") && p.includes("/gain"))).toBe(true);
  });
});

describe("the registration body", () => {
  it("describes each provider's config as its own shape, told apart by provider", () => {
    const body = doc.components.schemas.CreateAccount;
    const variants = (body.oneOf ?? body.anyOf) as { $ref: string }[];
    expect(variants.map((v) => v.$ref.split("/").pop())).toEqual([
      "CreateSimulatedAccount",
      "CreateBinanceAccount",
      "CreateEvmAccount",
      "CreateManualAccount",
    ]);
    expect(body.discriminator?.propertyName).toBe("provider");
    // an EVM account's config names its chain and addresses
    const evm = doc.components.schemas.CreateEvmAccount.properties.config;
    expect(evm.required).toEqual(expect.arrayContaining(["chainId", "addresses"]));
  });
});
