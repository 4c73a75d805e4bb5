// Each person's Slack language (users.info `locale`), for those the org file gives none.
// Kept in the SlackProfile table so every process uses it: the bot, and workers that send
// digests and reminders on their own. Reads are synchronous (a cache loaded at start-up
// and on every fetch) because messages are rendered synchronously.
import type { Db } from "../db/open-database.ts";
import type { Locale } from "../i18n/locale.ts";

/** The org file's setting, else Slack's (when it is a language we have), else the company's. */
export function resolveLocale(
  orgLocale: Locale | undefined,
  slackLocale: string | null | undefined,
  companyDefault: Locale,
): Locale {
  return orgLocale ?? fromSlackLocale(slackLocale) ?? companyDefault;
}

/** Slack's "zh-CN", "zh-TW", "en-US", "en-GB"… as one of ours; undefined for any other language. */
export function fromSlackLocale(slackLocale: string | null | undefined): Locale | undefined {
  const language = slackLocale?.toLowerCase().split(/[-_]/)[0];
  return language === "zh" ? "zh-CN" : language === "en" ? "en" : undefined;
}

/** How Slack writes one of our languages (for the built-in local Slack's users). */
export function toSlackLocale(locale: Locale): string {
  return locale === "en" ? "en-US" : "zh-CN";
}

const DAY_MS = 24 * 3600 * 1000;

/** How far before the newest row read a refresh looks again (clocks of other machines, late commits). */
const refreshOverlapMs = 5 * 60_000;

export interface SlackLocaleOptions {
  /** Asked again after this long (people rarely change it). */
  maxAgeMs?: number;
  /** How often `refresh` looks for rows other processes stored. */
  refreshEveryMs?: number;
}

export class SlackLocales {
  private readonly known = new Map<string, { locale: string | null; fetchedAt: Date }>();
  private seenUpTo = new Date(0);
  private lastRefresh = Number.NEGATIVE_INFINITY;
  private readonly maxAgeMs: number;
  private readonly refreshEveryMs: number;

  constructor(
    private readonly db: Pick<Db, "slackProfile" | "request">,
    private readonly clock: () => Date,
    opts: SlackLocaleOptions = {},
  ) {
    this.maxAgeMs = opts.maxAgeMs ?? DAY_MS;
    this.refreshEveryMs = opts.refreshEveryMs ?? 30_000;
  }

  /** What Slack said (null: Slack had none for them); undefined when never asked. */
  slackLocale(userId: string): string | null | undefined {
    return this.known.get(userId)?.locale;
  }

  /** Never asked, or asked more than a day ago. */
  isStale(userId: string): boolean {
    const p = this.known.get(userId);
    return !p || this.clock().getTime() - p.fetchedAt.getTime() > this.maxAgeMs;
  }

  /** Every stored profile (start-up). */
  async load(): Promise<void> {
    this.lastRefresh = this.clock().getTime();
    this.remember(await this.db.slackProfile.findMany(), true);
  }

  /** Profiles other processes stored since the last look, at most every `refreshEveryMs` (a worker learns what the bot fetched). */
  async refresh(): Promise<void> {
    const now = this.clock().getTime();
    if (now - this.lastRefresh < this.refreshEveryMs) return;
    this.lastRefresh = now;
    // Each row carries its own process's clock: look a little further back than the newest row read.
    const since = new Date(this.seenUpTo.getTime() - refreshOverlapMs);
    this.remember(
      await this.db.slackProfile.findMany({ where: { fetchedAt: { gte: since } } }),
      true,
    );
  }

  async save(userId: string, locale: string | null): Promise<void> {
    const fetchedAt = this.clock();
    await this.db.slackProfile.upsert({
      where: { userId },
      create: { userId, locale, fetchedAt },
      update: { locale, fetchedAt },
    });
    // Not read from the table: rows other processes stored before it are still to be read.
    this.remember([{ userId, locale, fetchedAt }], false);
  }

  /** Everyone the bot writes to about a request: the requester and every assignee, CC'd ones included. */
  async audience(requestId: number): Promise<string[]> {
    const row = await this.db.request.findUnique({
      where: { id: requestId },
      select: {
        requesterId: true,
        assignments: { distinct: ["assigneeId"], select: { assigneeId: true } },
      },
    });
    return row ? [...new Set([row.requesterId, ...row.assignments.map((a) => a.assigneeId)])] : [];
  }

  /** `read`: rows read from the table, which move the mark `refresh` reads on from. */
  private remember(
    rows: { userId: string; locale: string | null; fetchedAt: Date }[],
    read: boolean,
  ): void {
    for (const r of rows) {
      const had = this.known.get(r.userId);
      if (!had || had.fetchedAt <= r.fetchedAt)
        this.known.set(r.userId, { locale: r.locale, fetchedAt: r.fetchedAt });
      if (read && r.fetchedAt > this.seenUpTo) this.seenUpTo = r.fetchedAt;
    }
  }
}
