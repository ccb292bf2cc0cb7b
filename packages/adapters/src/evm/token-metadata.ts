import { type Address, hexToString, type PublicClient } from "viem";
import { bytes32MetaAbi, erc20Abi } from "./abis.js";

export interface TokenMeta {
  address: Address;
  symbol: string;
  name: string;
  decimals: number;
}

/** An asset symbol the rest of the product accepts: upper case, A–Z 0–9 . _ -, at most 32. */
export function assetSymbolOf(raw: string, address: Address): string {
  const s = raw
    .toUpperCase()
    .replace(/[^A-Z0-9._-]/g, "")
    .slice(0, 24);
  return /^[A-Z0-9]/.test(s) ? s : `TOKEN-${address.slice(2, 8).toUpperCase()}`;
}

/**
 * Symbol, name and decimals of tokens in one multicall; tokens that return bytes32 (old MKR-style)
 * are decoded, a name() that reverts falls back to the symbol, and results are cached.
 */
export async function readTokenMeta(
  client: PublicClient,
  multicallAddress: Address,
  tokens: Address[],
  cache: Map<string, TokenMeta>,
): Promise<void> {
  const missing = tokens.filter((t) => !cache.has(t.toLowerCase()));
  if (missing.length === 0) return;
  const calls = missing.flatMap((address) => [
    { address, abi: erc20Abi, functionName: "symbol" } as const,
    { address, abi: erc20Abi, functionName: "name" } as const,
    { address, abi: erc20Abi, functionName: "decimals" } as const,
    { address, abi: bytes32MetaAbi, functionName: "symbol" } as const,
  ]);
  const r = await client.multicall({ contracts: calls, allowFailure: true, multicallAddress });
  missing.forEach((address, i) => {
    const [sym, name, dec, sym32] = r.slice(i * 4, i * 4 + 4);
    const bytes32 =
      sym32?.status === "success"
        ? hexToString(sym32.result as `0x${string}`, { size: 32 }).replace(/\0+$/, "")
        : "";
    const symbol = sym?.status === "success" ? String(sym.result) : bytes32;
    cache.set(address.toLowerCase(), {
      address,
      symbol: assetSymbolOf(symbol || "TOKEN", address),
      name: name?.status === "success" ? String(name.result) : symbol,
      decimals: dec?.status === "success" ? Number(dec.result) : 18,
    });
  });
}
