/**
 * Imports `.sql` files as strings in tests, as wrangler's `Text` rule does in the bundle, so
 * the Durable Object's drizzle migrations load the same way under Vitest and in production.
 */
export function sqlAsText() {
  return {
    name: "sql-as-text",
    enforce: "pre" as const,
    transform(code: string, id: string) {
      if (!id.endsWith(".sql")) return null;
      return { code: `export default ${JSON.stringify(code)};`, map: null };
    },
  };
}
