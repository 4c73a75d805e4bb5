import { type ApiHandler, fail } from "./api-types.ts";
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

const usersInfo: ApiHandler = (args, ctx) => {
  const userId = str(args.user);
  const user = userId ? lookup(userId, ctx.store) : undefined;
  return user ? { ok: true, user: toSlackUser(user, ctx.store.identity) } : fail("user_not_found");
};

const usersList: ApiHandler = (_args, ctx) => ({
  ok: true,
  members: ctx.store.allUsers().map((u) => toSlackUser(u, ctx.store.identity)),
  cache_ts: Math.floor(Date.now() / 1000),
  response_metadata: { next_cursor: "" },
});

const lookupByEmail: ApiHandler = (args, ctx) => {
  const email = str(args.email)?.toLowerCase();
  const user = ctx.store.allUsers().find((u) => email && u.email?.toLowerCase() === email);
  return user ? { ok: true, user: toSlackUser(user, ctx.store.identity) } : fail("users_not_found");
};

export const userMethods: Record<string, ApiHandler> = {
  "auth.test": authTest,
  "users.info": usersInfo,
  "users.list": usersList,
  "users.lookupByEmail": lookupByEmail,
};
