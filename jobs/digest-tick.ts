// Every minute: who is due their digest now (local time, working day, not yet sent today)?
// Their digests are built in one bulk pass and kept for their send jobs (built-digests.ts),
// one send job per person and day.
import { z } from "zod";
import { hasContent } from "../src/digest/build-digests.ts";
import { dueDigests } from "../src/digest/due.ts";
import { keepBuilt } from "./built-digests.ts";
import { defineJob } from "./define-job.ts";
import { jobIds } from "./queues.ts";
import { sendDigest } from "./send-digest.ts";

export const digestTick = defineJob({
  name: "digest-tick",
  queue: "digests",
  schema: z.object({}).passthrough(),
  async handle(ctx) {
    const { digests: store, digestBuilder, calendar, clock } = ctx.services;
    const now = clock();
    const people = await store.people();
    const days = [
      ...new Set(
        people.map((p) => new Intl.DateTimeFormat("en-CA", { timeZone: p.timeZone }).format(now)),
      ),
    ];
    const delivered = await store.delivered(days);
    const due = dueDigests(
      people,
      (userId, day) => delivered.has(`${userId}/${day}`),
      now,
      calendar,
    );
    if (due.length === 0) return { due: 0 };
    const built = await digestBuilder.build(
      due.map((d) => d.userId),
      now,
    );
    const send = due.filter((d) => hasContent(built.get(d.userId)!));
    await store.markNothing(due.filter((d) => !hasContent(built.get(d.userId)!)));
    await keepBuilt(
      ctx,
      send.map((d) => ({ day: d.day, digest: built.get(d.userId)! })),
    );
    await sendDigest.enqueueMany(
      ctx.queues,
      send.map((d) => ({
        payload: { userId: d.userId, day: d.day },
        opts: { jobId: jobIds.digest(d.userId, d.day) },
      })),
    );
    return { due: due.length, queued: send.length };
  },
});
