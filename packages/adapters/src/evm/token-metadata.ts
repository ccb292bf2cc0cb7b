import {
  type Address,
  decodeAbiParameters,
  encodeFunctionData,
  type Hex,
  hexToString,
  type PublicClient,
  size,
} from "viem";
import { erc20Abi } from "./abis.js";
import { type CappedResult, cappedCalls } from "./capped-calls.js";

export interface TokenMeta {
  address: Address;
  symbol: string;
  name: string;
  decimals: number;
  /**
   * Why the token is ignored (quarantined), or null: its rows are never history and its balance
   * is never read. Anyone can send a wallet a token built to break its readers.
   */
  ignored: string | null;
}

/** The most decimals an amount may have in this product (core's amount limit). */
export const MAX_TOKEN_DECIMALS = 36;
const MAX_SYMBOL_CHARS = 64;
const MAX_NAME_CHARS = 256;

/** An asset symbol the rest of the product accepts: upper case, A–Z 0–9 . _ -, at most 32. */
export function assetSymbolOf(raw: string, address: Address): string {
  const s = raw
    .toUpperCase()
    .replace(/[^A-Z0-9._-]/g, "")
    .slice(0, 24);
  return /^[A-Z0-9]/.test(s) ? s : `TOKEN-${address.slice(2, 8).toUpperCase()}`;
}

/** A string answer (ABI `string`, or a bytes32 padded with NULs as old tokens give), or null. */
export function decodeText(r: CappedResult | undefined, max: number): string | null {
  if (r?.status !== "ok" || size(r.data) === 0) return null;
  if (size(r.data) === 32) return hexToString(r.data, { size: 32 }).replace(/\0+$/, "");
  try {
    const [s] = decodeAbiParameters([{ type: "string" }], r.data);
    // a string that filled the whole answer was cut short: too long to be a real name
    return s.length <= max && size(r.data) < 1024 ? s : null;
  } catch {
    return null;
  }
}

/** A uint256 answer, or null. */
export function decodeUint(r: CappedResult | undefined): bigint | null {
  if (r?.status !== "ok" || size(r.data) < 32) return null;
  return decodeAbiParameters([{ type: "uint256" }], r.data.slice(0, 66) as Hex)[0];
}

const call = (address: Address, functionName: "symbol" | "name" | "decimals") => ({
  target: address,
  data: encodeFunctionData({ abi: erc20Abi, functionName }),
});

/** Why a token's answers disqualify it, or null when they are those of a token. */
function quarantineReason(
  decimals: bigint | null,
  symbol: string | null,
  balance: CappedResult | undefined,
  allowed: boolean,
): string | null {
  if (decimals === null) return "decimals() does not answer";
  if (decimals > BigInt(MAX_TOKEN_DECIMALS))
    return `decimals() says ${decimals}, more than ${MAX_TOKEN_DECIMALS}`;
  // a person may allow a token with no readable symbol (it is held as TOKEN-<address>); its
  // amounts and balance must still be readable exactly
  if (symbol === null && !allowed) return "symbol() does not answer a short text";
  if (balance?.status !== "ok" || size(balance.data) < 32)
    return "balanceOf() reverts or uses more gas than a token needs";
  return null;
}

/**
 * Symbol, name and decimals of tokens, and one balanceOf each as a probe, in capped calls (each
 * with its own gas and answer-size cap, so a hostile token fails alone). Tokens that return
 * bytes32 (old MKR-style) are decoded, a name() that reverts falls back to the symbol. A token
 * whose metadata is missing or absurd (decimals over 36, no symbol, a balanceOf that reverts or
 * burns gas) is kept with the reason it is ignored. Results are cached.
 */
export async function readTokenMeta(
  client: PublicClient,
  tokens: Address[],
  probeHolder: Address,
  cache: Map<string, TokenMeta>,
  /** tokens a person allowed (config.allowTokens), lower case */
  allowed: ReadonlySet<string> = new Set(),
): Promise<void> {
  const missing = tokens.filter((t) => !cache.has(t.toLowerCase()));
  if (missing.length === 0) return;
  const balanceOf = (address: Address) => ({
    target: address,
    data: encodeFunctionData({ abi: erc20Abi, functionName: "balanceOf", args: [probeHolder] }),
  });
  const r = await cappedCalls(
    client,
    missing.flatMap((address) => [
      call(address, "symbol"),
      call(address, "name"),
      call(address, "decimals"),
      balanceOf(address),
    ]),
  );
  missing.forEach((address, i) => {
    const [sym, name, dec, balance] = r.slice(i * 4, i * 4 + 4);
    const symbol = decodeText(sym, MAX_SYMBOL_CHARS);
    const decimals = decodeUint(dec);
    const ignored = quarantineReason(decimals, symbol, balance, allowed.has(address.toLowerCase()));
    cache.set(address.toLowerCase(), {
      address,
      symbol: assetSymbolOf(symbol ?? "", address),
      name: decodeText(name, MAX_NAME_CHARS) || symbol || "",
      decimals: ignored === null ? Number(decimals) : 0,
      ignored,
    });
  });
}
