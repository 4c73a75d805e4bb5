// The clients, in a process of their own so that signing and sending do not take CPU
// from the app being measured. `concurrency` clients each send the next body as soon as
// their previous one is answered (a closed loop), signed at send time like Slack does.
import { signedHeaders } from "@approvals/slack-local";

export interface LoadJob {
  url: string;
  signingSecret: string;
  bodies: string[];
  concurrency: number;
}

export interface LoadResult {
  /** Per body, in order: when it was sent (epoch ms), how long the answer took, the HTTP status. */
  sentAt: number[];
  ms: number[];
  status: number[];
  wallMs: number;
}

async function run(job: LoadJob): Promise<LoadResult> {
  const n = job.bodies.length;
  const result: LoadResult = {
    sentAt: new Array(n),
    ms: new Array(n),
    status: new Array(n),
    wallMs: 0,
  };
  let next = 0;
  const client = async () => {
    for (let i = next++; i < n; i = next++) {
      const body = job.bodies[i]!;
      const headers = {
        "content-type": "application/x-www-form-urlencoded",
        ...signedHeaders(job.signingSecret, body),
      };
      result.sentAt[i] = Date.now();
      const start = performance.now();
      try {
        const res = await fetch(job.url, { method: "POST", headers, body });
        await res.arrayBuffer();
        result.status[i] = res.status;
      } catch {
        result.status[i] = 0;
      }
      result.ms[i] = performance.now() - start;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, client));
  result.wallMs = performance.now() - start;
  return result;
}

process.on("message", (job: LoadJob) => {
  run(job).then(
    (r) => process.send!(r),
    (e: unknown) => process.send!({ error: String(e) }),
  );
});
