// The workspace page's script: plain JavaScript, no build step. The server renders every
// surface; this script sends what the person does (POST /workspace/api/<name>), reports
// element values in Slack's view.state shape, and redraws when the server says something
// changed (server-sent events on /workspace/events).

import { checkInputs, clearError } from "./checks.js";
import { elementsIn, focusIn, keyOf, readState, readValue, textOf, writeValue } from "./values.js";

const me = document.body.dataset.user;
let tab = document.body.dataset.tab;
const strings = JSON.parse(document.getElementById("ws-strings").textContent);
const panes = {
  messages: document.getElementById("pane-messages"),
  home: document.getElementById("pane-home"),
};
const modalRoot = document.getElementById("modal-root");
const last = { messages: panes.messages.innerHTML, home: panes.home.innerHTML };

// ---- talking to the server

async function post(name, body, { redraw = true } = {}) {
  let answer;
  try {
    const res = await fetch(`/workspace/api/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ as: me, ...body }),
    });
    answer = await res.json();
  } catch (err) {
    answer = { ok: false, error: String(err) };
  }
  if (!answer.ok) toast(answer.error);
  if (redraw) refresh();
  return answer;
}

let refreshing = false;
let again = false;
async function refresh() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  try {
    do {
      again = false;
      const res = await fetch(`/workspace/state?as=${encodeURIComponent(me)}&tab=${tab}`);
      if (res.ok) apply(await res.json());
    } while (again);
  } catch {
    // The next event (or reconnect) refreshes again.
  } finally {
    refreshing = false;
  }
}

function apply(state) {
  swapPane("messages", state.messages);
  swapPane("home", state.home);
  swapModal(state.modal);
  for (const link of document.querySelectorAll(".person")) {
    const n = state.unread[link.dataset.person] ?? 0;
    const badge = link.querySelector(".badge");
    badge.hidden = n === 0;
    badge.textContent = n ? String(n) : "";
    badge.title = strings.unread.replace("{n}", n);
  }
}

/** Redraws a pane only when it changed, flashing the messages that were edited. */
function swapPane(name, markup) {
  if (last[name] === markup) return;
  last[name] = markup;
  const pane = panes[name];
  const before = new Map(
    [...pane.querySelectorAll("article.msg")].map((m) => [m.dataset.ts, m.innerHTML]),
  );
  const atBottom = pane.scrollHeight - pane.scrollTop - pane.clientHeight < 40;
  pane.innerHTML = markup;
  for (const m of pane.querySelectorAll("article.msg")) {
    const old = before.get(m.dataset.ts);
    if (old === undefined || old !== m.innerHTML)
      m.classList.add(old === undefined ? "fresh" : "updated");
  }
  if (atBottom) pane.scrollTop = pane.scrollHeight;
}

/**
 * Redraws the modal when it is another view, was updated (views.update) or got errors.
 * What the person typed is kept for the elements that are still there, as Slack keeps
 * input for blocks whose block_id survives an update.
 */
function swapModal(modal) {
  const signature = modal ? modal.signature : "";
  if (modalRoot.dataset.signature === signature) return;
  const old = modalRoot.querySelector("form.modal");
  const sameView = old && modal && old.dataset.viewId === signature.split(":")[0];
  const typed = sameView ? readState(old) : {};
  const active = document.activeElement;
  const focused = sameView ? keyOf(active?.closest?.(".el")) : undefined;
  // Where the caret was: a re-render while someone types must not move it.
  const caret =
    typeof active?.selectionStart === "number"
      ? [active.selectionStart, active.selectionEnd]
      : undefined;
  modalRoot.dataset.signature = signature;
  modalRoot.innerHTML = modal ? modal.html : "";
  const form = modalRoot.querySelector("form.modal");
  if (!form) return;
  for (const el of elementsIn(form)) {
    const value = typed[el.dataset.blockId]?.[el.dataset.actionId];
    if (value && value.type === el.dataset.type) writeValue(el, value);
    if (focused && keyOf(el) === focused) focusIn(el, caret);
  }
  const autofocus = form.querySelector("[autofocus]");
  if (!sameView && autofocus) focusIn(autofocus);
}

// ---- where an element is: a message, an ephemeral message, or a view (modal or Home)

function surfaceOf(el) {
  const view = el.closest("[data-view-id]");
  if (view) return { surface: { viewId: view.dataset.viewId }, view };
  const msg = el.closest("article.msg");
  return { surface: { message: { channel: msg.dataset.channel, ts: msg.dataset.ts } } };
}

async function act(el, selection) {
  const { surface, view } = surfaceOf(el);
  await post("action", {
    surface,
    actionId: el.dataset.actionId,
    blockId: el.dataset.blockId,
    ...(selection ? { selection } : {}),
    // From a view, Slack sends everything entered so far with the action.
    ...(view ? { state: readState(view) } : {}),
  });
}

// ---- buttons and confirmation dialogs

const confirmDialog = document.getElementById("confirm");

function confirmFirst(spec) {
  if (!spec) return Promise.resolve(true);
  const c = JSON.parse(spec);
  confirmDialog.querySelector(".confirm-title").textContent = c.title;
  confirmDialog.querySelector(".confirm-text").innerHTML = c.html; // rendered and escaped by the server
  confirmDialog.querySelector(".confirm-ok").textContent = c.confirm;
  confirmDialog.querySelector(".confirm-ok").className = `btn confirm-ok btn-${c.style}`;
  confirmDialog.querySelector(".confirm-deny").textContent = c.deny;
  confirmDialog.returnValue = "";
  confirmDialog.showModal();
  return new Promise((resolve) =>
    confirmDialog.addEventListener("close", () => resolve(confirmDialog.returnValue === "ok"), {
      once: true,
    }),
  );
}

document.addEventListener("click", async (e) => {
  const target = e.target instanceof Element ? e.target : null;
  const button = target?.closest("button.el[data-type=button]");
  if (button) {
    e.preventDefault();
    if (!(await confirmFirst(button.dataset.confirm))) return;
    if (button.dataset.url) window.open(button.dataset.url, "_blank", "noopener");
    button.disabled = true;
    await act(button);
    button.disabled = false;
    return;
  }
  const close = target?.closest("[data-close]");
  if (close) return void post("close", { viewId: close.closest("form.modal").dataset.viewId });
  const dismiss = target?.closest("button.dismiss");
  if (dismiss) return void post("dismiss", { ts: dismiss.dataset.ts });
  const tabLink = target?.closest("a.tab");
  if (tabLink) {
    e.preventDefault();
    return void openTab(tabLink.dataset.tab);
  }
  const person = target?.closest("a.person");
  if (person) {
    e.preventDefault();
    location.href = `/?as=${encodeURIComponent(person.dataset.person)}&tab=${tab}`;
  }
});

// ---- selects, pickers and dispatch_action inputs

const dispatches = (el, trigger) => (el?.dataset.dispatch ?? "").split(" ").includes(trigger);

document.addEventListener("change", (e) => {
  const el = e.target.closest?.(".el[data-action-id]");
  if (!el || el.dataset.type === "external_select") return;
  clearError(el);
  if (dispatches(el, "change")) {
    act(el, readValue(el));
    if (el.dataset.type === "overflow") el.value = "";
  }
});

document.addEventListener("keydown", (e) => {
  const el = e.target.closest?.(".el[data-action-id]");
  if (e.key !== "Enter" || !el || el.tagName === "TEXTAREA" || !dispatches(el, "on_enter_pressed"))
    return;
  e.preventDefault();
  act(el, readValue(el));
});

const typing = new WeakMap();
document.addEventListener("input", (e) => {
  const el = e.target.closest?.(".el[data-action-id]");
  if (!el) return;
  clearError(el);
  if (el.dataset.type === "external_select") return void searchSoon(el);
  if (!dispatches(el, "on_character_entered")) return;
  clearTimeout(typing.get(el));
  typing.set(
    el,
    setTimeout(() => act(el, readValue(el)), 300),
  );
});

// ---- external_select: the app answers each search (block_suggestion)

function searchSoon(combo) {
  combo.dataset.option = ""; // typing replaces the choice until an option is picked
  clearTimeout(typing.get(combo));
  typing.set(
    combo,
    setTimeout(() => search(combo), 250),
  );
}

async function search(combo) {
  const query = combo.querySelector(".combo-input").value;
  const list = combo.querySelector(".combo-list");
  if (query.length < Number(combo.dataset.minQuery)) {
    list.hidden = true;
    return;
  }
  list.hidden = false;
  list.innerHTML = `<li class="combo-note">${escapeText(strings["search.loading"])}</li>`;
  const answer = await post(
    "options",
    {
      surface: surfaceOf(combo).surface,
      actionId: combo.dataset.actionId,
      blockId: combo.dataset.blockId,
      query,
    },
    { redraw: false },
  );
  if (!answer.ok) {
    list.hidden = true;
    return;
  }
  list.replaceChildren();
  for (const group of answer.groups) {
    if (group.label) list.append(node("li", "combo-group", textOf({ text: group.label })));
    for (const opt of group.options) {
      const item = node("li", "combo-option", textOf(opt));
      item.dataset.option = JSON.stringify(opt);
      item.setAttribute("role", "option");
      list.append(item);
    }
  }
  if (!list.querySelector(".combo-option"))
    list.append(node("li", "combo-note", strings["search.none"]));
}

document.addEventListener("mousedown", (e) => {
  const item = e.target.closest?.(".combo-option");
  if (!item) return;
  e.preventDefault(); // keep the focus in the box until the choice is made
  const combo = item.closest(".combo");
  combo.dataset.option = item.dataset.option;
  combo.querySelector(".combo-input").value = item.textContent;
  combo.querySelector(".combo-list").hidden = true;
  clearError(combo);
  if (dispatches(combo, "change")) act(combo, readValue(combo));
});

document.addEventListener("focusin", (e) => {
  const combo = e.target.closest?.(".combo");
  if (combo && e.target.matches(".combo-input")) search(combo);
});

document.addEventListener("focusout", (e) => {
  const combo = e.target.closest?.(".combo");
  if (combo) setTimeout(() => (combo.querySelector(".combo-list").hidden = true), 150);
});

// ---- modals: Slack checks required fields and formats before the app sees anything

document.addEventListener("submit", async (e) => {
  const form = e.target;
  if (form.matches("form.modal")) {
    e.preventDefault();
    if (!checkInputs(form, strings)) return;
    const submit = form.querySelector("[data-submit]");
    submit.disabled = true;
    await post("submit", { viewId: form.dataset.viewId, state: readState(form) });
    submit.disabled = false;
  } else if (form.matches("form.composer")) {
    e.preventDefault();
    const input = form.elements.command;
    const text = input.value.trim();
    if (!text.startsWith("/")) return void toast(strings["command.not_command"]);
    input.value = "";
    await post("command", { text });
  }
});

// ---- tabs, people, notices, live updates

function openTab(next) {
  tab = next;
  document.body.dataset.tab = tab;
  for (const link of document.querySelectorAll("a.tab"))
    link.classList.toggle("current", link.dataset.tab === tab);
  panes.messages.hidden = tab !== "messages";
  panes.home.hidden = tab !== "home";
  history.replaceState(null, "", `/?as=${encodeURIComponent(me)}&tab=${tab}`);
  // Slack tells the app each time a tab of it is opened (app_home_opened).
  post("home", { tab });
}

document.querySelector(".people-filter").addEventListener("input", (e) => {
  const words = e.target.value.toLowerCase().split(/\s+/).filter(Boolean);
  for (const link of document.querySelectorAll(".person")) {
    link.hidden = !words.every((w) => link.dataset.search.includes(w));
  }
});

let toastTimer;
function toast(text) {
  const box = document.getElementById("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.hidden = true), 6000);
}

function node(tag, className, text) {
  const n = document.createElement(tag);
  n.className = className;
  n.textContent = text;
  return n;
}

function escapeText(text) {
  return node("span", "", text).innerHTML;
}

// Live updates. A page left for another (an identity switch) may be kept in the browser's
// back/forward cache, and an EventSource kept open there holds one of the browser's six
// connections per host: after a few switches nothing loads any more. So the stream is closed
// when the page is hidden and opened again when it is shown from that cache
// (web.dev/articles/bfcache: close open connections in pagehide, reopen them in pageshow).
const connLost = document.querySelector(".conn-lost");
let events;
let pending;
function listen() {
  events = new EventSource("/workspace/events");
  events.addEventListener("change", () => {
    // Several changes usually come together (a DM, its update, the Home): one redraw.
    clearTimeout(pending);
    pending = setTimeout(refresh, 30);
  });
  events.addEventListener("open", () => {
    connLost.hidden = true;
    refresh(); // catch up on anything missed while disconnected (or while in the cache)
  });
  events.addEventListener("error", () => (connLost.hidden = false));
}
window.addEventListener("pagehide", () => {
  events?.close();
  events = undefined;
});
window.addEventListener("pageshow", (e) => {
  if (e.persisted && !events) listen();
});
listen();

if (tab === "home") post("home", { tab: "home" });
panes.messages.scrollTop = panes.messages.scrollHeight;
