// The workspace page in a browser with the back/forward cache on, as in an everyday Chrome:
// every identity switch leaves the last page in that cache. A page kept there must not hold
// its live-update stream (EventSource) open, or a few switches use up the browser's six
// connections per host and the page freezes. Ten switches, then a command typed on the page
// shows its answer, and a change made elsewhere still arrives live.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { LogLevel, WebClient } from "@slack/web-api";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalSlack, startLocalSlack } from "../src/index.ts";
import { type Browser, launchBrowser, skipBrowser, waitForText } from "../src/testing/browser.ts";
import { createWorkspace, type Workspace, type WorkspacePerson } from "../src/workspace/index.ts";
import { startBotStub } from "./bot-stub.ts";

const SECRET = "bfcache-secret";
const person = (id: string, name: string): WorkspacePerson => ({
  id,
  name,
  locale: "en",
  timeZone: "UTC",
  title: { "zh-CN": "", en: "Tester" },
});
const people = [person("U1", "Alice"), person("U2", "Bob"), person("U3", "Carol")];

let bot: Awaited<ReturnType<typeof startBotStub>>;
let local: LocalSlack;
let web: WebClient;
let workspace: Workspace;
let server: Server;
let browser: Browser | undefined;
let page: Page;
let base: string;
/** Live-update streams the server holds open right now, and the most it held at once. */
const streams = { open: 0, most: 0 };

beforeAll(async () => {
  bot = await startBotStub(SECRET);
  local = await startLocalSlack({ signingSecret: SECRET, users: people, eventsUrl: bot.url });
  web = new WebClient(local.botToken, { slackApiUrl: local.apiUrl, logLevel: LogLevel.ERROR });
  // The stand-in app answers /ping in the HTTP response, which the page shows as an ephemeral.
  bot.respond((req) =>
    req.body.command === "/ping" ? { body: { text: `pong for ${req.body.user_id}` } } : undefined,
  );
  workspace = createWorkspace({
    local,
    people,
    manifest: { appName: "Demo", commands: [{ command: "/ping", description: "" }] },
  });
  server = createServer((req, res) => {
    if (req.url?.startsWith("/workspace/events")) {
      streams.most = Math.max(streams.most, ++streams.open);
      res.on("close", () => streams.open--);
    }
    void (workspace.handle(req, res) || res.writeHead(404).end());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (skipBrowser) return;
  browser = await launchBrowser({ backForwardCache: true });
  page = await browser.newPage();
  // Tells a page restored from the back/forward cache (pageshow with persisted) from a fresh one.
  await page.addInitScript(() =>
    addEventListener(
      "pageshow",
      (e) => ((window as { restored?: boolean }).restored = e.persisted),
    ),
  );
  await page.goto(`${base}/?as=U1`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  workspace.close();
  await new Promise<void>((r) => server.close(() => r()));
  await local.close();
  await bot.close();
});

describe.skipIf(skipBrowser)("the workspace page with the back/forward cache on", () => {
  it("stays responsive after ten identity switches, and live updates still arrive", async () => {
    let restored = 0;
    for (let i = 0; i < 10; i++) {
      const next = people[(i + 1) % people.length]!;
      await page.locator(`a.person[data-person="${next.id}"]`).click();
      await page.locator(`body[data-user="${next.id}"]`).waitFor({ timeout: 5000 });
      // Every other switch also goes back: the page comes out of the cache and must reconnect.
      // (A page restored from the cache fires no load event, so only the commit is awaited.)
      if (i % 2 === 1) {
        await page.goBack({ waitUntil: "commit" });
        await page.waitForFunction(() => (window as { restored?: boolean }).restored !== undefined);
        if (await page.evaluate(() => (window as { restored?: boolean }).restored)) restored += 1;
      }
    }
    // The cache was really used, and the pages in it held no stream: only the page shown has one.
    expect(restored).toBe(5);
    expect(streams.most).toBeLessThanOrEqual(2);

    const me = (await page.locator("body").getAttribute("data-user"))!;
    await page.locator(".composer input").fill("/ping");
    await page.locator(".composer input").press("Enter");
    await waitForText(page.locator("#pane-messages"), `pong for ${me}`, 5000);

    // A DM the app sends meanwhile shows up without a reload, on the page restored from the cache.
    await web.chat.postMessage({ channel: me, text: "live after ten switches" });
    await waitForText(page.locator("#pane-messages"), "live after ten switches", 5000);
  });
});
