// The floor: a worker that calls a SQLite-backed Durable Object over RPC, and the object reads
// one row with ctx.storage.sql.exec and returns it. Nothing less can answer from an object's
// storage, so the API's figures are read beside this one. Run as its own script, the worker and
// the object share one isolate; floor-caller.js is the same worker in a script of its own,
// calling this script's object from another isolate.
import { DurableObject } from "cloudflare:workers";

export class FloorDO extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS balance (asset TEXT PRIMARY KEY, free TEXT NOT NULL, locked TEXT NOT NULL)",
    );
    ctx.storage.sql.exec(
      "INSERT OR IGNORE INTO balance (asset, free, locked) VALUES ('USDT', '10000', '0')",
    );
  }

  /**
   * The stream floor: the client's WebSocket relayed, both ways, to an outbound WebSocket the
   * object opens to `to` (the local Binance's WebSocket API). Nothing is parsed or stored: what
   * a message costs to travel platform → object → client, and nothing more.
   */
  async fetch(request) {
    const to = new URL(request.url).searchParams.get("to");
    const upstream = (await fetch(to, { headers: { Upgrade: "websocket" } })).webSocket;
    if (!upstream) return new Response("no upstream WebSocket", { status: 502 });
    upstream.accept();
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    upstream.addEventListener("message", (e) => server.send(e.data));
    server.addEventListener("message", (e) => upstream.send(e.data));
    upstream.addEventListener("close", () => server.close(1000, "upstream closed"));
    server.addEventListener("close", () => upstream.close(1000, "client closed"));
    return new Response(null, { status: 101, webSocket: client });
  }

  read() {
    return this.ctx.storage.sql
      .exec("SELECT asset, free, locked FROM balance WHERE asset = ?", "USDT")
      .one();
  }
}

export default {
  /**
   * `GET /?object=<name>`: the named object's row, as JSON (a POST's body is read first, as any
   * handler of a POST must); `/relay?to=…`: the stream floor.
   */
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/relay")
      return env.FLOOR.get(env.FLOOR.idFromName("relay")).fetch(request);
    if (request.method === "POST") await request.arrayBuffer();
    const name = url.searchParams.get("object") ?? "floor";
    const row = await env.FLOOR.get(env.FLOOR.idFromName(name)).read();
    return Response.json(row);
  },
};
