import { type ApiContext, type ApiHandler, fail } from "./api-types.ts";
import { str } from "./http-util.ts";
import type { LocalUser } from "./types.ts";
import { toSlackUser } from "./wire.ts";

const authTest: ApiHandler = (_args, ctx) => {
  const id = ctx.store.identity;
  return {
    ok: true,
    url: `${ctx.baseUrl}/`,
    team: "Local Workspace",
    user: id.botUserName,
    team_id: id.teamId,
    user_id: id.botUserId,
    bot_id: id.botId,
    is_enterprise_install: false,
  };
};

/**
 * Without a configured user list any id resolves to a synthesized user, so an
 * ad-hoc local run (no seed data) can still look users up.
 */
function lookup(
  userId: string,
  users: { user(id: string): LocalUser | undefined; hasUserList: boolean },
): LocalUser | undefined {
  return (
    users.user(userId) ??
    (users.hasUserList ? undefined : { id: userId, name: userId.toLowerCase() })
  );
}

/** A member as Slack shows them to this token: the email only with users:read.email. */
function member(u: LocalUser, ctx: ApiContext): Record<string, unknown> {
  const shown = ctx.scopes.has("users:read.email") ? u : { ...u, email: undefined };
  return toSlackUser(shown, ctx.store.identity);
}

const usersInfo: ApiHandler = (args, ctx) => {
  const userId = str(args.user);
  const user = userId ? lookup(userId, ctx.store) : undefined;
  return user ? { ok: true, user: member(user, ctx) } : fail("user_not_found");
};

/** Slack's page-size ceiling for users.list. */
const MAX_LIMIT = 1000;

/**
 * Pages as Slack's do: `limit` members a page (none: the whole list), `next_cursor` for the
 * next ("" on the last); a cursor this list never gave is invalid_cursor.
 */
const usersList: ApiHandler = (args, ctx) => {
  const all = ctx.store.allUsers();
  const limit = Number(args.limit ?? 0);
  if (!Number.isInteger(limit) || limit < 0) return fail("invalid_limit");
  const cursor = str(args.cursor);
  const start = cursor ? decodeCursor(cursor) : 0;
  if (start === undefined || start > all.length) return fail("invalid_cursor");
  const size = limit === 0 ? all.length : Math.min(limit, MAX_LIMIT);
  const page = all.slice(start, start + size);
  const next = start + size < all.length ? encodeCursor(start + size) : "";
  return {
    ok: true,
    members: page.map((u) => member(u, ctx)),
    cache_ts: Math.floor(ctx.store.now() / 1000),
    response_metadata: { next_cursor: next },
  };
};

const encodeCursor = (offset: number) => Buffer.from(`users:${offset}`).toString("base64");
function decodeCursor(cursor: string): number | undefined {
  const m = /^users:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  return m ? Number(m[1]) : undefined;
}

const lookupByEmail: ApiHandler = (args, ctx) => {
  const email = str(args.email)?.toLowerCase();
  if (!email) return fail("invalid_arguments");
  const user = ctx.store.allUsers().find((u) => u.email?.toLowerCase() === email);
  return user ? { ok: true, user: member(user, ctx) } : fail("users_not_found");
};

export const userMethods: Record<string, ApiHandler> = {
  "auth.test": authTest,
  "users.info": usersInfo,
  "users.list": usersList,
  "users.lookupByEmail": lookupByEmail,
};
