// Answers "who is this person, who is their manager, who holds role R for them".

import type { LocalizedText } from "../definitions/schema.ts";
import type { Locale } from "../i18n/locale.ts";
import type { OrgFile, Person, Role } from "./schema.ts";

export type Holders =
  | { ok: true; ids: string[]; role: Role; unit?: { scope: "region" | "area" | "bu"; key: string } }
  | {
      ok: false;
      error:
        | { type: "unknown_role"; role: string }
        | { type: "no_unit"; role: string; scope: string; userId: string }
        | { type: "no_holder"; role: string; scope: string; unit: string };
    };

export class Directory {
  private current!: OrgFile;
  private people!: Map<string, Person>;
  private roles!: Map<string, Role>;
  private areaRegion!: Map<string, string>;
  private unitNames!: Map<string, LocalizedText>;

  constructor(org: OrgFile) {
    this.replace(org);
  }

  get org(): OrgFile {
    return this.current;
  }

  /**
   * The org file read again (`/approval admin reload`): every holder of the directory sees
   * the new people and roles at once, as the catalog's holders see new process versions.
   */
  replace(org: OrgFile): void {
    this.current = org;
    this.people = new Map(org.people.map((p) => [p.id, p]));
    this.roles = new Map(org.roles.map((r) => [r.key, r]));
    this.areaRegion = new Map(
      org.regions.flatMap((r) => r.areas.map((a) => [a.key, r.key] as const)),
    );
    this.unitNames = new Map([
      ...org.regions.map((r) => [`region:${r.key}`, r.name] as const),
      ...org.regions.flatMap((r) => r.areas.map((a) => [`area:${a.key}`, a.name] as const)),
      ...org.business_units.map((b) => [`bu:${b.key}`, b.name] as const),
    ]);
  }

  person(id: string): Person | undefined {
    return this.people.get(id);
  }

  /** Display name; an id not in the org file is shown as a Slack mention by the renderer. */
  name(id: string): string {
    return this.people.get(id)?.name ?? id;
  }

  /**
   * The org file's setting, else the company default. A person's language is
   * `services.localeOf`, which also knows what Slack says when the org file is silent.
   */
  locale(id: string): Locale {
    return this.orgLocale(id) ?? this.defaultLocale;
  }

  /** The language the org file sets for this person, if any. */
  orgLocale(id: string): Locale | undefined {
    return this.people.get(id)?.locale;
  }

  get defaultLocale(): Locale {
    return this.org.company.default_locale;
  }

  timeZone(id: string): string {
    return this.people.get(id)?.tz ?? this.org.company.time_zone;
  }

  role(key: string): Role | undefined {
    return this.roles.get(key);
  }

  unitName(scope: string, key: string): LocalizedText | undefined {
    return this.unitNames.get(`${scope}:${key}`);
  }

  /** Whether anyone in the org file reports to this person (a manager-level requester). */
  manages(id: string): boolean {
    return this.org.people.some((p) => p.manager === id);
  }

  /** The manager `levels` up the chain (1 = direct manager). */
  manager(id: string, levels = 1): string | undefined {
    let current: string | undefined = id;
    for (let i = 0; i < levels && current; i++) current = this.people.get(current)?.manager;
    return current;
  }

  /** Holders of a role for this person: global, or by their region / area / BU. */
  holders(roleKey: string, forUserId: string): Holders {
    const role = this.roles.get(roleKey);
    if (!role) return { ok: false, error: { type: "unknown_role", role: roleKey } };
    if (role.scope === "global") return { ok: true, ids: role.holders, role };
    const unit = this.unitOf(forUserId, role.scope);
    if (!unit)
      return {
        ok: false,
        error: { type: "no_unit", role: roleKey, scope: role.scope, userId: forUserId },
      };
    const ids = role.holders[unit];
    if (!ids?.length)
      return { ok: false, error: { type: "no_holder", role: roleKey, scope: role.scope, unit } };
    return { ok: true, ids, role, unit: { scope: role.scope, key: unit } };
  }

  private unitOf(id: string, scope: "region" | "area" | "bu"): string | undefined {
    const p = this.people.get(id);
    if (!p) return undefined;
    if (scope === "area") return p.area;
    if (scope === "bu") return p.bu;
    return p.region ?? (p.area ? this.areaRegion.get(p.area) : undefined);
  }
}
