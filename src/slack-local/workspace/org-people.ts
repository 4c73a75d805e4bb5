// The people of the org file as the page lists them: name, language, time zone, and what
// they do (their roles), so a visitor can find "the sales director" without the YAML.
import type { Directory } from "../../directory/directory.ts";
import { locales, type Locale } from "../../i18n/locale.ts";
import { pick } from "../../i18n/index.ts";

export interface WorkspacePerson {
  id: string;
  name: string;
  locale: Locale;
  timeZone: string;
  /** What they do, per language, e.g. "区域经理 · 上海区域". */
  title: Record<Locale, string>;
}

export function peopleOfOrg(dir: Directory): WorkspacePerson[] {
  return dir.org.people.map((p) => ({
    id: p.id,
    name: p.name,
    locale: dir.locale(p.id),
    timeZone: dir.timeZone(p.id),
    title: Object.fromEntries(locales.map((l) => [l, rolesOf(dir, p.id, l).join(" / ")])) as Record<Locale, string>,
  }));
}

/** The demo starts as a sales rep, who files requests (README: "A return request, step by step"). */
export function firstRequester(dir: Directory): string | undefined {
  const rep = dir.role("sales_rep");
  const holders = rep ? (rep.scope === "global" ? rep.holders : Object.values(rep.holders).flat()) : [];
  return holders[0] ?? dir.org.people[0]?.id;
}

function rolesOf(dir: Directory, id: string, locale: Locale): string[] {
  return dir.org.roles.flatMap((role) => {
    if (role.scope === "global") return role.holders.includes(id) ? [pick(locale, role.name)] : [];
    return Object.entries(role.holders)
      .filter(([, ids]) => ids.includes(id))
      .map(([unit]) => {
        const unitName = dir.unitName(role.scope, unit);
        return unitName ? `${pick(locale, role.name)} · ${pick(locale, unitName)}` : pick(locale, role.name);
      });
  });
}
