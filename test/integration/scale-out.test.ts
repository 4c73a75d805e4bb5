// The README's scale-out: two bot processes (RUN_WORKERS=false) and two `npm run worker`
// processes on one PostgreSQL and Redis, with the decisions on the same requests sent to
// the two bots in turn. Every Slack message ends equal to a fresh render of its request,
// none is posted twice, and none is left stale.
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { formValues } from "@approvals/slack-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readerFor } from "../../handlers/blocks/reader.ts";
import { ids } from "../../handlers/ids.ts";
import { requestTargets } from "../../handlers/outbound/request-targets.ts";
import { processSchema } from "../../src/definitions/schema.ts";
import { type AppProcess, runApp, started, stopApp } from "../support/app-process.ts";
import {
  actionIds,
  type Bot,
  eventually,
  freePort,
  messagesOf,
  signingSecret,
  startBot,
} from "../support/bot.ts";
import { repoRoot } from "../support/world.ts";

const name = (s: string) => ({ zh: s, en: s });
/** Three departments countersign in parallel (their clicks race), then a task. */
const parallel = processSchema.parse({
  key: "t_parallel",
  version: 1,
  name: name("t_parallel"),
  fields: [{ key: "amount", type: "money", label: name("Amount") }],
  steps: [
    {
      key: "countersign",
      kind: "approval",
      name: name("Countersign"),
      branches: [
        { key: "director", who: { role: "sales_director" }, name: name("Director") },
        { key: "gm", who: { role: "general_manager" }, name: name("GM") },
        { key: "vp", who: { role: "marketing_vp" }, name: name("VP") },
      ],
    },
    { key: "ship", kind: "task", who: { role: "warehouse" }, name: name("Ship") },
  ],
});

const REQUESTS = 4;
let harness: Bot;
let dir: string;
const bots: { url: string; p: AppProcess }[] = [];
const workers: AppProcess[] = [];

