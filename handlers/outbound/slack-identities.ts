// Slack accounts by email, for the org file's people given by email alone (users:read.email).
// A few are looked up one by one (users.lookupByEmail, Tier 3); many at once are read from
// the member list in pages (users.list, Tier 2), which takes far fewer calls for a company.
import type { WebClient } from "@slack/web-api";
import { ConfigError } from "../../src/config/env.ts";
import type { IdentityLookup, SlackIdentity } from "../../src/directory/resolve-org.ts";

/** Past this many, one pass over the member list costs fewer calls than a lookup each. */
const oneByOneUpTo = 20;
const pageSize = 200;

interface Member {
  id?: string;
  deleted?: boolean;
  is_bot?: boolean;
  profile?: { email?: string };
}

export function slackIdentityLookup(client: WebClient): IdentityLookup {
  return {
    byEmail: async (emails) => {
      try {
        return emails.length <= oneByOneUpTo
          ? await oneByOne(client, emails)
          : await fromMemberList(client, new Set(emails));
      } catch (e) {
        throw scopeError(e) ?? e;
      }
    },
  };
}

async function oneByOne(client: WebClient, emails: string[]) {
  const found = new Map<string, SlackIdentity>();
  for (const email of emails) {
    try {
      const res = await client.users.lookupByEmail({ email });
      if (res.user?.id)
        found.set(email, { userId: res.user.id, deleted: res.user.deleted === true });
    } catch (e) {
      if (errorCode(e) !== "users_not_found") throw e;
    }
  }
  return found;
}

/** Every member with one of these emails. */
async function fromMemberList(client: WebClient, emails: Set<string>) {
  const found = new Map<string, SlackIdentity>();
  for (const m of await people(client))
    if (m.email && emails.has(m.email)) found.set(m.email, { userId: m.id, deleted: m.deleted });
  return found;
}

/**
 * The workspace's people from the member list, page by page: deactivated ones included (as
 * Slack lists them), bots not (a bot's profile never counts as a person's). Emails lower case.
 */
export async function people(
  client: WebClient,
): Promise<{ id: string; email?: string; deleted: boolean }[]> {
  const found: { id: string; email?: string; deleted: boolean }[] = [];
  let cursor: string | undefined;
  do {
    const res = await client.users.list({ limit: pageSize, ...(cursor ? { cursor } : {}) });
    for (const m of (res.members ?? []) as Member[])
      if (m.id && !m.is_bot)
        found.push({
          id: m.id,
          email: m.profile?.email?.toLowerCase(),
          deleted: m.deleted === true,
        });
    cursor = res.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return found;
}

function errorCode(e: unknown): string | undefined {
  return (e as { data?: { error?: string } }).data?.error;
}

/** Without the scope, no email can ever be found: a setup problem, said at start-up. */
function scopeError(e: unknown): ConfigError | undefined {
  if (errorCode(e) !== "missing_scope") return undefined;
  return new ConfigError(
    "Slack refused to look people up by email (missing_scope): add the users:read.email scope (it is in slack/manifest.yaml) and reinstall the app, or give those people's Slack ids in the org file.",
  );
}
