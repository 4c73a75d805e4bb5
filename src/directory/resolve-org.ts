// From the org file as written (people by Slack id, email or both) to the org the bot works
// with: every person with a Slack id, every manager and role holder named by id. Emails are
// looked up in Slack (through an IdentityLookup: the Slack side lives in handlers/), or, with
// no Slack at all (local mode, tools), given a stable local id.
import { createHash } from "node:crypto";
import { ConfigError } from "../config/env.ts";
import { isEmail, type OrgFile, type OrgSource, type Person } from "./schema.ts";

export interface SlackIdentity {
  userId: string;
  /** Deactivated in Slack: still resolvable, but no message reaches them. */
  deleted: boolean;
}

/** Slack accounts by email (lower case); an email with no account is absent from the map. */
export interface IdentityLookup {
  byEmail(emails: string[]): Promise<Map<string, SlackIdentity>>;
}

/** The id a person known only by email gets without Slack: the same for the same email. */
export function localUserId(email: string): string {
  return `U${createHash("sha256").update(email).digest("hex").slice(0, 10).toUpperCase()}`;
}

/** The people given by email alone: the ones a lookup must find. */
export function emailsToResolve(source: OrgSource): string[] {
  return source.people.flatMap((p) => (!p.id && p.email ? [p.email] : []));
}

/** Every reference rewritten to an id; `idOf` answers for the people given by email alone. */
export function resolveRefs(
  source: OrgSource,
  idOf: (email: string) => string | undefined,
): { org: OrgFile; unresolved: { index: number; person: OrgSource["people"][number] }[] } {
  const unresolved: { index: number; person: OrgSource["people"][number] }[] = [];
  const people: Person[] = source.people.map((p, index) => {
    const id = p.id ?? (p.email ? idOf(p.email) : undefined);
    if (!id) unresolved.push({ index, person: p });
    return { ...p, id: id ?? "" };
  });
  const byEmail = new Map(people.flatMap((p) => (p.email ? [[p.email, p.id] as const] : [])));
  const ref = (r: string) => (isEmail(r) ? (byEmail.get(r) ?? r) : r);
  const org: OrgFile = {
    ...source,
    people: people.map((p) => (p.manager ? { ...p, manager: ref(p.manager) } : p)),
    roles: source.roles.map((role) =>
      role.scope === "global"
        ? { ...role, holders: role.holders.map(ref) }
        : {
            ...role,
            holders: Object.fromEntries(
              Object.entries(role.holders).map(([unit, list]) => [unit, list.map(ref)]),
            ),
          },
    ),
  };
  return { org, unresolved };
}

/** Without Slack: people given by email alone get a local id. */
export function resolveLocally(source: OrgSource): OrgFile {
  return resolveRefs(source, localUserId).org;
}

/**
 * Against Slack: each person given by email alone must have an account, or start-up stops
 * naming every one who has none. Those deactivated in Slack are returned, to be warned of.
 */
export async function resolveOrg(
  source: OrgSource,
  lookup: IdentityLookup,
  file = "config/org.yaml",
): Promise<{ org: OrgFile; deactivated: Person[] }> {
  const emails = emailsToResolve(source);
  const found = emails.length > 0 ? await lookup.byEmail(emails) : new Map();
  const { org, unresolved } = resolveRefs(source, (e) => found.get(e)?.userId);
  if (unresolved.length > 0)
    throw new ConfigError(
      [
        `${file}: ${unresolved.length} ${unresolved.length === 1 ? "person has" : "people have"} no Slack account with their email, and no id:`,
        ...unresolved.map(
          ({ index, person }) => `  people[${index}] ${person.name} <${person.email}>`,
        ),
        "Correct the email, or give the person's Slack member id as `id` (npm run org:check lists them all).",
      ].join("\n"),
    );
  const deactivated = org.people.filter((p) => p.email && found.get(p.email)?.deleted);
  return { org, deactivated };
}
