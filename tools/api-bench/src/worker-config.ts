// What the bench needs from a worker's wrangler.jsonc, read with wrangler's own parser, so the
// bench runs the workers with the bindings, vars and compatibility settings they deploy with.
import { dirname, resolve } from "node:path";
import { unstable_readConfig } from "wrangler";

export interface WorkerConfig {
  name: string;
  configPath: string;
  /** the entry module (`main`), as written in the config */
  main: string;
  compatibilityDate: string;
  compatibilityFlags: string[];
  vars: Record<string, string>;
  requiredSecrets: string[];
  d1: { binding: string; databaseName: string; databaseId: string; migrationsDir: string | null }[];
  durableObjects: { binding: string; className: string; scriptName?: string }[];
  /** classes this worker defines with SQLite storage (`new_sqlite_classes`) */
  sqliteClasses: Set<string>;
  rateLimits: { binding: string; namespaceId: string; limit: number; period: 10 | 60 }[];
  moduleRules: { type: string; globs: string[]; fallthrough?: boolean }[];
}

/** Binding kinds the bench does not set up: a config that uses one fails the run, never skips it. */
const UNMAPPED = [
  "kv_namespaces",
  "r2_buckets",
  "services",
  "vectorize",
  "hyperdrive",
  "analytics_engine_datasets",
  "workflows",
  "dispatch_namespaces",
  "mtls_certificates",
  "send_email",
  "secrets_store_secrets",
  "tail_consumers",
] as const;

/** The fields of wrangler's parsed config the bench reads (its published types leave them untyped). */
interface ParsedConfig extends Record<(typeof UNMAPPED)[number], unknown> {
  name?: string;
  main?: string;
  compatibility_date?: string;
  compatibility_flags: string[];
  vars: Record<string, unknown>;
  secrets?: { required?: string[] };
  d1_databases: {
    binding: string;
    database_name?: string;
    database_id?: string;
    migrations_dir?: string;
  }[];
  durable_objects: { bindings: { name: string; class_name: string; script_name?: string }[] };
  migrations: { new_sqlite_classes?: string[] }[];
  ratelimits: { name: string; namespace_id: string; simple: { limit: number; period: 10 | 60 } }[];
  rules: { type: string; globs: string[]; fallthrough?: boolean }[];
  queues: { producers?: unknown[]; consumers?: unknown[] };
  ai?: unknown;
  browser?: unknown;
  assets?: unknown;
}

export function readWorkerConfig(configPath: string): WorkerConfig {
  const c = unstable_readConfig({ config: configPath }) as ParsedConfig;
  for (const field of UNMAPPED) {
    const value = c[field];
    if (Array.isArray(value) && value.length > 0)
      throw new Error(`${configPath} uses ${field}, which the bench does not set up yet`);
  }
  // static assets without a binding are served by the platform's router ahead of the worker,
  // for paths that are files (the dashboard, the API reference's bundle): the bench's /v1 calls
  // are none of them, so the worker answers them as it would behind the router
  const assetsBinding = (c.assets as { binding?: string } | undefined)?.binding;
  if (
    c.queues.producers?.length ||
    c.queues.consumers?.length ||
    c.ai ||
    c.browser ||
    assetsBinding
  )
    throw new Error(`${configPath} uses a binding the bench does not set up yet`);
  if (!c.name || !c.compatibility_date) throw new Error(`${configPath} needs a name and a date`);
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.vars))
    vars[k] = typeof v === "string" ? v : JSON.stringify(v);
  return {
    name: c.name,
    configPath,
    main: c.main ?? "src/index.ts",
    compatibilityDate: c.compatibility_date,
    compatibilityFlags: c.compatibility_flags,
    vars,
    requiredSecrets: c.secrets?.required ?? [],
    d1: c.d1_databases.map((d) => {
      if (!d.database_id || !d.database_name)
        throw new Error(
          `${configPath}: D1 binding ${d.binding} needs database_name and database_id`,
        );
      return {
        binding: d.binding,
        databaseName: d.database_name,
        databaseId: d.database_id,
        migrationsDir: d.migrations_dir ? resolve(dirname(configPath), d.migrations_dir) : null,
      };
    }),
    durableObjects: c.durable_objects.bindings.map((b) => ({
      binding: b.name,
      className: b.class_name,
      ...(b.script_name ? { scriptName: b.script_name } : {}),
    })),
    sqliteClasses: new Set(c.migrations.flatMap((m) => m.new_sqlite_classes ?? [])),
    rateLimits: c.ratelimits.map((r) => ({
      binding: r.name,
      namespaceId: r.namespace_id,
      limit: r.simple.limit,
      period: r.simple.period,
    })),
    moduleRules: c.rules.map((r) => ({
      type: r.type,
      globs: r.globs,
      ...(r.fallthrough === undefined ? {} : { fallthrough: r.fallthrough }),
    })),
  };
}
