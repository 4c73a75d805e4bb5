// A digest built in the daily bulk pass, as kept in Redis until its send job runs.
import type { Digest } from "./build-digests.ts";

export function serializeDigest(d: Digest): unknown {
  return JSON.parse(JSON.stringify(d));
}

export function deserializeDigest(raw: unknown): Digest {
  const d = raw as Digest;
  return {
    ...d,
    waiting: d.waiting.map((w) => ({ ...w, since: new Date(w.since) })),
    mine: d.mine.map((m) => ({ ...m, since: new Date(m.since) })),
  };
}
