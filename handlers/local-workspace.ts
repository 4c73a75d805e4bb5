// Local mode (no SLACK_BOT_TOKEN): the built-in local Slack (@approvals/slack-local) with the
// org file's people, and its workspace page, where anyone in the org file can try the bot.
// The package knows nothing of the bot; this file turns the org Directory into what it takes.
// main/bot.ts imports this file dynamically, so a real deployment never loads the package.
import { randomBytes } from "node:crypto";
import { type LocalSlack, startLocalSlack } from "@approvals/slack-local";
import {
  createWorkspace,
  readManifest,
  type Workspace,
  type WorkspacePerson,
} from "@approvals/slack-local/workspace";
import type { Directory } from "../src/directory/directory.ts";
import { pick } from "../src/i18n/index.ts";
import { type Locale, locales } from "../src/i18n/locale.ts";
import { toSlackLocale } from "../src/people/slack-locale.ts";

export interface LocalWorkspaceOptions {
  directory: Directory;
  /** Port of the local Slack's Web API (LOCAL_SLACK_PORT). */
  port: number;
  /** The bot's POST /slack/events, where the local Slack sends commands, clicks and events. */
  eventsUrl: string;
  /** slack/manifest.yaml: the page takes the app's name and commands from it, as Slack does. */
  manifestFile: string;
  /** SLACK_RATE_SCALE: the local Slack's rate limits are Slack's own times this. */
  rateScale?: number;
}

export interface LocalWorkspace {
  local: LocalSlack;
  workspace: Workspace;
  /** The secret the local Slack signs its requests with; the bot verifies them with it. */
  signingSecret: string;
  /** Ends the page's live streams, then the local Slack. */
  close(): Promise<void>;
}

export async function startLocalWorkspace(opts: LocalWorkspaceOptions): Promise<LocalWorkspace> {
  const { directory } = opts;
  const signingSecret = randomBytes(16).toString("hex");
  const manifest = await readManifest(opts.manifestFile);
  const local = await startLocalSlack({
    port: opts.port,
    signingSecret,
    scopes: manifest.botScopes,
    functions: manifest.functions,
    // Each person's Slack speaks their org-file language, else the company's (as a Chinese team's would).
    users: directory.org.people.map((p) => ({
      id: p.id,
      name: p.name,
      tz: p.tz,
      locale: toSlackLocale(p.locale ?? directory.defaultLocale),
      ...(p.email ? { email: p.email } : {}),
    })),
    eventsUrl: opts.eventsUrl,
    rateScale: opts.rateScale,
  });
  const workspace = createWorkspace({
    local,
    people: peopleOfOrg(directory),
    manifest,
    startAs: firstRequester(directory),
  });
  return {
    local,
    workspace,
    signingSecret,
    close: async () => {
      workspace.close(); // its open event-streams would keep the HTTP server from closing
      await local.close();
    },
  };
}

/** The people of the org file as the page lists them, with what they do (their roles), so a visitor can find "the sales director". */
function peopleOfOrg(dir: Directory): WorkspacePerson[] {
  return dir.org.people.map((p) => ({
    id: p.id,
    name: p.name,
    locale: dir.locale(p.id),
    timeZone: dir.timeZone(p.id),
    title: Object.fromEntries(locales.map((l) => [l, rolesOf(dir, p.id, l).join(" / ")])) as Record<
      Locale,
      string
    >,
  }));
}

/** The demo starts as a sales rep, who files requests (README: "A return request, step by step"). */
function firstRequester(dir: Directory): string | undefined {
  const rep = dir.role("sales_rep");
  const holders = rep
    ? rep.scope === "global"
      ? rep.holders
      : Object.values(rep.holders).flat()
    : [];
  return holders[0] ?? dir.org.people[0]?.id;
}

function rolesOf(dir: Directory, id: string, locale: Locale): string[] {
  return dir.org.roles.flatMap((role) => {
    if (role.scope === "global") return role.holders.includes(id) ? [pick(locale, role.name)] : [];
    return Object.entries(role.holders)
      .filter(([, ids]) => ids.includes(id))
      .map(([unit]) => {
        const unitName = dir.unitName(role.scope, unit);
        return unitName
          ? `${pick(locale, role.name)} · ${pick(locale, unitName)}`
          : pick(locale, role.name);
      });
  });
}
