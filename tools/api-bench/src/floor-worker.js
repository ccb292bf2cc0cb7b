// The floor: a worker that calls a SQLite-backed Durable Object over RPC, and the object reads
// one row with ctx.storage.sql.exec and returns it. Nothing less can answer from an object's
// storage, so the API's figures are read beside this one.
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

  read() {
    return this.ctx.storage.sql
      .exec("SELECT asset, free, locked FROM balance WHERE asset = ?", "USDT")
      .one();
  }
}

export default {
  /** `GET /?object=<name>`: the named object's row, as JSON. */
  async fetch(request, env) {
    const name = new URL(request.url).searchParams.get("object") ?? "floor";
    const row = await env.FLOOR.get(env.FLOOR.idFromName(name)).read();
    return Response.json(row);
  },
};
