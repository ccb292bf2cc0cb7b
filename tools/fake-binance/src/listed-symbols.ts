import { bad } from "./route-kit.ts";
import type { FakeBinance } from "./server.ts";

/** A listed, not delisted symbol by name; -1121 for any other. */
export function listedSymbol(fake: FakeBinance, symbol: string | null) {
  const s = symbol
    ? fake.account.listed.find((x) => x.symbol === symbol && !fake.delisted.has(x.symbol))
    : undefined;
  if (!s) throw bad(-1121, "Invalid symbol.");
  return s;
}

/** The listed symbols a `symbols=["A","B"]` parameter names (-1121 for one not listed), or all. */
export function symbolsParam(fake: FakeBinance, q: URLSearchParams) {
  const listed = fake.account.listed.filter((s) => !fake.delisted.has(s.symbol));
  const raw = q.get("symbols");
  if (raw === null) return listed;
  let names: unknown;
  try {
    names = JSON.parse(raw);
  } catch {
    throw bad(-1100, "Illegal characters found in parameter 'symbols'.");
  }
  if (!Array.isArray(names)) throw bad(-1100, "Illegal characters found in parameter 'symbols'.");
  return names.map((n) => listedSymbol(fake, String(n)));
}
