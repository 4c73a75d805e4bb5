// The local workspace page: served by the bot's own HTTP server (Bolt custom routes) when
// there are no Slack credentials, so http://localhost:PORT/ is a Slack stand-in to try the
// bot in. Everything it shows comes from the local Slack's store; everything done on it
// goes to the bot as a signed Slack request (see actions.ts).
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { readBody, sendJson, sendStoredFile } from "../http-util.ts";
import type { LocalSlack } from "../server.ts";
import { dmChannelOf } from "../store.ts";
import { type ActionName, actionNames, runAction } from "./actions.ts";
import { WorkspaceFeed } from "./feed.ts";
import type { ManifestInfo } from "./manifest.ts";
import type { WorkspacePerson } from "./people.ts";
import { type PersonState, renderPage, type Tab } from "./render/page.ts";
import { modalSignature, renderConversation, renderHome, renderModal } from "./render/surfaces.ts";
import type { RenderContext } from "./render/text.ts";

export type { WorkspacePerson } from "./people.ts";

export interface WorkspaceOptions {
  local: LocalSlack;
  people: WorkspacePerson[];
  manifest: ManifestInfo;
  /** Who the page starts as; default the first person. */
  startAs?: string;
}

/** Shaped like Bolt's CustomRoute, so the bot's HTTP receiver can serve the page. */
export interface Route {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface Workspace {
  routes: Route[];
  /** Serves a workspace request; false when the path is not the workspace's. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Ends the live-update streams, which would otherwise keep the HTTP server from closing. */
  close(): void;
}

/** The page's own files (ES modules and a stylesheet; no build step). */
const ASSETS: Record<string, string> = {
  "workspace.js": "text/javascript",
  "values.js": "text/javascript",
  "checks.js": "text/javascript",
  "workspace.css": "text/css",
};
const assetsDir = path.join(import.meta.dirname, "assets");

export function createWorkspace(opts: WorkspaceOptions): Workspace {
  const { local, people, manifest } = opts;
  const feed = new WorkspaceFeed(local.store);
  const byId = new Map(people.map((p) => [p.id, p]));
  const startAs = byId.get(opts.startAs ?? "") ?? people[0];
  if (!startAs) throw new Error("the local workspace needs at least one person");

  const contextOf = (me: WorkspacePerson): RenderContext => ({
    locale: me.locale,
    timeZone: me.timeZone,
    users: people,
    slackBaseUrl: local.baseUrl,
  });

  const stateOf = (me: WorkspacePerson, tab: Tab): PersonState => {
    // Looking at the messages counts as reading them.
    if (tab === "messages") feed.markSeen(me.id);
    const ctx = contextOf(me);
    const { store } = local;
    const stack = store.openViewsOf(me.id);
    const top = stack.at(-1);
    return {
      user: me.id,
      unread: feed.allUnread(),
      messages: renderConversation(
        store.messagesFor(dmChannelOf(me.id)),
        store.ephemeralsFor(me.id),
        ctx,
        { name: manifest.appName, botUserId: store.identity.botUserId },
      ).value,
      home: renderHome(store.home(me.id), ctx).value,
      modal: top
        ? { signature: modalSignature(top), html: renderModal(top, stack.length, ctx).value }
        : null,
    };
  };

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const me = byId.get(url.searchParams.get("as") ?? "") ?? startAs!;
    const tab: Tab = url.searchParams.get("tab") === "home" ? "home" : "messages";
    if (url.pathname === "/") {
      const page = renderPage({
        me,
        people,
        appName: manifest.appName,
        commands: manifest.commands,
        tab,
        state: stateOf(me, tab),
      });
      return send(res, 200, "text/html", page.value);
    }
    if (url.pathname === "/favicon.ico") return void res.writeHead(204).end(); // browsers ask; nothing to show
    if (url.pathname === "/workspace/state") return sendJson(res, 200, stateOf(me, tab));
    if (url.pathname === "/workspace/events") return feed.subscribe(res);
    const asset = /^\/workspace\/assets\/([\w.-]+)$/.exec(url.pathname)?.[1];
    if (asset && ASSETS[asset])
      return send(res, 200, ASSETS[asset], await readFile(path.join(assetsDir, asset), "utf8"));
    const fileId = /^\/workspace\/files\/(F\w+)$/.exec(url.pathname)?.[1];
    if (fileId) return sendFile(local, fileId, res);
    const action = /^\/workspace\/api\/(\w+)$/.exec(url.pathname)?.[1];
    if (action && req.method === "POST" && (actionNames as string[]).includes(action))
      return api(req, res, action as ActionName);
    sendJson(res, 404, { ok: false, error: "not_found" });
  }

  async function api(req: IncomingMessage, res: ServerResponse, name: ActionName): Promise<void> {
    // JSON only: a cross-site form cannot send it without a CORS preflight, which is never granted.
    if (!/^application\/json\b/i.test(req.headers["content-type"] ?? ""))
      return sendJson(res, 415, { ok: false, error: "expected application/json" });
    let body: { as?: unknown };
    try {
      body = JSON.parse(await readBody(req)) as { as?: unknown };
    } catch {
      return sendJson(res, 400, { ok: false, error: "invalid JSON" });
    }
    const me = byId.get(typeof body.as === "string" ? body.as : "");
    if (!me) return sendJson(res, 400, { ok: false, error: "unknown person (as)" });
    sendJson(res, 200, await runAction({ local, commands: manifest.commands }, name, me, body));
  }

  const handle = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? "/", "http://workspace");
    if (
      url.pathname !== "/" &&
      url.pathname !== "/favicon.ico" &&
      !url.pathname.startsWith("/workspace/")
    )
      return false;
    route(req, res, url).catch((err: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error: err instanceof Error ? err.message : String(err) });
      else res.end();
    });
    return true;
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (!handle(req, res)) sendJson(res, 404, { ok: false, error: "not_found" });
  };
  return {
    handle,
    routes: [
      { path: "/", method: ["GET"], handler },
      { path: "/favicon.ico", method: ["GET"], handler },
      { path: "/workspace/:name", method: ["GET"], handler },
      { path: "/workspace/:kind/:name", method: ["GET", "POST"], handler },
    ],
    close: () => feed.close(),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": `${type}; charset=utf-8`, "cache-control": "no-store" });
  res.end(body);
}

/** A file shared in a DM (e.g. the CSV export), downloaded from the page. */
function sendFile(local: LocalSlack, id: string, res: ServerResponse): void {
  const name = local.store.file(id)?.name ?? "";
  sendStoredFile(local.store, id, res, {
    "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}
