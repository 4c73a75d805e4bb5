// Headless Chromium for the workspace page tests: Debian's `chromium` package driven by
// playwright-core (which brings no browser of its own). Outside CI a machine without it
// skips those tests and says why; in CI (.ci/run installs it) they must run, never skip.
// Exported as @approvals/slack-local/testing, so an app's own browser tests of the page
// (the bot's test/workspace/) launch it the same way.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

const inCI = !!process.env.CI && process.env.CI !== "false";

/** True when the browser tests must be skipped (no chromium, and not in CI). */
export const skipBrowser = !existsSync(CHROMIUM) && !inCI;
if (skipBrowser)
  console.warn(
    `browser tests skipped: ${CHROMIUM} is missing (sudo apt-get install -y chromium); under CI=true they fail instead`,
  );

/** Headless chromium with nothing of its own going to the network (also for the bench charts). */
export const chromiumFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /**
   * Keep the back/forward cache on, as in an everyday Chrome. Playwright turns it off by
   * default with --disable-back-forward-cache (one of its default chromium switches, "avoids
   * surprises like main request not being intercepted during page.goBack()"); this drops it.
   */
  backForwardCache?: boolean;
}

/** A fresh profile each time (playwright passes it as --user-data-dir). */
export async function launchBrowser(opts: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run installs it in CI)`,
    );
  const profile = mkdtempSync(path.join(tmpdir(), "chromium-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1280, height: 800 },
    locale: "zh-CN",
    ...(opts.backForwardCache ? { ignoreDefaultArgs: ["--disable-back-forward-cache"] } : {}),
  });
  const errors: string[] = [];
  context.on("weberror", (e) => errors.push(e.error().message));
  return {
    context,
    newPage: async () => {
      const page = await context.newPage();
      page.on("pageerror", (e) => errors.push(e.message));
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      // A script error on the page fails the test that caused it.
      if (errors.length > 0) throw new Error(`errors on the page: ${errors.join("; ")}`);
    },
  };
}

/** Waits until the element's visible text contains `text` (live updates arrive on their own). */
export async function waitForText(
  locator: Locator,
  text: string,
  timeoutMs = 15_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < end) {
    last =
      (await locator
        .first()
        // biome-ignore lint/performance/useDomNodeTextContent: visible text, as the user sees it
        .innerText({ timeout: 1000 })
        .catch(() => "")) ?? "";
    if (last.includes(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for "${text}"; the element shows: ${last.slice(0, 500)}`);
}

/**
 * With WORKSPACE_SCREENSHOTS naming a folder (docs/screenshots refreshes the README's),
 * saves the page once the highlight of fresh messages has faded.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.WORKSPACE_SCREENSHOTS;
  if (!dir) return;
  await page.waitForTimeout(1800);
  await page.screenshot({ path: path.resolve(dir, `${name}.png`) });
}
