import { z } from "@hono/zod-openapi";

/** The query of a route that takes none: any parameter is a 400, as on every other route. */
export const NoQuery = z.object({}).strict();
