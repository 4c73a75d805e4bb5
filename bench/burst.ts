// A burst of decisions from many people against Slack's real rate limits: `n` requests of a
// bench process routed by manager (bench-world.ts), each requester with a first and second
// approver of their own, so every decision is a different person's click and makes a new DM
// for a different next approver. The clicks come at random (Poisson) times over the burst,
// signed as Slack sends them, to the bot process; the workers run in their own process, and
// the local Slack enforces Slack's tiers (rateScale 1) as the bot paces itself to them
// (SLACK_RATE_SCALE=1). Each decision changes the requester's tracking message (chat.update,
// Tier 3: 50 a minute), so a burst above that rate saturates it.
//
// The requests are filed before the burst with the local Slack's clock running 1000× fast and
// the worker unpaced, as if they had come in over the hours before: their DMs and App Homes are
// in place and Slack's budgets full when the burst starts.
import { dmChannelOf, type StoredMessage } from "@approvals/slack-local";
import { ids } from "../handlers/ids.ts";
import { inBatches } from "../harness/async.ts";
import { type BenchBot, caughtUp, problemsLogged, quiet } from "./bench-bot.ts";
import { burstKey, burstPeople } from "./bench-world.ts";
import { compareHomes, compareMessages } from "./fresh-render.ts";
import { type Summary, summarize } from "./stats.ts";

export interface BurstResult {
  decisions: number;
  /** The burst's planned length (the clicks' arrival times span it). */
  burstSeconds: number;
  /** Decisions committed, and those lost (clicked, never committed). */
  committed: number;
  lost: number;
  /** Clicks not answered 200 by the bot. */
  ackErrors: number;
  ack: Summary;
  /** Click sent → the next approver's new DM stored by the local Slack (ms). */
  nextDm: Summary;
  /** Decisions whose next approver never got a DM. */
  nextDmMissing: number;
  /** Web API calls during the burst and until everything had landed: successful ones, and HTTP 429s, by method. */
  calls: Record<string, number>;
  rateLimited: Record<string, number>;
  /**
   * users.info calls (Tier 4) for the people who clicked, whose
   * locale the workers had already stored while posting their DM, and for everyone else.
   */
  profileLookups: { clickers: number; others: number };
  /** The deepest backlog seen on each send queue (jobs waiting, sampled every second). */
  maxBacklog: Record<string, number>;
  /** Share of those samples, from the first click to the last, in which the queue had jobs waiting (1: saturated throughout). */
  busyShare: Record<string, number>;
  /** After the last click: every message up to date, then every App Home. */
  messagesCaughtUpS: number;
  homesCaughtUpS: number;
  /** Every message of the burst's requests against a fresh render of the current state. */
  messages: { checked: number; mismatches: number; examples: string[] };
  /** The App Homes of the people who had theirs open (opened within the last two hours), against a fresh build. */
  homes: { checked: number; mismatches: number; examples: string[] };
  /** Warnings and errors the bot and (burst) worker logged, by message. */
  logged: Record<string, number>;
  /** Preparing the requests (filing, DMs posted, Homes published), not part of the burst. */
  setupS: number;
}

/** A small deterministic generator, so every run clicks at the same moments. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s + 1) / 2 ** 32;
  };
}

/** Poisson arrivals of `n` clicks, scaled so that the last one falls at `durationMs`. */
function arrivals(n: number, durationMs: number): number[] {
  const rnd = random(11);
  const gaps = Array.from({ length: n }, () => -Math.log(rnd()));
  const total = gaps.reduce((a, b) => a + b, 0);
  let t = 0;
  return gaps.map((g) => (t += (g / total) * durationMs));
}

