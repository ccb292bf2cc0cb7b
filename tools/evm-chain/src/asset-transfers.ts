// Alchemy's Transfers API (`alchemy_getAssetTransfers`), the coin categories, computed from the
// node's own traces: what hosted providers offer where a node has no trace_* methods for its
// users. As documented (docs.alchemy.com, Transfers API): `fromAddress` and `toAddress` are one
// address each and ANDed; `category` picks "external" (the coin a transaction sends, top level)
// and "internal" (coin a contract sends: calls, not delegatecalls, of non-zero value); results
// come in block order, at most `maxCount` (default 0x3e8) a page, with a `pageKey` for the next;
// each transfer has `blockNum`, `hash`, `from`, `to`, `value` (a float, in ether), `asset`
// "ETH", `category` and `rawContract: { value (hex wei), address: null, decimal: "0x12" }`.
// Internal transfers under a frame that reverted are not transfers; a top-level one is listed
// whatever its transaction's status (the receipt says whether it happened).

interface Frame {
  type: string;
  action: { from?: string; to?: string; value?: string; callType?: string };
  error?: string;
  traceAddress: number[];
  transactionHash: string;
  blockNumber: number;
}

export interface AssetTransfersParams {
  fromBlock?: string;
  toBlock?: string;
  fromAddress?: string;
  toAddress?: string;
  category: string[];
  maxCount?: string;
  pageKey?: string;
}

type Upstream = (method: string, params: unknown[]) => Promise<unknown>;

export async function assetTransfers(upstream: Upstream, p: AssetTransfersParams) {
  const filter: Record<string, unknown> = {
    fromBlock: p.fromBlock ?? "0x0",
    toBlock: p.toBlock ?? "latest",
  };
  if (p.fromAddress) filter.fromAddress = [p.fromAddress.toLowerCase()];
  if (p.toAddress) filter.toAddress = [p.toAddress.toLowerCase()];
  const frames = (await upstream("trace_filter", [filter])) as Frame[];
  const wholeTx = new Map<string, Frame[]>();
  const underRevert = async (f: Frame) => {
    if (f.traceAddress.length === 0) return false;
    let all = wholeTx.get(f.transactionHash);
    if (!all) {
      all = (await upstream("trace_transaction", [f.transactionHash])) as Frame[];
      wholeTx.set(f.transactionHash, all);
    }
    return all.some(
      (a) =>
        a.error !== undefined &&
        a.traceAddress.length <= f.traceAddress.length &&
        a.traceAddress.every((x, i) => f.traceAddress[i] === x),
    );
  };
  const out = [];
  for (const f of frames) {
    const wei = BigInt(f.action.value ?? "0x0");
    const call = f.type === "call" && (f.action.callType ?? "call") === "call";
    if (wei === 0n || !(call || f.type === "create")) continue;
    const category = f.traceAddress.length === 0 ? "external" : "internal";
    if (!p.category.includes(category)) continue;
    if (category === "internal" && (await underRevert(f))) continue;
    out.push({
      blockNum: `0x${f.blockNumber.toString(16)}`,
      uniqueId: `${f.transactionHash}:${category}:${f.traceAddress.join(".")}`,
      hash: f.transactionHash,
      from: (f.action.from ?? "").toLowerCase(),
      to: (f.action.to ?? "").toLowerCase(),
      value: Number(wei) / 1e18,
      erc721TokenId: null,
      erc1155Metadata: null,
      tokenId: null,
      asset: "ETH",
      category,
      rawContract: { value: `0x${wei.toString(16)}`, address: null, decimal: "0x12" },
    });
  }
  const size = Number(p.maxCount ?? "0x3e8");
  const start = p.pageKey ? Number(p.pageKey) : 0;
  const page = out.slice(start, start + size);
  return {
    transfers: page,
    ...(start + size < out.length ? { pageKey: String(start + size) } : {}),
  };
}
