// Asks Slack for people's language (users.info with include_locale) and stores it, so that
// those the org file gives no `locale` are written to in the language of their Slack.
// Always after an ack: after a listener has finished, and before a request's messages go out.
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import type { Services } from "../../src/services.ts";

export interface Profiles {
  /** Fetches the Slack locale of each person who needs it (no org locale, and never asked or asked over a day ago). */
  ensure(userIds: Iterable<string>): Promise<void>;
}

/** Slack errors that mean "no such person to ask": remembered as "no locale" so we do not ask again today. */
const gone = new Set(["user_not_found", "user_not_visible", "account_inactive"]);

export function createProfiles(
  services: Pick<Services, "directory" | "slackLocales">,
  client: WebClient,
  logger: Logger,
): Profiles {
  const { directory, slackLocales } = services;
  const inFlight = new Map<string, Promise<void>>();

  async function fetchOne(userId: string): Promise<void> {
    try {
      const res = await client.users.info({ user: userId, include_locale: true });
      await slackLocales.save(userId, res.user?.locale ?? null);
    } catch (e) {
      const code = (e as { data?: { error?: string } }).data?.error;
      if (code && gone.has(code)) await slackLocales.save(userId, null).catch(() => undefined);
      // Not knowing someone's language is never worth failing the work it came with.
      else logger.warn({ err: e, userId }, "could not read the person's Slack locale");
    }
  }

  return {
    async ensure(userIds) {
      // What another process (a worker, another bot) learned since: not asked again here.
      await slackLocales.refresh();
      const wanted = [...new Set(userIds)].filter(
        (id) => /^[UW][A-Z0-9]+$/.test(id) && !directory.orgLocale(id) && slackLocales.isStale(id),
      );
      await Promise.all(
        wanted.map((id) => {
          let p = inFlight.get(id);
          if (!p) {
            p = fetchOne(id).finally(() => inFlight.delete(id));
            inFlight.set(id, p);
          }
          return p;
        }),
      );
    },
  };
}

/** After each listener has acked and done its work: learn the language of the person who acted. */
export function learnLocaleAfterListener(profiles: Profiles): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    await next();
    const userId = actorOf(body);
    if (userId) await profiles.ensure([userId]);
  };
}

function actorOf(body: unknown): string | undefined {
  const b = body as { user_id?: unknown; user?: { id?: unknown }; event?: { user?: unknown } };
  const id = b.user_id ?? b.user?.id ?? b.event?.user;
  return typeof id === "string" ? id : undefined;
}
