// Digest preferences and deliveries. A delivery row is inserted before the DM is sent:
// the claim that makes a retried or duplicated send job a no-op.
import type { Db } from "../db/open-database.ts";
import type { Directory } from "../directory/directory.ts";
import type { DigestPerson } from "./due.ts";

export class DigestStore {
  constructor(
    private readonly db: Db,
    private readonly dir: Directory,
    private readonly defaultTime: string,
  ) {}

  async people(): Promise<DigestPerson[]> {
    const prefs = new Map((await this.db.digestPreference.findMany()).map((p) => [p.userId, p]));
    return this.dir.org.people.map((p) => {
      const pref = prefs.get(p.id);
      return {
        userId: p.id,
        timeZone: this.dir.timeZone(p.id),
        time: pref?.time ?? this.defaultTime,
        enabled: pref?.enabled ?? true,
      };
    });
  }

  /** Who already had (or was found to need no) digest on these days. */
  async delivered(days: string[]): Promise<Set<string>> {
    const rows = await this.db.digestDelivery.findMany({
      where: { day: { in: [...new Set(days)] } },
      select: { userId: true, day: true },
    });
    return new Set(rows.map((r) => `${r.userId}/${r.day}`));
  }

  /** True when this call made the claim; false when someone else already did. */
  async claim(userId: string, day: string): Promise<boolean> {
    const res = await this.db.digestDelivery.createMany({
      data: [{ userId, day }],
      skipDuplicates: true,
    });
    return res.count === 1;
  }

  /** Marks people with nothing to report as done for the day, so later ticks skip them. */
  async markNothing(entries: { userId: string; day: string }[]): Promise<void> {
    if (entries.length > 0)
      await this.db.digestDelivery.createMany({ data: entries, skipDuplicates: true });
  }

  async release(userId: string, day: string): Promise<void> {
    await this.db.digestDelivery.deleteMany({ where: { userId, day } });
  }

  async setPreference(userId: string, pref: { enabled: boolean; time?: string }): Promise<void> {
    await this.db.digestPreference.upsert({
      where: { userId },
      create: { userId, ...pref },
      update: pref,
    });
  }
}
