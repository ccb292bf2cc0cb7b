import {
  type Address,
  decodeAbiParameters,
  encodeDeployData,
  type Hex,
  type PublicClient,
} from "viem";
import { CAPPED_MULTICALL_CODE } from "./capped-multicall-code.js";

/** One read: a contract and its calldata. */
export interface CappedCall {
  target: Address;
  data: Hex;
}

/** How a read ended: answered, failed on its own (reverted, out of gas), or no contract there. */
export type CappedResult =
  | { status: "ok"; data: Hex }
  | { status: "failed" }
  | { status: "no_code" };

/** Gas each call may use: a balanceOf or decimals() needs a few thousand, a proxy's a few more. */
export const CALL_GAS_CAP = 200_000n;
/** Bytes kept of each answer: a name, a symbol or a number needs a few dozen. */
export const MAX_RETURN = 1024n;
/** Calls per eth_call: at the cap each, within every node's gas limit for one eth_call. */
const CHUNK = 60;

const constructorAbi = [
  {
    type: "constructor",
    stateMutability: "nonpayable",
    inputs: [
      { name: "targets", type: "address[]" },
      { name: "calls", type: "bytes[]" },
      { name: "gasCap", type: "uint256" },
      { name: "maxReturn", type: "uint256" },
    ],
  },
] as const;
const resultTypes = [{ type: "uint8[]" }, { type: "bytes[]" }] as const;

async function oneCall(
  client: PublicClient,
  calls: CappedCall[],
  blockNumber: bigint | undefined,
): Promise<(CappedResult | null)[]> {
  const data = encodeDeployData({
    abi: constructorAbi,
    bytecode: CAPPED_MULTICALL_CODE,
    args: [calls.map((c) => c.target), calls.map((c) => c.data), CALL_GAS_CAP, MAX_RETURN],
  });
  const r = await client.call({ data, ...(blockNumber !== undefined ? { blockNumber } : {}) });
  if (!r.data) throw new Error("the node answered the capped multicall with no data");
  const [status, out] = decodeAbiParameters(resultTypes, r.data);
  if (status.length !== calls.length || out.length !== calls.length)
    throw new Error("the node answered the capped multicall with the wrong number of results");
  return status.map((s, i) =>
    s === 1
      ? { status: "ok", data: out[i] as Hex }
      : s === 2
        ? { status: "failed" }
        : s === 3
          ? { status: "no_code" }
          : null,
  );
}

/**
 * Reads `calls` at one block (the latest when none is given), each with its own gas cap, in as
 * few eth_calls as the node's gas limit allows. A call that fails fails alone; a refused or
 * failed eth_call throws, so an answer is always whole: never some calls quietly missing.
 */
export async function cappedCalls(
  client: PublicClient,
  calls: CappedCall[],
  blockNumber?: bigint,
): Promise<CappedResult[]> {
  const results: (CappedResult | null)[] = new Array(calls.length).fill(null);
  let todo = calls.map((_, i) => i);
  while (todo.length > 0) {
    const chunks: number[][] = [];
    for (let i = 0; i < todo.length; i += CHUNK) chunks.push(todo.slice(i, i + CHUNK));
    const answers = await Promise.all(
      chunks.map((c) =>
        oneCall(
          client,
          c.map((i) => calls[i] as CappedCall),
          blockNumber,
        ),
      ),
    );
    const left: number[] = [];
    chunks.forEach((c, k) => {
      c.forEach((i, j) => {
        const a = answers[k]?.[j] ?? null;
        if (a) results[i] = a;
        else left.push(i);
      });
    });
    // calls the node's gas limit left untried go again, each chunk's rest first in a new call
    if (left.length === todo.length)
      throw new Error("the node's gas limit for eth_call is below one capped call");
    todo = left;
  }
  return results as CappedResult[];
}
