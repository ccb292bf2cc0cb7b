import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A JSON-RPC proxy in front of a node that refuses eth_getLogs over more than `maxRange` blocks
 * the way hosted RPC providers do (code -32005, "query exceeds max block range"), and can answer
 * HTTP 429 on demand, so the adapter is tested against the answers it meets in production.
 */
export async function startRangeLimitedProxy(
  upstream: string,
  maxRange: number,
): Promise<{ url: string; refused: () => number; close(): Promise<void> }> {
  let refused = 0;
  // `proxy_fail429` (a method of this proxy only) makes the next n requests answer HTTP 429
  let fail429 = 0;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", async () => {
      const msg = JSON.parse(body) as {
        id: number;
        method: string;
        params?: { fromBlock?: string; toBlock?: string }[];
      };
      const p = msg.params?.[0];
      if (msg.method === "proxy_fail429") {
        fail429 = Number(msg.params?.[0] ?? 0);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ jsonrpc: "2.0", id: msg.id, result: fail429 }));
        return;
      }
      if (fail429 > 0) {
        fail429--;
        res.writeHead(429, { "content-type": "application/json", "retry-after": "2" });
        res.end(
          JSON.stringify({
            jsonrpc: "2.0",
            id: msg.id,
            error: { code: -32005, message: "rate limit exceeded" },
          }),
        );
        return;
      }
      if (
        msg.method === "eth_getLogs" &&
        p?.fromBlock &&
        p.toBlock &&
        Number(BigInt(p.toBlock) - BigInt(p.fromBlock)) + 1 > maxRange
      ) {
        refused++;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            jsonrpc: "2.0",
            id: msg.id,
            error: { code: -32005, message: `query exceeds max block range ${maxRange}` },
          }),
        );
        return;
      }
      const r = await fetch(upstream, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      res.writeHead(r.status, { "content-type": "application/json" });
      res.end(await r.text());
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  server.unref();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refused: () => refused,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
