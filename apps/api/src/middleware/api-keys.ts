import { z } from "@hono/zod-openapi";

export const scopes = ["read", "trade", "admin"] as const;
export type Scope = (typeof scopes)[number];

const ApiKeysSchema = z.array(
  z.object({
    id: z.string().regex(/^key_[0-9a-z_]+$/),
    /** hex SHA-256 of the bearer token; the token itself is never stored */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    scopes: z.array(z.enum(scopes)).min(1),
    /** whose accounts the key sees; keys of one owner share accounts, other owners' do not exist for them */
    owner: z
      .string()
      .regex(/^[a-z0-9_-]{1,64}$/)
      .default("default"),
  }),
);
export type ApiKey = z.infer<typeof ApiKeysSchema>[number];

let cache: { raw: string; byHash: Map<string, ApiKey> } | null = null;

/** Parses the API_KEYS secret once per isolate; a malformed secret fails loudly, not open. */
export function apiKeysFrom(raw: string | undefined): Map<string, ApiKey> {
  if (cache && cache.raw === raw) return cache.byHash;
  if (!raw) throw new Error("API_KEYS is not set");
  const keys = ApiKeysSchema.parse(JSON.parse(raw));
  cache = { raw, byHash: new Map(keys.map((k) => [k.sha256, k])) };
  return cache.byHash;
}
