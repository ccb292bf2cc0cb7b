// `pnpm bench`: a full sync of an address that received 10,000 ERC-20 transfers over 100 tokens
// on a local anvil chain (one transfer per block), with RPC calls and wall time, next to the
// naive way: one eth_getLogs per block. Reports the figures; fails only if the sync missed a transfer.
import { compileTokens, startAnvil } from "@portfolio/evm-chain";
import { type Abi, type Address, createWalletClient, http, parseUnits, publicActions } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { it } from "vitest";
import { EvmConfig } from "../src/evm/config.js";
import { EvmAdapter } from "../src/evm/evm-adapter.js";

const WALLET = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const TOKENS = 100;
const TRANSFERS = 10_000;

it("measures a full EVM sync of 10,000 transfers over 100 tokens", async () => {
  const anvil = await startAnvil();
  try {
    const { TestToken, Multicall3 } = compileTokens();
    if (!TestToken || !Multicall3) throw new Error("compile failed");
    const deployer = createWalletClient({
      account: privateKeyToAccount(
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
      ),
      chain: foundry,
      transport: http(anvil.rpcUrl),
      // anvil mines at once: poll receipts every few ms, not every 4 s
      pollingInterval: 5,
    }).extend(publicActions);
    const mined = async (hash: `0x${string}`) => deployer.waitForTransactionReceipt({ hash });
    const deploy = async (abi: unknown[], bytecode: `0x${string}`, args: unknown[] = []) =>
      (
        await mined(
          await deployer.deployContract({
            abi: abi as Abi,
            bytecode,
            args,
            gas: 5_000_000n,
          } as never),
        )
      ).contractAddress as Address;
    const multicall3 = await deploy(Multicall3.abi, Multicall3.bytecode);
    const tokens: Address[] = [];
    for (let i = 0; i < TOKENS; i++)
      tokens.push(
        await deploy(TestToken.abi, TestToken.bytecode, [
          `Token ${i}`,
          `T${i}`,
          18,
          parseUnits("1000000000", 18),
        ]),
      );
    const tg = performance.now();
    for (let k = 0; k < TRANSFERS; k++) {
      await mined(
        await deployer.writeContract({
          address: tokens[k % TOKENS] as Address,
          abi: TestToken.abi as Abi,
          functionName: "transfer",
          args: [WALLET, BigInt(k + 1)],
          gas: 100_000n,
        } as never),
      );
    }
    const generation = performance.now() - tg;
    const blocks = Number(await deployer.getBlockNumber()) + 1;

    let httpRequests = 0;
    let jsonRpcCalls = 0;
    const counting: typeof fetch = async (input, init) => {
      httpRequests++;
      const body = JSON.parse(String(init?.body ?? "{}")) as unknown;
      jsonRpcCalls += Array.isArray(body) ? body.length : 1;
      return fetch(input, init);
    };
    const adapter = new EvmAdapter(
      EvmConfig.parse({
        rpcUrl: anvil.rpcUrl,
        chainId: 31337,
        addresses: [WALLET],
        multicall3,
        confirmations: 0,
        // 100 tokens nobody prices, sent by someone else: spam by default; this measures the sync
        spamFilter: false,
      }),
      {
        now: () => Date.now(),
        fetch: counting,
      },
    );
    const t0 = performance.now();
    let cursor: string | null = null;
    let stored = 0;
    let pages = 0;
    for (;;) {
      const r = await adapter.getTransactions({ cursor, limit: 1000 });
      if (!r.ok) throw new Error(r.error.message);
      pages++;
      stored += r.value.transactions.filter(
        (t) => t.txType === "transfer_in" && t.asset !== "ETH",
      ).length;
      cursor = r.value.nextCursor;
      if (!r.value.hasMore) break;
    }
    const balances = await adapter.getBalances();
    if (!balances.ok) throw new Error(balances.error.message);
    const ours = performance.now() - t0;
    // a sync that missed transfers would measure something else
    if (stored !== TRANSFERS) throw new Error(`stored ${stored} of ${TRANSFERS} transfers`);

    const topic = `0x000000000000000000000000${WALLET.slice(2).toLowerCase()}`;
    const tn = performance.now();
    let naiveLogs = 0;
    for (let b = 0; b < blocks; b++) {
      const hex = `0x${b.toString(16)}`;
      const r = await fetch(anvil.rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "eth_getLogs",
          params: [{ fromBlock: hex, toBlock: hex, topics: [null, null, topic] }],
        }),
      });
      naiveLogs += ((await r.json()) as { result: unknown[] }).result.length;
    }
    const naive = performance.now() - tn;

    console.log(
      [
        "",
        `EVM full sync: ${TRANSFERS} transfers over ${TOKENS} tokens to one address, ${blocks} blocks (anvil on 127.0.0.1; generated in ${(generation / 1000).toFixed(0)} s)`,
        `  ours   ${(ours / 1000).toFixed(2)} s  ${httpRequests} HTTP requests carrying ${jsonRpcCalls} JSON-RPC calls  ${pages} pages  ${stored} transfers stored  ${balances.value.length} balances`,
        `  naive  ${(naive / 1000).toFixed(2)} s  ${blocks} eth_getLogs calls, one per block (incoming transfers only: no timestamps, metadata or balances)  ${naiveLogs} logs`,
        "",
      ].join("\n"),
    );
  } finally {
    await anvil.stop();
  }
}, 600_000);
