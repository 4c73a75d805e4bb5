// The workspace page for one person: the people list, the app's Home and Messages tabs,
// the command box and, on top, their open modal. The page script keeps it live.

import type { SlashCommandInfo } from "../manifest.ts";
import { type Locale, type MessageKey, t } from "../messages.ts";
import type { WorkspacePerson } from "../people.ts";
import { attrs, type Html, html, raw } from "./html.ts";

export type Tab = "home" | "messages";

export interface PersonState {
  user: string;
  /** New DMs per person since they last looked. */
  unread: Record<string, number>;
  messages: string;
  home: string;
  modal: { signature: string; html: string } | null;
}

export interface PageInput {
  me: WorkspacePerson;
  people: readonly WorkspacePerson[];
  appName: string;
  commands: readonly SlashCommandInfo[];
  tab: Tab;
  state: PersonState;
}

/** Strings the page script needs (validation and menus), in the person's language. */
const scriptStrings = [
  "required",
  "invalid.number",
  "invalid.url",
  "invalid.email",
  "search.none",
  "search.loading",
  "command.not_command",
  "unread",
] as const satisfies readonly MessageKey[];

export function renderPage(p: PageInput): Html {
  const { locale } = p.me;
  const s = (key: MessageKey) => t(locale, key);
  const strings = Object.fromEntries(scriptStrings.map((k) => [k, s(k)]));
  const tabLink = (tab: Tab, key: MessageKey) =>
    html`<a${attrs({ class: `tab${p.tab === tab ? " current" : ""}`, href: `/?as=${p.me.id}&tab=${tab}`, "data-tab": tab })}>${s(key)}</a>`;
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.appName} · ${s("title")}</title>
<link rel="stylesheet" href="/workspace/assets/workspace.css">
</head>
<body${attrs({ "data-user": p.me.id, "data-tab": p.tab })}>
<aside class="sidebar">
  <div class="ws-name">${s("title")}</div>
  <p class="intro">${s("intro")}</p>
  <div class="you-are">${s("you_are")}</div>
  <input type="search" class="people-filter"${attrs({ placeholder: s("people.filter"), "aria-label": s("people.filter") })}>
  <nav class="people">${p.people.map((person) => personLink(person, p, locale))}</nav>
</aside>
<main class="main">
  <header class="app-header">
    <span class="avatar app">${[...p.appName][0]}</span>
    <b class="app-name">${p.appName}</b>
    <nav class="tabs">${tabLink("home", "tab.home")}${tabLink("messages", "tab.messages")}</nav>
    <span class="me">${p.me.name}${p.me.title[locale] ? html` · ${p.me.title[locale]}` : ""}</span>
  </header>
  <div class="conn-lost" hidden>${s("connection.lost")}</div>
  <section id="pane-messages" class="pane"${attrs({ hidden: p.tab !== "messages" })}>${raw(p.state.messages)}</section>
  <section id="pane-home" class="pane"${attrs({ hidden: p.tab !== "home" })}>${raw(p.state.home)}</section>
  <form class="composer" autocomplete="off">
    <input name="command" list="commands" required${attrs({ placeholder: s("composer.placeholder"), "aria-label": s("composer.placeholder") })}>
    <datalist id="commands">${p.commands.map((c) => html`<option${attrs({ value: c.command, label: [c.description, c.usageHint].filter(Boolean).join(" — ") })}></option>`)}</datalist>
    <button type="submit" class="btn btn-primary">${s("composer.send")}</button>
  </form>
</main>
<div id="modal-root"${attrs({ "data-signature": p.state.modal?.signature ?? "" })}>${raw(p.state.modal?.html ?? "")}</div>
<dialog id="confirm" class="confirm">
  <form method="dialog">
    <h3 class="confirm-title"></h3>
    <div class="confirm-text"></div>
    <footer><button value="cancel" class="btn confirm-deny"></button><button value="ok" class="btn btn-primary confirm-ok"></button></footer>
  </form>
</dialog>
<div id="toast" role="status" hidden></div>
<script type="application/json" id="ws-strings">${raw(JSON.stringify(strings).replace(/</g, "\\u003c"))}</script>
<script type="module" src="/workspace/assets/workspace.js"></script>
</body>
</html>`;
}

function personLink(person: WorkspacePerson, p: PageInput, locale: Locale): Html {
  const unread = p.state.unread[person.id] ?? 0;
  return html`<a${attrs({ class: `person${person.id === p.me.id ? " current" : ""}`, href: `/?as=${person.id}&tab=${p.tab}`, "data-person": person.id, "data-search": `${person.name} ${person.title["zh-CN"]} ${person.title.en} ${person.id}`.toLowerCase() })}>
    <span class="avatar">${[...person.name][0]}</span>
    <span class="who"><span class="name">${person.name}</span><span class="title">${person.title[locale]}</span></span>
    <span class="badge"${attrs({ hidden: unread === 0, title: t(locale, "unread", { n: unread }) })}>${unread || ""}</span>
  </a>`;
}