describe.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)(
  "two bots and two workers on one PostgreSQL and Redis",
  () => {
    beforeAll(async () => {
      // The harness is the local Slack and the database; its own app and workers stay unused.
      harness = await startBot({ extra: [parallel], workers: false });
      dir = mkdtempSync(path.join(tmpdir(), "approvals-scale-out-"));
      // The shipped processes and this one, for the bots' and workers' PROCESSES_DIR.
      const shipped = path.join(repoRoot, "config/processes");
      for (const f of readdirSync(shipped)) copyFileSync(path.join(shipped, f), path.join(dir, f));
      writeFileSync(path.join(dir, "t_parallel.yaml"), JSON.stringify(parallel));
      const common = {
        DATABASE_URL: harness.world.database.url!,
        REDIS_URL: harness.redis.url,
        JOBS_PREFIX: harness.prefix,
        SLACK_API_URL: harness.slack.apiUrl,
        SLACK_BOT_TOKEN: harness.slack.botToken,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_APP_TOKEN: "",
        PROCESSES_DIR: dir,
        LOG_LEVEL: "info", // "started" lines are info
      };
      for (let i = 0; i < 2; i++) {
        const port = await freePort();
        const p = runApp("main/bot.ts", { ...common, PORT: String(port), RUN_WORKERS: "false" });
        bots.push({ url: `http://127.0.0.1:${port}/slack/events`, p });
        workers.push(runApp("main/worker.ts", common));
      }
      await Promise.all([
        ...bots.map((b) => started(b.p, "approval bot started", 60_000)),
        ...workers.map((w) => started(w, "workers started", 60_000)),
      ]);
    }, 120_000);

    afterAll(async () => {
      await Promise.all([...bots.map((b) => stopApp(b.p)), ...workers.map(stopApp)]);
      await harness?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** Sends the next interaction to the other bot. */
    let turn = 0;
    const nextBot = () => harness.slack.setEventsUrl(bots[turn++ % bots.length]!.url);

    it("every message ends equal to a fresh render, none posted twice, none stale", async () => {
      const slack = harness.slack;
      const db = harness.world.database.prisma;
      const requesters = ["USR0001", "USR0002", "USR0003", "USR0004"];
      const ids_: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        nextBot();
        const res = await slack.slashCommand({
          userId: requesters[i]!,
          command: "/approval",
          text: "new t_parallel",
        });
        expect(res.status).toBe(200);
        const view = await eventually(
          () =>
            slack.store
              .openViewsOf(requesters[i]!)
              .find((v) => v.callback_id === "request:t_parallel"),
          "the form",
        );
        nextBot();
        const answer = await slack.submitView({
          userId: requesters[i]!,
          viewId: view.id,
          values: formValues(view, { amount: `${1000 + i}.00` }),
        });
        expect(answer.json?.response_action).toBeUndefined();
        ids_.push((await db.request.findFirstOrThrow({ orderBy: { id: "desc" } })).id);
      }

      // The three departments of every request click as soon as their DMs arrive, each click to the other bot.
      const clickWhenThere = async (requestId: number, userId: string, actionId: string) => {
        const m = await eventually(
          async () =>
            (await messagesOf(harness, requestId)).find(
              (x) => x.userId === userId && actionIds(x).includes(actionId),
            ),
          `${actionId} for ${userId} on #${requestId}`,
          30_000,
        );
        nextBot();
        const res = await slack.clickButton({
          userId,
          actionId,
          message: { channel: m.channel, ts: m.ts },
        });
        expect(res.status).toBe(200);
      };
      await Promise.all(
        ids_.flatMap((id) =>
          ["USD0001", "UGM0001", "UVP0001"].map((u) => clickWhenThere(id, u, ids.action.approve)),
        ),
      );
      await Promise.all(ids_.map((id) => clickWhenThere(id, "UWH0001", ids.action.taskDone)));
      await eventually(
        async () =>
          (await db.request.count({ where: { id: { in: ids_ }, status: "APPROVED" } })) === REQUESTS
            ? true
            : undefined,
        "all approved",
        30_000,
      );
      await eventually(
        async () =>
          (await db.request.count({
            where: { id: { in: ids_ }, syncedRevision: { lt: db.request.fields.revision } },
          })) === 0
            ? true
            : undefined,
        "every sync done",
        30_000,
      );
      await harness.background.idle();

      for (const id of ids_) {
        const view = (await harness.services.loadRequest(id))!;
        const targets = requestTargets(
          view,
          readerFor(harness.services),
          harness.services.directory,
        );
        const rows = await db.slackMessage.findMany({ where: { requestId: id } });
        // One row a message, each posted once: no second copy in anyone's DM.
        expect(rows.map((r) => r.key).sort()).toEqual(
          targets
            .filter((t) => t.create || rows.some((r) => r.key === t.key))
            .map((t) => t.key)
            .sort(),
        );
        for (const row of rows) {
          const inDm = slack.store.dmOf(row.userId).filter((m) => m.ts === row.ts);
          expect(inDm, row.key).toHaveLength(1);
          const fresh = targets.find((t) => t.key === row.key)!.render();
          const shown = slack.store.message(row.channel!, row.ts!)!;
          expect(
            { text: shown.text, blocks: comparable(shown.blocks, fresh.blocks) },
            `${row.key} of #${id}`,
          ).toEqual({ text: fresh.text, blocks: fresh.blocks });
        }
        const posted = slack.store.calls.filter(
          (c) =>
            c.method === "chat.postMessage" &&
            c.response.ok &&
            String(c.args.text).includes(`#${id}`),
        );
        expect(posted).toHaveLength(rows.length);
      }
    }, 180_000);
  },
);

/** Slack fills in the block_ids the app left out: take them out again where the render has none. */
function comparable(shown: unknown, fresh: unknown): unknown {
  const s = JSON.parse(JSON.stringify(shown ?? [])) as Record<string, unknown>[];
  const f = fresh as Record<string, unknown>[];
  return s.map((b, i) => {
    if (f[i] && !("block_id" in f[i]!)) delete b.block_id;
    return b;
  });
}
