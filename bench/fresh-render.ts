// What Slack shows against what the bot would render now. The bot's render of a request's
// messages (handlers/outbound/request-targets.ts) is compared, message by message, with the
// local Slack's copy; App Homes likewise with handlers/outbound/home.ts. Also: a message's
// distinct content versions, the minimum number of deliveries that could have shown it.
import type { Block, StoredMessage } from "@approvals/slack-local";
import { readerFor } from "../handlers/blocks/reader.ts";
import { homeOf } from "../handlers/outbound/home.ts";
import { requestTargets } from "../handlers/outbound/request-targets.ts";
import type { Harness } from "./harness.ts";

/** The local Slack fills in a block_id / action_id the app left out (4 random base64url characters): not content. */
const generatedId = /^[A-Za-z0-9_-]{4}$/;

function withoutGeneratedIds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutGeneratedIds);
  if (typeof v !== "object" || v === null) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(
        ([k, x]) =>
          !(
            (k === "block_id" || k === "action_id") &&
            typeof x === "string" &&
            generatedId.test(x)
          ),
      )
      .map(([k, x]) => [k, withoutGeneratedIds(x)]),
  );
}

/** Text and blocks as a person sees them, comparable across versions and with a render. */
export function content(m: { text?: string; blocks?: unknown }): string {
  return JSON.stringify([
    m.text ?? "",
    withoutGeneratedIds(JSON.parse(JSON.stringify(m.blocks ?? []))),
  ]);
}

/** Versions that showed something new (a repeat of the version before is not). */
export function distinctVersions(m: StoredMessage): number {
  let n = 0;
  let last: string | undefined;
  for (const v of m.versions) {
    const c = content(v);
    if (c !== last) n++;
    last = c;
  }
  return n;
}

/** Where two contents first differ, for a report: "…slack… ≠ …render…". */
export function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const at = Math.max(0, i - 40);
  return `${a.slice(at, i + 60)} ≠ ${b.slice(at, i + 60)}`;
}

export interface Mismatch {
  requestId: number;
  key: string;
  userId: string;
  problem: string;
}

/** Every message of these requests, as Slack holds it, against a fresh render of the current state. */
export async function compareMessages(
  harness: Harness,
  requestIds: number[],
): Promise<{ messages: number; mismatches: Mismatch[] }> {
  const { services, slack } = harness;
  // Slack locales the bot and workers learned: renders are in each person's language.
  await services.slackLocales.load();
  const reader = readerFor(services);
  const mismatches: Mismatch[] = [];
  let messages = 0;
  for (const requestId of requestIds) {
    const view = await services.loadRequest(requestId);
    if (!view) throw new Error(`request ${requestId} is gone`);
    const rows = new Map((await services.messages.forRequest(requestId)).map((r) => [r.key, r]));
    for (const target of requestTargets(view, reader, services.directory)) {
      const row = rows.get(target.key);
      const miss = (problem: string) =>
        mismatches.push({ requestId, key: target.key, userId: target.userId, problem });
      if (!row) {
        if (target.create) miss("never claimed");
        continue;
      }
      messages++;
      if (row.failure) miss(`failed: ${row.failure}`);
      else if (!row.channel || !row.ts) miss("never posted");
      else {
        const stored = slack.store.message(row.channel, row.ts);
        if (!stored) miss("not in Slack");
        else if (content(stored) !== content(target.render()))
          miss(
            `differs from a fresh render: ${firstDifference(content(stored), content(target.render()))}`,
          );
      }
    }
  }
  return { messages, mismatches };
}

/** Each person's App Home as Slack holds it, against a fresh build. */
export async function compareHomes(
  harness: Harness,
  userIds: string[],
): Promise<{ homes: number; mismatches: string[] }> {
  const { services, slack } = harness;
  await services.slackLocales.load();
  const mismatches: string[] = [];
  for (const userId of userIds) {
    const stored = slack.store.home(userId);
    const fresh = await homeOf(services, userId);
    if (!stored) mismatches.push(`${userId}: never published`);
    else {
      const [a, b] = [
        content({ blocks: stored.blocks as Block[] }),
        content({ blocks: fresh.blocks }),
      ];
      if (a !== b)
        mismatches.push(`${userId}: differs from a fresh build: ${firstDifference(a, b)}`);
    }
  }
  return { homes: userIds.length, mismatches };
}