export async function measureBurst(
  b: BenchBot,
  n: number,
  durationMs: number,
): Promise<BurstResult> {
  const { harness } = b;
  const db = harness.world.database.prisma;

  // Setup: every request filed, its DMs posted and App Homes published, out of Slack's budgets.
  const t = performance.now();
  harness.clock.setSpeed(1000);
  const people = Array.from({ length: n }, (_, i) => burstPeople(i));
  const requests = await inBatches(people, 8, async (p, i) => {
    const res = await harness.services.engine.submit(burstKey, p.requester, { note: `burst ${i}` });
    if (!res.ok) throw new Error(`could not file a request: ${JSON.stringify(res.error)}`);
    return res.requestId;
  });
  await caughtUp(harness, { homes: true, timeoutMs: 900_000 });
  await quiet(harness, 500);
  const targets = await inBatches(requests, 8, async (requestId) => {
    const a = await db.assignment.findFirstOrThrow({ where: { requestId, status: "PENDING" } });
    const m = await db.slackMessage.findUniqueOrThrow({ where: { key: `assignment:${a.id}` } });
    return {
      requestId,
      assignmentId: a.id,
      userId: a.assigneeId,
      message: { channel: m.channel!, ts: m.ts! },
    };
  });
  // A second of the fast clock is a quarter of an hour of Slack's: every bucket is full again.
  await new Promise((r) => setTimeout(r, 1000));
  harness.clock.setSpeed(1);
  // An App Home follows live only for people who opened it lately (the others get a fresh one
  // when they open it): 20 requests' requesters and approvers open theirs now, at real time.
  const watchers = people.slice(0, 20).flatMap((p) => [p.requester, p.first, p.second]);
  for (const userId of watchers) await harness.slack.openHome({ userId });
  await caughtUp(harness, { homes: true, timeoutMs: 900_000 });
  await quiet(harness, 500);
  await b.restartWorker({ SLACK_RATE_SCALE: "1" });
  const setupS = Math.round((performance.now() - t) / 1000);

  // The burst.
  const from = harness.slack.store.calls.length;
  const next = new Map(people.map((p, i) => [dmChannelOf(p.second), i]));
  const nextAt: (number | undefined)[] = new Array(n);
  const onMessage = (m: StoredMessage) => {
    const i = next.get(m.channel);
    if (i !== undefined && nextAt[i] === undefined) nextAt[i] = Date.now();
  };
  harness.slack.events.on("message", onMessage);
  const sendQueues = ["post", "update", "respond", "home"] as const;
  const backlog: Record<string, number> = Object.fromEntries(sendQueues.map((q) => [q, 0]));
  const busy: Record<string, number> = Object.fromEntries(sendQueues.map((q) => [q, 0]));
  let samples = 0;
  let clicking = true;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const q of sendQueues) {
        const c = await harness.background.queues[q].getJobCounts(
          "waiting",
          "prioritized",
          "delayed",
        );
        const waiting = (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0);
        backlog[q] = Math.max(backlog[q]!, waiting);
        if (clicking && waiting > 0) busy[q]!++;
      }
      if (clicking) samples++;
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  try {
    const plan = arrivals(n, durationMs);
    const sentAt: number[] = new Array(n);
    const ackMs: number[] = new Array(n);
    const status: number[] = new Array(n);
    const start = Date.now();
    const clicks: Promise<void>[] = [];
    for (let i = 0; i < n; i++) {
      const wait = start + plan[i]! - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const c = targets[i]!;
      sentAt[i] = Date.now();
      clicks.push(
        harness.slack
          .clickButton({ userId: c.userId, actionId: ids.action.approve, message: c.message })
          .then(
            (res) => {
              status[i] = res.status;
              ackMs[i] = Date.now() - sentAt[i]!;
            },
            () => {
              status[i] = 0;
              ackMs[i] = Date.now() - sentAt[i]!;
            },
          ),
      );
    }
    await Promise.all(clicks);
    clicking = false;
    const lastClick = Math.max(...sentAt);
    const assignmentIds = targets.map((c) => c.assignmentId);
    const decided = () =>
      db.assignment.count({ where: { id: { in: assignmentIds }, status: "APPROVED" } });
    const until = Date.now() + 120_000;
    while ((await decided()) < n && Date.now() < until)
      await new Promise((r) => setTimeout(r, 200));
    const committed = await decided();
    await caughtUp(harness, { timeoutMs: 1_200_000 });
    const messagesCaughtUpS = Math.round((Date.now() - lastClick) / 100) / 10;
    await caughtUp(harness, { homes: true, timeoutMs: 1_800_000 });
    const homesCaughtUpS = Math.round((Date.now() - lastClick) / 100) / 10;
    await quiet(harness, 1000);
    sampling = false;
    await sampler;

    const window = harness.slack.store.calls.slice(from);
    const count = (cs: typeof window) =>
      cs.reduce<Record<string, number>>((acc, c) => {
        acc[c.method] = (acc[c.method] ?? 0) + 1;
        return acc;
      }, {});
    const clickers = new Set(people.map((p) => p.first));
    const messages = await compareMessages(harness, requests);
    const homes = await compareHomes(harness, watchers);
    const got = nextAt
      .map((at, i) => (at === undefined ? undefined : at - sentAt[i]!))
      .filter((x): x is number => x !== undefined);
    return {
      decisions: n,
      burstSeconds: Math.round(durationMs / 1000),
      committed,
      lost: n - committed,
      ackErrors: status.filter((s) => s !== 200).length,
      ack: summarize(ackMs),
      nextDm: summarize(got),
      nextDmMissing: n - got.length,
      calls: count(window.filter((c) => c.status === 200 && c.response.ok === true)),
      rateLimited: count(window.filter((c) => c.status === 429)),
      profileLookups: {
        clickers: window.filter(
          (c) => c.method === "users.info" && clickers.has(String(c.args.user)),
        ).length,
        others: window.filter(
          (c) => c.method === "users.info" && !clickers.has(String(c.args.user)),
        ).length,
      },
      maxBacklog: backlog,
      busyShare: Object.fromEntries(
        sendQueues.map((q) => [q, Math.round((busy[q]! / Math.max(1, samples)) * 100) / 100]),
      ),
      messagesCaughtUpS,
      homesCaughtUpS,
      messages: {
        checked: messages.messages,
        mismatches: messages.mismatches.length,
        examples: messages.mismatches
          .slice(0, 5)
          .map((m) => `#${m.requestId} ${m.key} (${m.userId}): ${m.problem}`),
      },
      homes: {
        checked: homes.homes,
        mismatches: homes.mismatches.length,
        examples: homes.mismatches.slice(0, 5),
      },
      logged: problemsLogged(b),
      setupS,
    };
  } finally {
    sampling = false;
    await sampler.catch(() => undefined);
    harness.slack.events.off("message", onMessage);
  }
}
