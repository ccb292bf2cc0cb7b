import { AccountDO } from "./account-do.js";

export type * from "./rpc-types.js";
export { AccountDO };

/** The sync worker has no public routes: accounts are reached through the API worker. */
export default {
  async fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === "/health") return Response.json({ status: "ok", worker: "portfolio-sync" });
    return Response.json(
      { error: { code: "NOT_FOUND", message: "the sync worker has no public routes" } },
      { status: 404 },
    );
  },
} satisfies ExportedHandler<SyncEnv>;
export { type AccountClient, accountClient } from "./account-client.js";
