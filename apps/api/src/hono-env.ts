import type { ErrorCode } from "./errors/api-error.js";
import type { ApiKey } from "./middleware/api-keys.js";

/** The one Hono environment of the API worker. */
export type HonoEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    apiKey: ApiKey;
    /** filled by handlers for the request's wide log line */
    accountId?: string;
    errorCode?: ErrorCode;
  };
};
