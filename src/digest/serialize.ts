// A digest travels in its send job's payload (built in one bulk pass, sent one by one).
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
