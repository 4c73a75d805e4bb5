// Slack calls per decision against the minimum, for a whole return request (GM step
// included) and 会签 of N people, against the local Slack with Slack's own rate limits and the
// workers in a process of their own. Each request is filed through its modal and decided
// through signed clicks on its DMs, one person after another, each once the previous
// decision's messages have landed (the most calls a request can cost: nothing coalesces).
//
// The minimum is what people saw change: for every message of the request, its distinct
// content versions (the post, plus each version that differed from the one before). Every
// delivery beyond that re-sent what the message already showed.
import type { RecordedCall, StoredView } from "@approvals/slack-local";
import { returnFormValues } from "../harness/samples.ts";
import { type BenchBot, caughtUp, problemsLogged, quiet } from "./bench-bot.ts";
import { countersignKey } from "./bench-world.ts";
import { compareMessages, content, distinctVersions } from "./fresh-render.ts";
import type { Harness } from "./harness.ts";
import { clickables, decide, fileViaModal } from "./interact.ts";

export interface CallsScenario {
  name: string;
  process: string;
  /** Approvals and tasks decided by a click. */
  decisions: number;
  /** The request's messages (assignees' DMs, the requester's tracking message, notices, CCs). */
  messages: number;
  /** Deliveries to those messages that people could see: one post each, plus each change of content. */
  minimum: { posts: number; changes: number; total: number };
  /** Deliveries made to those messages. response_url replacements are not Web API calls. */
  delivered: { posts: number; updates: number; responseUrl: number; total: number };
  /** Deliveries that showed nothing new (delivered.total − minimum.total). */
  redundant: number;
  /** delivered.total / minimum.total (1 = nothing wasted). */
  ratio: number;
  /** Successful Web API calls from filing to the end, by method (the modal's views.open/update and users.info included). */
  calls: Record<string, number>;
  /** HTTP 429 answers, by method. */
  rateLimited: Record<string, number>;
  /** Other failed calls, by method and error. */
  errors: Record<string, number>;
  /** App Home publishes, and how many of them changed what the Home showed. */
  homes: { publishes: number; changed: number };
  perDecision: { postMessage: number; update: number; responseUrl: number; publish: number };
  /** Messages that differ from a fresh render at the end (should be none). */
  mismatches: number;
  seconds: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export async function measureCalls(
  b: BenchBot,
  panels: number[],
): Promise<{ scenarios: CallsScenario[]; logged: Record<string, number> }> {
  const homes = trackHomes(b.harness);
  try {
    const scenarios: CallsScenario[] = [];
    scenarios.push(
      await scenario(
        b.harness,
        homes,
        "return, GM step included (¥68,000.50)",
        "return",
        "USR0001",
        returnFormValues({ amount: "68,000.50", order_no: "SO-BENCH-0001" }),
      ),
    );
    for (const n of panels)
      scenarios.push(
        await scenario(b.harness, homes, `会签 of ${n}`, countersignKey(n), "USR0002", {
          note: `bench ${n}`,
        }),
      );
    return { scenarios, logged: problemsLogged(b) };
  } finally {
    homes.stop();
  }
}

async function scenario(
  h: Harness,
  homes: HomeTracker,
  name: string,
  processKey: string,
  requester: string,
  form: Parameters<typeof fileViaModal>[3],
): Promise<CallsScenario> {
  const t0 = performance.now();
  const from = h.slack.store.calls.length;
  homes.window();
  const requestId = await fileViaModal(h, requester, processKey, form);
  await settle(h, requestId);
  let decisions = 0;
  for (;;) {
    const next = (await clickables(h, requestId))[0];
    if (!next) break;
    await decide(h, next);
    decisions++;
    await settle(h, requestId);
  }
  const status = (
    await h.world.database.prisma.request.findUniqueOrThrow({ where: { id: requestId } })
  ).status;
  if (status !== "APPROVED") throw new Error(`${name}: request #${requestId} ended ${status}`);
  const window = h.slack.store.calls.slice(from);
  const rows = await h.world.database.prisma.slackMessage.findMany({ where: { requestId } });
  const byMessage = new Map(
    rows.filter((r) => r.channel && r.ts).map((r) => [`${r.channel}/${r.ts}`, r]),
  );
  const ok = window.filter((c) => c.status === 200 && c.response.ok === true);
  const updatesOf = (k: string) =>
    ok.filter(
      (c) => c.method === "chat.update" && `${String(c.args.channel)}/${String(c.args.ts)}` === k,
    ).length;
  // Every new message in the window is this request's (nothing else runs meanwhile).
  const posts = ok.filter((c) => c.method === "chat.postMessage").length;
  let updates = 0;
  let responseUrl = 0;
  let changes = 0;
  for (const k of byMessage.keys()) {
    const [channel, ts] = k.split("/") as [string, string];
    const m = h.slack.store.message(channel, ts);
    if (!m) throw new Error(`${name}: message ${k} is not in the local Slack`);
    const u = updatesOf(k);
    updates += u;
    // Every change of a message is a chat.update or a response_url replacement.
    responseUrl += m.versions.length - 1 - u;
    changes += distinctVersions(m) - 1;
  }
  const minimum = { posts: byMessage.size, changes, total: byMessage.size + changes };
  const delivered = { posts, updates, responseUrl, total: posts + updates + responseUrl };
  const count = (cs: RecordedCall[], key: (c: RecordedCall) => string) =>
    cs.reduce<Record<string, number>>((acc, c) => {
      const k = key(c);
      acc[k] = (acc[k] ?? 0) + 1;
      return acc;
    }, {});
  const calls = count(ok, (c) => c.method);
  const { mismatches } = await compareMessages(h, [requestId]);
  const home = homes.counts();
  return {
    name,
    process: processKey,
    decisions,
    messages: byMessage.size,
    minimum,
    delivered,
    redundant: delivered.total - minimum.total,
    ratio: round2(delivered.total / minimum.total),
    calls,
    rateLimited: count(
      window.filter((c) => c.status === 429),
      (c) => c.method,
    ),
    errors: count(
      window.filter((c) => c.status !== 429 && c.response.ok !== true),
      (c) => `${c.method} ${String(c.response.error)}`,
    ),
    homes: home,
    perDecision: {
      postMessage: round2((calls["chat.postMessage"] ?? 0) / decisions),
      update: round2((calls["chat.update"] ?? 0) / decisions),
      responseUrl: round2(responseUrl / decisions),
      publish: round2((calls["views.publish"] ?? 0) / decisions),
    },
    mismatches: mismatches.length,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  };
}

/** Everything a decision set off has landed: its messages, App Homes, and Slack quiet for a moment. */
async function settle(h: Harness, requestId: number): Promise<void> {
  await caughtUp(h, { homes: true, requestIds: [requestId] });
  await quiet(h, 300);
}

interface HomeTracker {
  /** Starts counting anew. */
  window(): void;
  counts(): { publishes: number; changed: number };
  stop(): void;
}

/** views.publish as the local Slack applied them: each, and whether it showed anything new to its person. */
function trackHomes(h: Harness): HomeTracker {
  const last = new Map<string, string>();
  let publishes = 0;
  let changed = 0;
  const on = (view: StoredView) => {
    const user = view.user;
    const c = content({ blocks: view.blocks });
    publishes++;
    if (last.get(user) !== c) changed++;
    last.set(user, c);
  };
  h.slack.events.on("home", on);
  return {
    window: () => {
      publishes = 0;
      changed = 0;
    },
    counts: () => ({ publishes, changed }),
    stop: () => h.slack.events.off("home", on),
  };
}
