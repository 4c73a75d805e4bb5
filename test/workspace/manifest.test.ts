// slack/manifest.yaml against what the code registers and calls: a command or event the
// bot handles but the manifest lacks never reaches it in a real workspace, one the manifest
// lists but nothing handles fails for the person who uses it, and a missing scope makes
// Slack answer `missing_scope`.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { App } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { type Bot, startBot } from "../support/bot.ts";
import { repoRoot } from "../support/world.ts";

interface Manifest {
  features: {
    app_home?: { home_tab_enabled?: boolean };
    slash_commands?: { command: string; url?: string }[];
  };
  functions?: Record<string, unknown>;
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    org_deploy_enabled?: boolean;
    function_runtime?: string;
    event_subscriptions?: { request_url?: string; bot_events?: string[] };
    interactivity?: {
      is_enabled?: boolean;
      request_url?: string;
      message_menu_options_url?: string;
    };
  };
}

/** The bot scope each Web API method needs (Slack's method reference); null: none. */
const SCOPE_OF: Record<string, string | null> = {
  "auth.test": null,
  "chat.postMessage": "chat:write",
  "chat.update": "chat:write",
  "chat.postEphemeral": "chat:write",
  "chat.delete": "chat:write",
  "chat.getPermalink": null,
  "conversations.open": "im:write",
  "files.uploadV2": "files:write",
  "functions.completeSuccess": null,
  "functions.completeError": null,
  "files.getUploadURLExternal": "files:write",
  "files.completeUploadExternal": "files:write",
  "users.info": "users:read",
  "users.list": "users:read",
  "users.lookupByEmail": "users:read.email",
  "views.open": null,
  "views.push": null,
  "views.update": null,
  "views.publish": null,
};

let manifest: Manifest;
let bot: Bot;
const registered = {
  commands: [] as string[],
  events: [] as string[],
  actions: 0,
  views: 0,
  options: 0,
  messages: 0,
  functions: [] as string[],
};

beforeAll(async () => {
  manifest = parse(await readFile(path.join(repoRoot, "slack/manifest.yaml"), "utf8")) as Manifest;
  // The real app, built as the bot builds it; every registration is recorded on the way.
  const spies = {
    command: vi.spyOn(App.prototype, "command"),
    event: vi.spyOn(App.prototype, "event"),
    action: vi.spyOn(App.prototype, "action"),
    view: vi.spyOn(App.prototype, "view"),
    options: vi.spyOn(App.prototype, "options"),
    message: vi.spyOn(App.prototype, "message"),
    function: vi.spyOn(App.prototype, "function"),
  };
  bot = await startBot({ workers: false });
  registered.commands = spies.command.mock.calls.map((c) => String(c[0]));
  registered.events = spies.event.mock.calls.map((c) => String(c[0]));
  registered.actions = spies.action.mock.calls.length;
  registered.views = spies.view.mock.calls.length;
  registered.options = spies.options.mock.calls.length;
  registered.messages = spies.message.mock.calls.length;
  registered.functions = spies.function.mock.calls.map((c) => String(c[0]));
  vi.restoreAllMocks();
});
afterAll(async () => {
  await bot?.close();
});

/** `<something>client.<Web API family>.<method>(`: the families are Slack's. */
const WEB_API_CALL =
  /\b\w*[cC]lient\??\.(admin|apps|auth|bookmarks|bots|calls|chat|conversations|dialog|dnd|emoji|files|functions|pins|reactions|reminders|search|stars|team|usergroups|users|views|workflows)\.(\w+)\s*\(/g;

/** Web API methods the code calls: `client.chat.postMessage(`, `digestClient.files.uploadV2(`, `apiCall("…")`. */
async function methodsCalled(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const dir of ["handlers", "jobs", "src"]) {
    for (const file of await sourceFiles(path.join(repoRoot, dir))) {
      // The generated client is Prisma's.
      if (/src\/generated\//.test(file)) continue;
      const text = await readFile(file, "utf8");
      for (const m of text.matchAll(WEB_API_CALL))
        found.set(`${m[1]}.${m[2]}`, path.relative(repoRoot, file));
      for (const m of text.matchAll(/\bapiCall\(\s*["'`]([\w.]+)["'`]/g))
        found.set(m[1]!, path.relative(repoRoot, file));
    }
  }
  return found;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.join(e.parentPath, e.name));
}

describe("slack/manifest.yaml", () => {
  it("lists exactly the slash commands the bot registers", () => {
    const listed = (manifest.features.slash_commands ?? []).map((c) => c.command);
    expect(registered.commands.length).toBeGreaterThan(0);
    expect([...listed].sort()).toEqual([...new Set(registered.commands)].sort());
  });

  it("subscribes to exactly the events the bot listens to", () => {
    const listed = manifest.settings.event_subscriptions?.bot_events ?? [];
    // app.message() in a DM would need the message.im event.
    // app.function() steps arrive as function_executed.
    const wanted = [
      ...registered.events,
      ...(registered.messages > 0 ? ["message.im"] : []),
      ...(registered.functions.length > 0 ? ["function_executed"] : []),
    ];
    expect([...listed].sort()).toEqual([...new Set(wanted)].sort());
  });

  it("enables interactivity (and the options URL) exactly when the bot handles them", () => {
    const interactivity = manifest.settings.interactivity ?? {};
    expect(interactivity.is_enabled ?? false).toBe(
      registered.actions + registered.views + registered.options > 0,
    );
    expect(Boolean(interactivity.message_menu_options_url)).toBe(registered.options > 0);
  });

  it("offers exactly the Workflow Builder steps the bot handles, from an org-ready app", () => {
    expect(Object.keys(manifest.functions ?? {}).sort()).toEqual([...registered.functions].sort());
    expect(registered.functions.length).toBeGreaterThan(0);
    // Slack lists custom steps only of apps deployable to the org, run by the app's own server.
    expect(manifest.settings.org_deploy_enabled).toBe(true);
    expect(manifest.settings.function_runtime).toBe("remote");
  });

  it("has the Home tab on when the bot draws it", () => {
    expect(manifest.features.app_home?.home_tab_enabled ?? false).toBe(
      registered.events.includes("app_home_opened"),
    );
  });

  it("sends every request to the one endpoint the bot serves (/slack/events)", () => {
    const urls = [
      ...(manifest.features.slash_commands ?? []).map((c) => c.url),
      manifest.settings.event_subscriptions?.request_url,
      manifest.settings.interactivity?.request_url,
      manifest.settings.interactivity?.message_menu_options_url,
    ].filter((u): u is string => u !== undefined);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(new URL(url).pathname).toBe("/slack/events");
    expect(new Set(urls.map((u) => new URL(u).origin)).size).toBe(1);
  });

  it("asks for exactly the bot scopes the code needs", async () => {
    const called = await methodsCalled();
    const unknown = [...called.keys()].filter((m) => !(m in SCOPE_OF));
    expect(unknown, "add these methods' scopes to SCOPE_OF (see api.slack.com/methods)").toEqual(
      [],
    );
    const needed = new Set([...called.keys()].flatMap((m) => SCOPE_OF[m] ?? []));
    if (registered.commands.length > 0) needed.add("commands");
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });
});
