// Idempotency-Key (as Stripe and the IETF draft have it): a retried POST with the same key
// gets the first call's answer, and files nothing again. The answer is kept a day; a key
// reused for another call is refused; one still running is answered 409. A call that failed
// keeps nothing, so it may be retried with the same key once its cause is fixed.
import { createHash } from "node:crypto";
import type { Db } from "../src/db/open-database.ts";
import type { Prisma } from "../src/generated/prisma/client.ts";
import { Problem, type Reply } from "./http.ts";

const keepMs = 24 * 60 * 60 * 1000;
/** A call this long "in progress" died with its process: the key's next call runs it again. */
const abandonedMs = 60_000;
const keyPattern = /^[\x21-\x7e]{1,255}$/;
const running = 0;

export interface IdempotentCall {
  tokenId: number;
  /** The Idempotency-Key header, if sent. */
  key: string | undefined;
  method: string;
  path: string;
  body: unknown;
  now: Date;
}

/** `run` gets the key it may pass on (so what it files is filed once per key, even after a crash). */
export async function idempotent(
  db: Db,
  call: IdempotentCall,
  run: (key: string | undefined) => Promise<Reply>,
): Promise<Reply> {
  const { key, tokenId, now } = call;
  if (key === undefined) return run(undefined);
  if (!keyPattern.test(key)) throw new Problem(400, "invalid_idempotency_key");
  const callHash = createHash("sha256")
    .update(`${call.method} ${call.path}\n${JSON.stringify(call.body)}`)
    .digest("hex");
  const id = { tokenId_key: { tokenId, key } };
  await db.apiIdempotency.deleteMany({
    where: { tokenId, key, createdAt: { lt: new Date(now.getTime() - keepMs) } },
  });
  const claimed = await db.apiIdempotency
    .create({ data: { tokenId, key, callHash, status: running, body: {}, createdAt: now } })
    .then(
      () => true,
      (e: unknown) => {
        if ((e as { code?: string }).code === "P2002") return false;
        throw e;
      },
    );
  if (!claimed) {
    const row = await db.apiIdempotency.findUniqueOrThrow({ where: id });
    if (row.callHash !== callHash) throw new Problem(422, "idempotency_key_reused");
    if (row.status !== running) {
      const kept = row.body as { body?: unknown; headers?: Record<string, string> };
      return {
        status: row.status,
        body: kept.body,
        headers: { ...kept.headers, "idempotent-replayed": "true" },
      };
    }
    const takenOver = await db.apiIdempotency.updateMany({
      where: {
        tokenId,
        key,
        status: running,
        createdAt: { lt: new Date(now.getTime() - abandonedMs) },
      },
      data: { createdAt: now },
    });
    if (takenOver.count === 0)
      throw new Problem(409, "idempotency_in_progress", undefined, {}, { "retry-after": "1" });
  }
  let reply: Reply;
  try {
    reply = await run(key);
  } catch (e) {
    await db.apiIdempotency.delete({ where: id }).catch(() => undefined);
    throw e;
  }
  if (reply.status >= 200 && reply.status < 300)
    await db.apiIdempotency.update({
      where: id,
      data: {
        status: reply.status,
        body: { body: reply.body, headers: reply.headers } as Prisma.InputJsonValue,
      },
    });
  else await db.apiIdempotency.delete({ where: id }).catch(() => undefined);
  return reply;
}
