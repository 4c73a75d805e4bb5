// The transaction client every state change runs in, and the part of it raw SQL needs.
import type { Db } from "./open-database.ts";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** What a raw statement needs: a transaction, or the client outside one. */
export type SqlClient = Pick<Tx, "$queryRaw" | "$executeRaw">;

/** A value for a jsonb parameter (SQL NULL for nothing). */
export const jsonParam = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
