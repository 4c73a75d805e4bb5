// How far a job got, kept on the job itself in Redis. A worker can die (killed, out of
// memory) between claiming its work in the database and finishing it. BullMQ then gives
// the job to another worker (job.stalledCounter > 0), which finds the claim taken by the
// dead run and carries on from the last stage that run reached, so the DM is neither lost
// nor sent twice. Left open: a DM that reached Slack in the moment before the dead run
// could write "sent" goes out again, as Slack's API takes no idempotency key.
import type { Job } from "bullmq";

export type Stage = "sent";

/** This run took over a job whose worker died while running it. */
export const tookOver = (job: Job): boolean => job.stalledCounter > 0;

const stagesOf = (job: Job): Stage[] =>
  (job.progress as { stages?: Stage[] } | undefined)?.stages ?? [];

export const reached = (job: Job, stage: Stage): boolean => stagesOf(job).includes(stage);

export async function mark(job: Job, stage: Stage): Promise<void> {
  await job.updateProgress({ stages: [...stagesOf(job), stage] });
}
