// GET /metrics: what the engine committed (a refused click counts nothing), every Slack call by
// method and result (429s apart), queue depths; all as valid Prometheus text.
import { type LocalSlack, startLocalSlack } from "@approvals/slack-local";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countedFetch } from "../../handlers/outbound/counted-fetch.ts";
import { signingSecret, slackUsers } from "../../harness/slack.ts";
import { ApprovalEngine } from "../../src/engine/engine.ts";
import { Metrics } from "../../src/infra/metrics.ts";
import { err, ok, onlyPending, returnForm } from "../engine/support.ts";
import { samples } from "../support/prometheus.ts";
import { createWorld, type World } from "../support/world.ts";

let world: World;
let slack: LocalSlack;
beforeAll(async () => {
  world = await createWorld();
  slack = await startLocalSlack({ users: slackUsers(world.directory), signingSecret });
});
afterAll(async () => {
  await slack?.close();
  await world?.close();
});

describe("metrics", () => {
  it("count what the engine committed, by process: filings, decisions and endings", async () => {
    const metrics = new Metrics({ defaults: false });
    const engine = new ApprovalEngine({
      db: world.database.prisma,
      directory: world.directory,
      catalog: world.catalog,
      observer: metrics,
    });
    const { requestId } = ok(await engine.submit("return", "USR0001", returnForm()));
    const first = await onlyPending(world.database.prisma, requestId);
    // Someone else's click is refused and rolled back: nothing is counted for it.
    err(await engine.approve(first.id, "USR0002"));
    ok(await engine.approve(first.id, first.assigneeId));
    const second = await onlyPending(world.database.prisma, requestId);
    ok(await engine.reject(second.id, second.assigneeId, "不符合退货条件"));

    const s = samples(await metrics.text());
    expect(s.get('approvals_requests_filed_total{process="return",source="slack"}')).toBe(1);
    expect(s.get('approvals_decisions_total{process="return",action="approve"}')).toBe(1);
    expect(s.get('approvals_decisions_total{process="return",action="reject"}')).toBe(1);
    expect(s.get('approvals_requests_decided_total{process="return",outcome="rejected"}')).toBe(1);
    expect(s.get('approvals_transaction_seconds_count{kind="decision"}')).toBe(2);
    expect(s.get('approvals_transaction_seconds_count{kind="filing"}')).toBe(1);
  });

  it("count Slack calls by method and result, and 429s apart", async () => {
    const metrics = new Metrics({ defaults: false });
    const client = new WebClient(slack.botToken, {
      slackApiUrl: slack.apiUrl,
      fetch: countedFetch(metrics),
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
    });
    await client.chat.postMessage({ channel: "USR0001", text: "你好" });
    await expect(client.chat.postMessage({ channel: "UNOBODY1", text: "x" })).rejects.toThrow();
    slack.failNext("chat.update", { status: 429, retryAfter: 1 });
    await expect(client.chat.update({ channel: "D1", ts: "1", text: "x" })).rejects.toThrow();
    // The result is read from a copy of the answer, just after the call returns.
    await new Promise((r) => setTimeout(r, 50));
    const s = samples(await metrics.text());
    expect(s.get('approvals_slack_calls_total{method="chat.postMessage",result="ok"}')).toBe(1);
    const refused = [...s.keys()].find((k) =>
      k.startsWith('approvals_slack_calls_total{method="chat.postMessage",result="'),
    );
    expect(refused).toBeDefined();
    expect(
      [...s.entries()].filter(
        ([k, v]) => k.includes('method="chat.postMessage"') && !k.includes('"ok"') && v === 1,
      ),
    ).toHaveLength(1);
    expect(s.get('approvals_slack_calls_total{method="chat.update",result="rate_limited"}')).toBe(
      1,
    );
    expect(s.get('approvals_slack_rate_limited_total{method="chat.update"}')).toBe(1);
  });

  it("report queue depths when scraped, and the process's own figures", async () => {
    const metrics = new Metrics();
    metrics.watchQueues(async () => ({ post: { waiting: 3, active: 1 }, home: { waiting: 0 } }));
    const s = samples(await metrics.text());
    expect(s.get('approvals_queue_jobs{queue="post",state="waiting"}')).toBe(3);
    expect(s.get('approvals_queue_jobs{queue="post",state="active"}')).toBe(1);
    expect(s.has("process_cpu_seconds_total")).toBe(true);
  });
});
