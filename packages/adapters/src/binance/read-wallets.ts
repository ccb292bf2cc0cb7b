import type { AdapterResult } from "../adapter-error.js";
import { ok } from "../adapter-error.js";
import type { WalletAnswers } from "./balances.js";
import type { BinanceClient } from "./client.js";
import { earnHoldings } from "./earn-fiat.js";
import { EP } from "./endpoints.js";

/** Every wallet's answer for one balance read, and the account's own fee rates beside them. */
export interface WalletRead extends WalletAnswers {
  /** the account's maker and taker rates, as the spot account endpoint states them */
  rates: { maker: string; taker: string } | null;
}

/**
 * Reads the account's wallets in turn (spot, funding, cross margin, USDⓈ-M futures, Simple
 * Earn), stopping at the first that fails: the cross-margin and futures wallets and Earn hold
 * the account's money too (moving it there is no loss), though spot trades cannot spend it.
 */
export async function readWallets(client: BinanceClient): Promise<AdapterResult<WalletRead>> {
  const spot = await client.call<{
    balances: { asset: string; free: string; locked: string }[];
    commissionRates?: { maker: string; taker: string };
  }>(EP.account, { omitZeroBalances: true });
  if (!spot.ok) return spot;
  const funding = await client.call<
    { asset: string; free: string; locked: string; freeze: string }[]
  >(EP.funding, {});
  if (!funding.ok) return funding;
  const margin = await client.call<{ userAssets: { asset: string; netAsset: string }[] }>(
    EP.margin,
    {},
  );
  if (!margin.ok) return margin;
  const futures = await client.call<{ asset: string; balance: string }[]>(EP.futures, {});
  if (!futures.ok) return futures;
  const earn = await earnHoldings(client);
  if (!earn.ok) return earn;
  return ok({
    spot: spot.value.balances,
    funding: funding.value,
    margin: margin.value.userAssets,
    futures: futures.value,
    earn: earn.value,
    rates: spot.value.commissionRates ?? null,
  });
}
