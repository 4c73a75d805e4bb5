// Slack ids found by email, kept in the database (SlackIdentity): a restart needs no lookups
// while the answers are fresh, and a Slack that does not answer at start-up is not fatal
// when an earlier answer is kept.
import { ConfigError } from "../config/env.ts";
import type { Db } from "../db/open-database.ts";
import type { IdentityLookup, SlackIdentity } from "./resolve-org.ts";

/** How long an answer is trusted before Slack is asked again. */
export const identityMaxAgeMs = 24 * 60 * 60 * 1000;

export interface CacheOptions {
  now: () => Date;
  /** Slack failed and kept answers were used instead: the caller logs it. */
  onStale?: (error: unknown, emails: string[]) => void;
}

export function cachedLookup(db: Db, slack: IdentityLookup, opts: CacheOptions): IdentityLookup {
  return {
    byEmail: async (emails) => {
      const now = opts.now();
      const rows = await db.slackIdentity.findMany({ where: { email: { in: emails } } });
      const kept = new Map(rows.map((r) => [r.email, r]));
      const fresh = (email: string) => {
        const row = kept.get(email);
        return row && now.getTime() - row.checkedAt.getTime() < identityMaxAgeMs;
      };
      const found = new Map<string, SlackIdentity>();
      for (const r of rows)
        if (fresh(r.email)) found.set(r.email, { userId: r.userId, deleted: r.deleted });
      const ask = emails.filter((e) => !fresh(e));
      if (ask.length === 0) return found;
      let answered: Map<string, SlackIdentity>;
      try {
        answered = await slack.byEmail(ask);
      } catch (e) {
        if (e instanceof ConfigError) throw e;
        const unknown = ask.filter((email) => !kept.has(email));
        if (unknown.length > 0)
          throw new ConfigError(
            `Slack did not answer a lookup by email (${e instanceof Error ? e.message : String(e)}), and no earlier answer is kept for ${unknown.join(", ")}: start again once Slack answers, or give their Slack ids in the org file.`,
          );
        opts.onStale?.(e, ask);
        for (const email of ask) {
          const row = kept.get(email)!;
          found.set(email, { userId: row.userId, deleted: row.deleted });
        }
        return found;
      }
      await db.$transaction([
        db.slackIdentity.deleteMany({
          where: { email: { in: ask.filter((e) => !answered.has(e)) } },
        }),
        ...[...answered].map(([email, id]) =>
          db.slackIdentity.upsert({
            where: { email },
            create: { email, ...id, checkedAt: now },
            update: { ...id, checkedAt: now },
          }),
        ),
      ]);
      for (const [email, id] of answered) found.set(email, id);
      return found;
    },
  };
}
