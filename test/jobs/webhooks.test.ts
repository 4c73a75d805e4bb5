// Completion webhooks: signed, retried with backoff, delivered once; status on the requester's message.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import { signWebhook } from "../../src/webhooks/webhook-service.ts";
import {
  type Bot,
  clickOn,
  eventually,
  fileRequest,
  latestRequestId,
  startBot,
} from "../support/bot.ts";
import { timerProcess } from "./timer-processes.ts";

const secret = "whsec-test";
let bot: Bot;
let server: Server;
let failuresLeft = 0;
const received: { headers: IncomingHttpHeaders; body: string; status: number }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const status = req.url === "/always-fails" || failuresLeft-- > 0 ? 500 : 200;
      received.push({ headers: req.headers, body, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const hook = (path: string, attempts?: number) => ({
    webhook: { url: `${base}${path}`, secret_env: "WEBHOOK_SECRET_TEST", attempts },
    admins: ["USO0001"],
  });
  bot = await startBot({
    extra: [
      timerProcess("t_hook", { remind_every: "PT1H" }, hook("/erp")),
      timerProcess("t_hook_down", { remind_every: "PT1H" }, hook("/always-fails", 2)),
    ],
    secrets: { WEBHOOK_SECRET_TEST: secret },
    // Each retrying state lasts longer than the sync's debounce, so the requester's message shows it.
    webhookRetry: { attempts: 3, backoffMs: 700 },
  });
});
afterAll(async () => {
  await bot?.close();
  server?.close();
});

const db = () => bot.world.database.prisma;

/** The requester's `/approval status` answer (sent through response_url after the ack), as text. */
async function approvalAnswerBlocks(text: string): Promise<string> {
  const before = bot.slack.store.ephemeralsFor("USR0001").length;
  await bot.slack.slashCommand({ userId: "USR0001", command: "/approval", text });
  const e = await eventually(
    () => bot.slack.store.ephemeralsFor("USR0001").at(before),
    "status answer",
  );
  return `${e.text}${JSON.stringify(e.blocks ?? [])}`;
}

async function runToCompletion(key: string): Promise<number> {
  await fileRequest(bot, "USR0001", key, { amount: "2500.50" });
  const id = await latestRequestId(bot);
  await clickOn(bot, id, "USD0001", ids.action.approve);
  await clickOn(bot, id, "UWH0001", ids.action.taskDone);
  return id;
}

const trackingVersions = async (id: number) => {
  const row = await db().slackMessage.findFirstOrThrow({
    where: { requestId: id, purpose: "TRACKING" },
  });
  return bot.slack.store
    .message(row.channel!, row.ts!)!
    .versions.map((v) => v.text + JSON.stringify(v.blocks ?? []));
};

describe("completion webhook", () => {
  it("fails twice, then is delivered once with a valid signature; the status moves from retrying to posted", async () => {
    failuresLeft = 2;
    received.length = 0;
    const id = await runToCompletion("t_hook");
    await eventually(
      async () =>
        (await db().request.findUniqueOrThrow({ where: { id } })).webhookStatus === "POSTED" ||
        undefined,
      "posted",
      12_000,
    );
    expect(received.map((r) => r.status)).toEqual([500, 500, 200]);
    const ok = received[2]!;
    const ts = Number(ok.headers["x-approvals-timestamp"]);
    expect(ok.headers["x-approvals-signature"]).toBe(signWebhook(secret, ts, ok.body));
    const body = JSON.parse(ok.body) as {
      event: string;
      request: { id: number; status: string; form: { amount: string } };
      decisions: { action: string }[];
    };
    expect(body).toMatchObject({
      event: "request.completed",
      request: { id, status: "APPROVED", form: { amount: "2500.50" } },
    });
    expect(body.decisions.map((d) => d.action)).toContain("APPROVE");
    expect((await db().request.findUniqueOrThrow({ where: { id } })).webhookAttempts).toBe(3);
    const versions = await eventually(async () => {
      const v = await trackingVersions(id);
      return v.at(-1)?.includes("已回写 ERP") ? v : undefined;
    }, "tracking message shows posted");
    expect(versions.some((v) => v.includes("重试中（第 1 次）"))).toBe(true);
    // `/approval status` shows it too.
    expect(await approvalAnswerBlocks(`status ${id}`)).toContain("已回写 ERP");
    // Delivered once: no further calls arrive.
    await new Promise((r) => setTimeout(r, 800));
    expect(received).toHaveLength(3);
  });

  it("after the process's last attempt (attempts: 2) it is marked failed and the process admins are DM'd", async () => {
    received.length = 0;
    const id = await runToCompletion("t_hook_down");
    await eventually(
      async () =>
        (await db().request.findUniqueOrThrow({ where: { id } })).webhookStatus === "FAILED" ||
        undefined,
      "failed",
      8000,
    );
    expect(received).toHaveLength(2);
    const dm = await eventually(
      () => bot.slack.store.dmOf("USO0001").find((m) => m.text.includes(`#${id}`)),
      "admin DM",
    );
    expect(dm.text).toContain("HTTP 500");
    await eventually(
      async () =>
        (await trackingVersions(id)).at(-1)?.includes("回写 ERP 失败（已尝试 2 次）") || undefined,
      "tracking shows failed",
    );
  });
});
