import { HttpRequestError, LimitExceededRpcError, RpcRequestError, TimeoutError } from "viem";
import { describe, expect, it } from "vitest";
import { isMissingState, rpcErrorKind, rpcFailure } from "./rpc-errors.js";

const url = "https://node.example/v2/key4290range";
const body = { method: "eth_getLogs", params: [{ topics: ["0x429"] }] };

describe("EVM RPC errors", () => {
  it("are read from what the node said and the status, not from the URL or the request", () => {
    expect(rpcErrorKind(new TimeoutError({ url, body })).kind).toBe("unavailable");
    expect(rpcErrorKind(new HttpRequestError({ url, body, status: 500 })).kind).toBe("unavailable");
    expect(rpcErrorKind(new HttpRequestError({ url, body, status: 429 })).kind).toBe(
      "rate_limited",
    );
    const node = (message: string, status = 200) =>
      new LimitExceededRpcError(
        new RpcRequestError({ body, url, status, error: { code: -32005, message } }),
      );
    expect(rpcErrorKind(node("rate limit exceeded", 429)).kind).toBe("rate_limited");
    expect(rpcErrorKind(node("query exceeds max block range 3")).kind).toBe("range");
  });

  it("are read from the JSON-RPC code, the node's words only where one code means two things", () => {
    const rpc = (code: number, message: string) =>
      new RpcRequestError({ body, url, error: { code, message } });
    // a 429 in what the node says (a block number) is not a rate limit
    expect(rpcErrorKind(rpc(-32000, "header not found for block 429")).kind).toBe("unavailable");
    expect(rpcErrorKind(rpc(-32005, "limit exceeded")).kind).toBe("rate_limited");
    expect(rpcErrorKind(rpc(-32602, "block range too large, max 2000")).kind).toBe("range");
    expect(rpcErrorKind(rpc(-32005, "query returned more than 10000 results")).kind).toBe("range");
  });

  it("say when the node no longer keeps the state asked for", () => {
    const rpc = (code: number, message: string) =>
      new RpcRequestError({ body, url, error: { code, message } });
    expect(isMissingState(rpc(-32000, "missing trie node 1f2e… (path )"))).toBe(true);
    expect(
      isMissingState(
        rpc(-32602, "BlockOutOfRangeError: block height is 10101 but requested was 0"),
      ),
    ).toBe(true);
    expect(isMissingState(rpc(-32000, "execution reverted"))).toBe(false);
    expect(rpcFailure("history", rpc(-32000, "missing trie node 00 (path )")).error).toMatchObject({
      kind: "unsupported",
      retryable: false,
    });
  });

  it("keep the summary and the node's words on one line", () => {
    const err = new HttpRequestError({ url, body, status: 401, details: "bad key\nmore" });
    expect(rpcFailure("chain id", err).error.message).toBe(
      "chain id: HTTP request failed: bad key",
    );
  });
});
