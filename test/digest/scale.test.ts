// 10,000 people: every digest goes through the rate-limited queue to the local Slack,
// which answers some calls with 429 + Retry-After, and a worker is restarted mid-run.
// Everyone gets exactly one message.

import { type LocalSlack, startLocalSlack } from "@approvals/slack-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../harness/async.ts";
import { backgroundOn } from "../../harness/stack.ts";
import type { Background } from "../../jobs/background.ts";
import { digestTick } from "../../jobs/digest-tick.ts";
import { settingsSchema } from "../../src/config/settings.ts";
import type { Database } from "../../src/db/open-database.ts";
import { ProcessCatalog } from "../../src/definitions/catalog.ts";
import { processSchema } from "../../src/definitions/schema.ts";
import { Directory } from "../../src/directory/directory.ts";
import { resolveLocally } from "../../src/directory/resolve-org.ts";
import { orgSchema } from "../../src/directory/schema.ts";
import { type RedisHandle, startRedis } from "../../src/infra/redis.ts";
import { createServices, type Services } from "../../src/services.ts";
import { freshDatabase } from "../support/database.ts";

const N = 10_000;
const id = (i: number) => `U${String(i).padStart(7, "0")}`;
let database: Database;
let redis: RedisHandle;
let slack: LocalSlack;
let services: Services;
const backgrounds: Background[] = [];
const prefix = `digest${Date.now().toString(36)}`;

beforeAll(async () => {
  database = await freshDatabase();
  // 100 teams of 100: person 0 of each team manages the other 99.
  const people = Array.from({ length: N }, (_, i) => ({
    id: id(i),
    name: `员工${i}`,
    ...(i % 100 === 0 ? {} : { manager: id(i - (i % 100)) }),
  }));
  const directory = new Directory(
    resolveLocally(
      orgSchema.parse({
        company: { name: { zh: "大公司", en: "Big Co." } },
        regions: [],
        people,
        roles: [
          {
            key: "finance",
            name: { zh: "财务", en: "Finance" },
            scope: "global",
            holders: [id(1)],
          },
        ],
      }),
    ),
  );
  const def = processSchema.parse({
    key: "memo",
    version: 1,
    name: { zh: "备忘", en: "Memo" },
    fields: [{ key: "note", type: "text", label: { zh: "说明", en: "Note" } }],
    steps: [
      {
        key: "review",
        kind: "approval",
        who: { role: "finance" },
        name: { zh: "审核", en: "Review" },
      },
    ],
  });
  const catalog = await ProcessCatalog.publish(database.prisma, [def]);
  const versionId = catalog.get("memo")!.versionId;
  // Everyone has one request of their own waiting on the next person: 10,000 digests to send.
  await database.prisma.request.createMany({
    data: people.map((p) => ({
      processKey: "memo",
      processVersionId: versionId,
      requesterId: p.id,
      form: { note: "x" },
    })),
  });
  const requests = await database.prisma.request.findMany({
    select: { id: true, requesterId: true },
  });
  const next = new Map(people.map((p, i) => [p.id, id((i + 1) % N)]));
  await database.prisma.assignment.createMany({
    data: requests.map((r) => ({
      requestId: r.id,
      stepIndex: 0,
      stepKey: "review",
      kind: "APPROVAL" as const,
      assigneeId: next.get(r.requesterId)!,
      reason: { kind: "role", role: "finance" },
    })),
  });
  const settings = settingsSchema.parse({
    calendar: { working_hours: { start: "00:00", end: "24:00" }, weekdays: [1, 2, 3, 4, 5, 6, 7] },
    digest: { time: "00:00", per_second: 1000 },
  });
  services = createServices({ db: database.prisma, directory, catalog, settings });
  // 10,000 DMs in about a minute is far past Slack's workspace-wide chat.postMessage limit
  // ("several hundred a minute"; real Slack would take over half an hour): this measures the
  // bot's own pipeline (claims, Retry-After from the injected 429s, a restart), so the local
  // Slack's budgets are scaled up a hundredfold.
  slack = await startLocalSlack({ signingSecret: "s", rateScale: 100 });
  redis = await startRedis(process.env.REDIS_URL);
}, 120_000);

afterAll(async () => {
  for (const b of backgrounds) await b.close();
  await redis?.close();
  await slack?.close();
  await database?.close();
});

async function startWorkers() {
  const b = backgroundOn(services, slack, redis, prefix);
  await b.startWorkers({ digestTick: false });
  backgrounds.push(b);
  return b;
}

const digestsSent = () =>
  slack.store.calls.filter((c) => c.method === "chat.postMessage" && c.response?.ok).length;

describe("10,000-person digest run", () => {
  it("everyone gets exactly one digest despite 429s and a worker restart", async () => {
    const first = await startWorkers();
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 1 }, 3);
    const tick = await digestTick.handle(first.jobContext, {}, {} as never);
    expect(tick).toEqual({ due: N, queued: N });
    await eventually(() => digestsSent() >= 3000 || undefined, "a third sent", 60_000);
    // A worker dies mid-run; another takes over.
    await first.close();
    await startWorkers();
    await eventually(() => digestsSent() >= N || undefined, "all sent", 120_000);
    await new Promise((r) => setTimeout(r, 1000));
    const perChannel = new Map<string, number>();
    for (const c of slack.store.calls)
      if (c.method === "chat.postMessage" && c.response?.ok)
        perChannel.set(String(c.args.channel), (perChannel.get(String(c.args.channel)) ?? 0) + 1);
    expect(perChannel.size).toBe(N);
    expect([...perChannel.values()].every((n) => n === 1)).toBe(true);
    expect(
      slack.store.calls.filter((c) => c.method === "chat.postMessage" && !c.response?.ok).length,
    ).toBeGreaterThanOrEqual(3);
    expect(await database.prisma.digestDelivery.count()).toBe(N);
    // The next tick finds nobody due: none twice.
    expect(await digestTick.handle(backgrounds.at(-1)!.jobContext, {}, {} as never)).toEqual({
      due: 0,
    });
  }, 240_000);
});
