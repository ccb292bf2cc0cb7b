import { ID_ALPHABET, newId } from "@portfolio/core";
import { createDb, getAccountRow } from "@portfolio/db";
import { type AccountClient, accountClient } from "@portfolio/sync";
import type { Context } from "hono";
import { ApiError } from "../errors/api-error.js";
import type { HonoEnv } from "../hono-env.js";

const RANDOM_CHARS = 16;
const TAG_CHARS = 12;
const encoder = new TextEncoder();

let cachedKey: { secret: string; key: Promise<CryptoKey> } | null = null;

function idKey(secret: string): Promise<CryptoKey> {
  if (cachedKey?.secret !== secret) {
    cachedKey = {
      secret,
      key: crypto.subtle.importKey(
        "raw",
        encoder.encode(secret),
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign"],
      ),
    };
  }
  return cachedKey.key;
}

/** The owner's tag of an id's random part: 12 base-36 characters of HMAC-SHA256(owner, random). */
async function tag(secret: string, owner: string, random: string): Promise<string> {
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", await idKey(secret), encoder.encode(`${owner}\n${random}`)),
  );
  let out = "";
  for (const b of mac.subarray(0, TAG_CHARS)) out += ID_ALPHABET[b % ID_ALPHABET.length];
  return out;
}

/**
 * A new account id for `owner`. With `ACCOUNT_ID_KEY` set it carries the owner's tag, so the
 * API can tell an id it minted for this owner from any other without I/O; without the key it is
 * a plain random id and ownership is looked up in D1.
 */
export async function mintAccountId(env: Env, owner: string): Promise<string> {
  const secret = env.ACCOUNT_ID_KEY;
  if (!secret) return newId("acct");
  const random = newId("acct").slice("acct_".length, "acct_".length + RANDOM_CHARS);
  return `acct_${random}${await tag(secret, owner, random)}`;
}

/** Ids this isolate already found tagged for their owner (`owner\nid`); bounded, oldest first out. */
const verified = new Set<string>();
const VERIFIED_MAX = 10_000;

const verifiedKey = (owner: string, id: string) => `${owner}\n${id}`;

/** `id` was found tagged for `owner` before, under the key still set. */
function verifiedBefore(env: Env, owner: string, id: string): boolean {
  return !!env.ACCOUNT_ID_KEY && verified.has(verifiedKey(owner, id));
}

async function carriesOwnersTag(env: Env, owner: string, id: string): Promise<boolean> {
  const secret = env.ACCOUNT_ID_KEY;
  const body = id.slice("acct_".length);
  if (!secret || body.length !== RANDOM_CHARS + TAG_CHARS) return false;
  if (verifiedBefore(env, owner, id)) return true;
  if ((await tag(secret, owner, body.slice(0, RANDOM_CHARS))) !== body.slice(RANDOM_CHARS))
    return false;
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.values().next().value ?? "");
  verified.add(verifiedKey(owner, id));
  return true;
}

/**
 * The RPC client of an account whose id this isolate already found tagged for `owner`, found
 * without waiting; undefined for any other (which {@link ownedAccountOf} then judges).
 */
export function knownOwnedAccount(env: Env, owner: string, id: string): AccountClient | undefined {
  return verifiedBefore(env, owner, id) ? accountClient(env.ACCOUNT, id) : undefined;
}

/**
 * The RPC client of an account `owner` may address. Ownership is checked before any Durable
 * Object is reached, so an unknown or foreign id never wakes (or creates) one: an id with the
 * owner's tag passes at once; any other (minted before the key existed, or under an earlier key)
 * must be the owner's row in D1. The object checks the owner again itself.
 */
export async function ownedAccountOf(env: Env, owner: string, id: string) {
  const owned =
    (await carriesOwnersTag(env, owner, id)) ||
    (await getAccountRow(createDb(env.DB), id, owner)) !== undefined;
  if (!owned) throw new ApiError("NOT_FOUND", "account not found");
  return accountClient(env.ACCOUNT, id);
}

/** {@link ownedAccountOf} for the request's key, naming the account in the request's log line. */
export function ownedAccount(c: Context<HonoEnv>, id: string) {
  c.set("accountId", id);
  return ownedAccountOf(c.env, c.get("apiKey").owner, id);
}

/**
 * For routes that read an account's history from D1 only: its D1 row must be the owner's (a
 * deleted account's row no longer is, though its id still carries the tag).
 */
export async function ownedHistory(c: Context<HonoEnv>, id: string): Promise<void> {
  c.set("accountId", id);
  if (!(await getAccountRow(createDb(c.env.DB), id, c.get("apiKey").owner)))
    throw new ApiError("NOT_FOUND", "account not found");
}
