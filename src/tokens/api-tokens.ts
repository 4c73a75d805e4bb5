// API tokens for other systems (the ERP, BI): a name, the scopes it may use, and the SHA-256
// of its secret. The secret itself is shown once, when the token is made, and never stored.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/open-database.ts";

export const apiScopes = ["requests:write", "requests:read", "customers:write"] as const;
export type ApiScope = (typeof apiScopes)[number];

/** What a new token may do unless told otherwise: file requests and read them. */
export const defaultScopes: ApiScope[] = ["requests:write", "requests:read"];

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Secrets start so, so a leaked one is recognised by secret scanners and by people. */
const secretPrefix = "apv_";

export interface ApiTokenInfo {
  id: number;
  name: string;
  scopes: ApiScope[];
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export type TokenRefusal =
  | { type: "bad_name"; name: string }
  | { type: "bad_scope"; scope: string }
  | { type: "name_taken"; name: string }
  | { type: "unknown_token"; name: string };

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function isScope(s: string): s is ApiScope {
  return (apiScopes as readonly string[]).includes(s);
}

/** `createdBy`: a Slack user id, or `cli` for `npm run api:token`. */
export async function createApiToken(
  db: Db,
  input: { name: string; scopes: string[]; createdBy: string; now: Date },
): Promise<{ ok: true; secret: string; token: ApiTokenInfo } | { ok: false; error: TokenRefusal }> {
  if (!namePattern.test(input.name))
    return { ok: false, error: { type: "bad_name", name: input.name } };
  const unknown = input.scopes.find((s) => !isScope(s));
  if (unknown !== undefined) return { ok: false, error: { type: "bad_scope", scope: unknown } };
  const secret = secretPrefix + randomBytes(32).toString("base64url");
  try {
    const row = await db.apiToken.create({
      data: {
        name: input.name,
        hash: hashSecret(secret),
        scopes: [...new Set(input.scopes)],
        createdBy: input.createdBy,
        createdAt: input.now,
      },
    });
    return { ok: true, secret, token: info(row) };
  } catch (e) {
    if ((e as { code?: string }).code === "P2002")
      return { ok: false, error: { type: "name_taken", name: input.name } };
    throw e;
  }
}

/** A revoked token stops working at once; its name stays taken, so the audit keeps meaning. */
export async function revokeApiToken(
  db: Db,
  name: string,
  now: Date,
): Promise<{ ok: true; token: ApiTokenInfo } | { ok: false; error: TokenRefusal }> {
  const found = await db.apiToken.findUnique({ where: { name } });
  if (!found) return { ok: false, error: { type: "unknown_token", name } };
  const row = found.revokedAt
    ? found
    : await db.apiToken.update({ where: { id: found.id }, data: { revokedAt: now } });
  return { ok: true, token: info(row) };
}

export async function listApiTokens(db: Db): Promise<ApiTokenInfo[]> {
  return (await db.apiToken.findMany({ orderBy: { id: "asc" } })).map(info);
}

/** How stale `lastUsedAt` may be: a busy token is not written on every call. */
const lastUsedEveryMs = 60_000;

/** The live token this secret belongs to, if any. */
export async function authenticate(
  db: Db,
  secret: string,
  now: Date,
): Promise<ApiTokenInfo | undefined> {
  if (!secret.startsWith(secretPrefix)) return undefined;
  const row = await db.apiToken.findUnique({ where: { hash: hashSecret(secret) } });
  if (!row || row.revokedAt) return undefined;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > lastUsedEveryMs)
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return info(row);
}

function info(row: {
  id: number;
  name: string;
  scopes: string[];
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}): ApiTokenInfo {
  const { id, name, createdBy, createdAt, revokedAt, lastUsedAt } = row;
  return {
    id,
    name,
    scopes: row.scopes.filter(isScope),
    createdBy,
    createdAt,
    revokedAt,
    lastUsedAt,
  };
}
