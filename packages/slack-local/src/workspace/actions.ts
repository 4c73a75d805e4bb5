// What the page asks for (POST /workspace/api/<name>, JSON), each turned into what Slack
// would send the app, through the local Slack's interaction client: the same code the
// integration tests use, so the page exercises the bot's real code path.
import { z } from "zod";
import type { InteractionResult } from "../interactions.ts";
import type { LocalSlack } from "../server.ts";
import { dmChannelOf } from "../store.ts";
import type { StateValues } from "../types.ts";
import type { SlashCommandInfo } from "./manifest.ts";
import { t } from "./messages.ts";
import type { WorkspacePerson } from "./people.ts";

const typed = z.looseObject({ type: z.string() });
const state = z.record(z.string(), z.record(z.string(), typed));
const surface = z.union([
  z.object({ viewId: z.string() }),
  z.object({ message: z.object({ channel: z.string(), ts: z.string() }) }),
]);

const schemas = {
  command: z.object({ text: z.string().trim() }),
  action: z.object({
    surface,
    actionId: z.string(),
    blockId: z.string().optional(),
    selection: typed.optional(),
    state: state.optional(),
  }),
  options: z.object({
    surface,
    actionId: z.string(),
    blockId: z.string().optional(),
    query: z.string(),
  }),
  submit: z.object({ viewId: z.string(), state }),
  close: z.object({ viewId: z.string() }),
  home: z.object({ tab: z.enum(["home", "messages"]) }),
  dismiss: z.object({ ts: z.string() }),
};

export type ActionName = keyof typeof schemas;
export const actionNames = Object.keys(schemas) as ActionName[];

export type ActionAnswer = { ok: true; [key: string]: unknown } | { ok: false; error: string };

export interface ActionDeps {
  local: LocalSlack;
  commands: readonly SlashCommandInfo[];
}

interface Ctx {
  deps: ActionDeps;
  me: WorkspacePerson;
}

type Handlers = {
  [K in ActionName]: (input: z.infer<(typeof schemas)[K]>, c: Ctx) => Promise<ActionAnswer>;
};

const handlers: Handlers = {
  command: (p, c) => command(c, p.text),
  action: async (a, { deps, me }) =>
    answered(
      me,
      await deps.local.act({
        userId: me.id,
        ...refOf(a.surface),
        actionId: a.actionId,
        blockId: a.blockId,
        selection: a.selection,
        state: a.state as StateValues | undefined,
      }),
    ),
  options: async (o, { deps, me }) => {
    const res = await deps.local.suggestOptions({
      userId: me.id,
      ...refOf(o.surface),
      actionId: o.actionId,
      blockId: o.blockId,
      value: o.query,
    });
    return res.status === 200 ? { ok: true, ...menuOf(res) } : answered(me, res);
  },
  submit: async (s, { deps, me }) =>
    answered(
      me,
      await deps.local.submitView({
        userId: me.id,
        viewId: s.viewId,
        values: s.state as StateValues,
      }),
    ),
  close: async (v, { deps, me }) => {
    const res = await deps.local.closeView({ userId: me.id, viewId: v.viewId });
    return res ? answered(me, res) : { ok: true };
  },
  home: async (h, { deps, me }) =>
    answered(me, await deps.local.openHome({ userId: me.id, tab: h.tab })),
  dismiss: async (d, { deps }) => {
    // Slack's client hides a dismissed ephemeral; nothing reaches the app.
    deps.local.store.updateEphemeral(d.ts, { deleted: true });
    return { ok: true };
  },
};

export async function runAction(
  deps: ActionDeps,
  name: ActionName,
  me: WorkspacePerson,
  body: unknown,
): Promise<ActionAnswer> {
  const parsed = schemas[name].safeParse(body);
  if (!parsed.success)
    return { ok: false, error: `invalid request: ${parsed.error.issues[0]?.message ?? ""}` };
  const handler = handlers[name] as (input: unknown, c: Ctx) => Promise<ActionAnswer>;
  try {
    return await handler(parsed.data, { deps, me });
  } catch (err) {
    // A stale page (a closed view, a deleted message) or the bot not listening.
    return {
      ok: false,
      error: t(me.locale, "action.failed", {
        error: err instanceof Error ? err.message : String(err),
      }),
    };
  }
}

/** Like Slack: only the app's own commands can be typed; the answer shows as Slack shows it. */
async function command({ deps, me }: Ctx, typed: string): Promise<ActionAnswer> {
  const m = /^(\/\S+)\s*([\s\S]*)$/.exec(typed);
  if (!m) return { ok: false, error: t(me.locale, "command.not_command") };
  const [, name = "", text = ""] = m;
  if (!deps.commands.some((c) => c.command === name))
    return { ok: false, error: t(me.locale, "command.invalid", { command: name }) };
  return answered(
    me,
    await deps.local.typeCommand({
      userId: me.id,
      command: name,
      text: text.trim(),
      channelId: dmChannelOf(me.id),
    }),
  );
}

function refOf(s: z.infer<typeof surface>) {
  return "viewId" in s ? { viewId: s.viewId } : { message: s.message };
}

/** Slack answers a failed request with a warning in its client; the page shows a notice. */
function answered(me: WorkspacePerson, res: InteractionResult): ActionAnswer {
  if (res.status !== 200)
    return { ok: false, error: t(me.locale, "bot.failed", { status: res.status }) };
  const action = res.json?.response_action;
  return { ok: true, ...(typeof action === "string" ? { responseAction: action } : {}) };
}

/** The options answer as a flat menu; groups keep their labels. */
function menuOf(res: InteractionResult): { groups: { label?: unknown; options: unknown[] }[] } {
  const json = res.json ?? {};
  if (Array.isArray(json.option_groups)) {
    return {
      groups: (json.option_groups as { label?: unknown; options?: unknown[] }[]).map((g) => ({
        label: g.label,
        options: g.options ?? [],
      })),
    };
  }
  return { groups: [{ options: Array.isArray(json.options) ? json.options : [] }] };
}
