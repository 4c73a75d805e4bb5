// The README's start command with no Slack credentials, in a browser: as sales rep 郑伟 file
// a return on the local workspace page, then as each approver approve it from the rendered
// buttons, while 郑伟's page (never reloaded) shows his request's message update live.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/world.ts";
import { type Browser, launchBrowser, screenshot, skipBrowser, waitForText } from "./browser.ts";

const header = "待你审批：退货/换货申请 #1";
const tracking = "你的申请：退货/换货申请 #1";

let bot: ChildProcess | undefined;
let exited: Promise<number | null>;
let browser: Browser | undefined;
let base: string;
const dataDir = mkdtempSync(path.join(tmpdir(), "approvals-workspace-"));
let output = "";

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });

beforeAll(async () => {
  const [port, slackPort] = [await freePort(), await freePort()];
  // As a first-time user runs it: no Slack, no DATABASE_URL, no REDIS_URL (embedded PGlite, seeded; a private Redis).
  // The empty tokens win over a developer's .env, which main.ts reads.
  const noSlack = { SLACK_BOT_TOKEN: "", SLACK_APP_TOKEN: "", SLACK_SIGNING_SECRET: "" };
  bot = spawn(process.execPath, ["--import", "tsx", "main/bot.ts"], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ...noSlack,
      PORT: String(port),
      LOCAL_SLACK_PORT: String(slackPort),
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    },
  });
  bot.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  bot.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  exited = new Promise((resolve) => bot!.on("exit", (code) => resolve(code)));
  base = `http://localhost:${port}`;
  const end = Date.now() + 90_000;
  while (
    !(await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > end || bot.exitCode !== null)
      throw new Error(`the bot did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  if (bot && bot.exitCode === null) bot.kill("SIGKILL");
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function actAs(page: Page, userId: string): Promise<void> {
  await page.locator(`.person[data-person="${userId}"]`).click();
  await page.waitForSelector(`body[data-user="${userId}"]`);
}

/** Clicks the button in the message with that header, confirms, and waits until the message keeps no such button. */
async function decide(
  page: Page,
  messageText: string,
  actionId: string,
  shot?: string,
): Promise<void> {
  const message = page
    .locator("article.msg", { hasText: messageText })
    .filter({ has: page.locator(`button[data-action-id="${actionId}"]`) })
    .first();
  await message.locator(`button[data-action-id="${actionId}"]`).click();
  await page.locator("#confirm[open] .confirm-ok").waitFor();
  if (shot) await screenshot(page, shot);
  await page.locator("#confirm[open] .confirm-ok").click();
  // Updated in place: the same message, without live buttons.
  await page
    .locator("article.msg", { hasText: messageText })
    .locator(`button[data-action-id="${actionId}"]`)
    .waitFor({ state: "detached", timeout: 15_000 });
}

describe.skipIf(skipBrowser)("the local workspace page (npm start without Slack)", () => {
  it("files a return as a sales rep, each approver approves from the buttons, the requester sees it live", async () => {
    const requester = await browser!.newPage();
    await requester.goto(`${base}/`);
    // The demo starts as a sales rep, and speaks their language.
    await requester.waitForSelector('body[data-user="USR0001"]');
    expect(await requester.locator("html").getAttribute("lang")).toBe("zh-CN");

    await requester.locator(".composer input").fill("/return");
    await requester.locator(".composer input").press("Enter");
    const modal = requester.locator("form.modal");
    await modal.waitFor();
    // The customer list comes from the seeded database, through the bot's options endpoint.
    await modal.locator('[data-block-id="customer"] .combo-input').fill("华纺");
    await modal.locator(".combo-option", { hasText: "C1001" }).click();
    await modal.locator("#in-order_no").fill("SO-2026-0001");
    await modal.locator("#in-type").selectOption("return");
    await modal.locator("#in-items").fill("A-100 胶辊 × 20");
    await modal.locator("#in-reason").fill("运输破损");
    await modal.locator("#in-amount").fill("68,000.50");
    await requester.waitForTimeout(1000); // the form may re-render as the amount is typed (path preview)
    expect(await modal.locator("#in-order_no").inputValue()).toBe("SO-2026-0001");
    await screenshot(requester, "1-return-form");
    await modal.locator("[data-submit]").click();
    await modal.waitFor({ state: "detached", timeout: 15_000 });

    const trackingMessage = requester.locator("article.msg", { hasText: tracking });
    await waitForText(trackingMessage, "¥68,000.50");
    // The first approver's new DM shows as unread next to her name, without a reload.
    await requester.locator('.person[data-person="USA0001"] .badge:not([hidden])').waitFor();

    const approver = await browser!.newPage();
    await approver.goto(`${base}/?as=USA0001`);
    const approvers: [string, string][] = [
      ["USA0001", "韩梅"],
      ["UQA0001", "尤刚"],
      ["USD0001", "陈志强"],
      ["UGM0001", "刘建国"],
    ];
    for (const [id, name] of approvers) {
      await actAs(approver, id);
      await decide(
        approver,
        header,
        "approval.approve",
        id === "USD0001" ? "2-approve-confirm" : undefined,
      );
      await waitForText(trackingMessage, `@${name} 已同意`);
    }
    // Then the tasks: 韩梅 writes it down in the ERP, 金鑫's warehouse executes.
    for (const [id, name] of [
      ["USA0001", "韩梅"],
      ["UWH0001", "金鑫"],
    ] as const) {
      await actAs(approver, id);
      await decide(approver, "退货/换货申请 #1", "task.done");
      await waitForText(trackingMessage, `@${name} 已完成`);
    }
    await waitForText(
      requester.locator("article.msg", { hasText: "已审批通过" }),
      "退货/换货申请 #1",
    );
    expect(await trackingMessage.locator("button").count()).toBe(0); // no withdraw once it is done
    expect(await trackingMessage.locator(".edited").count()).toBe(1);

    await screenshot(requester, "3-requester-live");
    await requester.locator('a.tab[data-tab="home"]').click();
    await waitForText(requester.locator("#pane-home"), "退货/换货申请 #1");
    await screenshot(requester, "4-app-home");

    // Ctrl-C with pages still open: the live-update streams must not hold the shutdown.
    bot!.kill("SIGTERM");
    const code = await Promise.race([
      exited,
      new Promise((r) => setTimeout(() => r("timeout"), 20_000)),
    ]);
    expect(code, output).toBe(0);
  }, 180_000);
});
