import type { JsonObject } from "@portfolio/core";
import { z } from "zod";
import { type EvmConfig, rpcUrl } from "./config.js";

/** `header:<Name>` credentials are HTTP headers sent with every RPC request. */
const HEADER_PREFIX = "header:";
/** an HTTP header name (RFC 9110 token) */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** headers the transport sets itself */
const RESERVED_HEADERS = new Set(["content-type", "content-length", "host"]);

/**
 * An EVM account's credentials: `rpcUrl`, the node's URL (hosted nodes put the key in its path
 * or query), and any number of `header:<Name>` entries, each an HTTP header sent with every RPC
 * request (`"header:Authorization": "Bearer …"`). Sealed in the account's object, never returned.
 * Messages name the offending key, never a value.
 */
export const EvmCredentials = z.record(z.string(), z.string()).superRefine((c, ctx) => {
  const issue = (message: string) => ctx.addIssue({ code: "custom", message });
  for (const [key, value] of Object.entries(c)) {
    if (key === "rpcUrl") {
      if (!rpcUrl.safeParse(value).success) issue("rpcUrl must be an http(s) URL");
    } else if (!key.startsWith(HEADER_PREFIX)) {
      issue(`unknown credential "${key}": expected rpcUrl or header:<Name>`);
    } else {
      const name = key.slice(HEADER_PREFIX.length);
      if (!HEADER_NAME.test(name)) issue(`"${key}" does not name an HTTP header`);
      else if (RESERVED_HEADERS.has(name.toLowerCase()))
        issue(`"${key}" is set by the transport and cannot be given`);
      if (/[\r\n\0]/.test(value)) issue(`the value of "${key}" has a line break or NUL`);
    }
  }
});

/** Where and how to reach the account's node: all of it secret. */
export interface RpcEndpoint {
  url: string;
  headers: Record<string, string>;
}

/**
 * The node's endpoint: the URL from the credentials or, for accounts stored before the URL was a
 * credential, from the config; the headers from the credentials.
 */
export function rpcEndpoint(
  cfg: EvmConfig,
  credentials: Record<string, string> | null,
): RpcEndpoint {
  const url = credentials?.rpcUrl ?? cfg.rpcUrl;
  if (!url) throw new Error("this EVM account has no RPC URL: register it with credentials.rpcUrl");
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(credentials ?? {}))
    if (key.startsWith(HEADER_PREFIX)) headers[key.slice(HEADER_PREFIX.length)] = value;
  return { url, headers };
}

/** Scheme, host and port of a URL: what may be shown of a node's address. */
export function rpcHost(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}

/**
 * Registration's split of an EVM account: the node's URL, given in `credentials.rpcUrl` or (the
 * older place) `config.rpcUrl`, goes into the credentials to be sealed; the config to be stored
 * and shown keeps only its `rpcHost`.
 */
export function splitEvmSecrets(
  cfg: EvmConfig,
  credentials: Record<string, string> | null,
):
  | { ok: true; config: EvmConfig; credentials: Record<string, string> }
  | { ok: false; message: string } {
  const { rpcUrl: inConfig, ...rest } = cfg;
  if (inConfig && credentials?.rpcUrl)
    return { ok: false, message: "give the RPC URL once, as credentials.rpcUrl" };
  const url = credentials?.rpcUrl ?? inConfig;
  if (!url) return { ok: false, message: "evm accounts need credentials.rpcUrl" };
  return {
    ok: true,
    config: { ...rest, rpcHost: rpcHost(url) },
    credentials: { ...credentials, rpcUrl: url },
  };
}

/** A stored EVM config as it may be shown: an `rpcUrl` kept by older accounts becomes its host. */
export function evmPublicConfig(config: JsonObject): JsonObject {
  const { rpcUrl: url, ...rest } = config;
  if (typeof url !== "string") return config;
  const host = URL.canParse(url) ? rpcHost(url) : null;
  return host && rest.rpcHost === undefined ? { ...rest, rpcHost: host } : rest;
}
