import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  publicActions,
  type TransactionReceipt,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import type { Artifact } from "./compile.ts";

/** anvil's first three dev keys (mnemonic "test test … junk"): deployer, tracked wallet, someone else. */
export const DEV_KEYS = {
  deployer: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  wallet: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  other: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
} as const satisfies Record<string, Hex>;

export type Signer = ReturnType<typeof signers>["deployer"];

/** Wallet clients for the dev keys that wait for receipts every few ms, as anvil mines at once. */
export function signers(rpcUrl: string) {
  const client = (key: Hex) =>
    createWalletClient({
      account: privateKeyToAccount(key),
      chain: foundry,
      transport: http(rpcUrl),
      pollingInterval: 5,
    }).extend(publicActions);
  return {
    pub: createPublicClient({ chain: foundry, transport: http(rpcUrl), pollingInterval: 5 }),
    deployer: client(DEV_KEYS.deployer),
    wallet: client(DEV_KEYS.wallet),
    other: client(DEV_KEYS.other),
  };
}

export async function mined(
  c: Signer,
  hash: Hex,
  opts: { mayRevert?: boolean } = {},
): Promise<TransactionReceipt> {
  const r = await c.waitForTransactionReceipt({ hash });
  if (r.status !== "success" && !opts.mayRevert) throw new Error(`transaction ${hash} reverted`);
  return r;
}

export async function deploy(c: Signer, a: Artifact, args: unknown[] = []): Promise<Address> {
  const hash = await c.deployContract({ abi: a.abi as Abi, bytecode: a.bytecode, args });
  const r = await mined(c, hash);
  if (!r.contractAddress) throw new Error("no contract address");
  return r.contractAddress;
}

/**
 * A contract call with a fixed gas limit: an estimate made in the same second as a pool's last
 * update skips the oracle writes that the mined transaction (a second later) performs, and then
 * runs out of gas.
 */
export async function call(
  c: Signer,
  address: Address,
  abi: unknown[],
  functionName: string,
  args: unknown[] = [],
  opts: { value?: bigint; mayRevert?: boolean } = {},
): Promise<TransactionReceipt> {
  const hash = await c.writeContract({
    address,
    abi: abi as Abi,
    functionName,
    args,
    gas: 5_000_000n,
    ...(opts.value ? { value: opts.value } : {}),
  } as never);
  return mined(c, hash, opts);
}

export async function read<T>(
  c: Signer,
  address: Address,
  abi: unknown[],
  functionName: string,
  args: unknown[] = [],
): Promise<T> {
  return (await c.readContract({ address, abi: abi as Abi, functionName, args })) as T;
}
