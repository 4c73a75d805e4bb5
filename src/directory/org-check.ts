// `npm run org:check`: the org file against Slack's member list. Who is not found, who is
// deactivated (nothing reaches them), whose email belongs to another account than their id,
// and which roles are left without a holder who can be reached, by unit.
import type { OrgSource } from "./schema.ts";

export interface Member {
  id: string;
  email?: string;
  deleted: boolean;
}

export type OrgFinding =
  | { type: "not_found"; person: string }
  | { type: "deactivated"; person: string }
  | { type: "other_account"; person: string; emailOf: string }
  | { type: "no_holder"; role: string; unit?: string };

export function checkOrg(source: OrgSource, members: Member[]): OrgFinding[] {
  const byId = new Map(members.map((m) => [m.id, m]));
  const byEmail = new Map(members.flatMap((m) => (m.email ? [[m.email, m] as const] : [])));
  const findings: OrgFinding[] = [];
  /** Each person's account, by whichever the file gives (the id wins, as at start-up). */
  const account = new Map<string, Member | undefined>();
  for (const [i, p] of source.people.entries()) {
    const label = `people[${i}] ${p.name}${p.email ? ` <${p.email}>` : ""}${p.id ? ` ${p.id}` : ""}`;
    const m = p.id ? byId.get(p.id) : byEmail.get(p.email!);
    for (const ref of [p.id, p.email]) if (ref) account.set(ref, m);
    if (!m) {
      findings.push({ type: "not_found", person: label });
      continue;
    }
    if (m.deleted) findings.push({ type: "deactivated", person: label });
    const ofEmail = p.id && p.email ? byEmail.get(p.email) : undefined;
    if (ofEmail && ofEmail.id !== p.id)
      findings.push({ type: "other_account", person: label, emailOf: ofEmail.id });
  }
  const reachable = (refs: string[]) =>
    refs.some((r) => {
      const m = account.get(r);
      return m !== undefined && !m.deleted;
    });
  const units = {
    region: source.regions.map((r) => r.key),
    area: source.regions.flatMap((r) => r.areas.map((a) => a.key)),
    bu: source.business_units.map((b) => b.key),
  };
  for (const role of source.roles) {
    if (role.scope === "global") {
      if (!reachable(role.holders)) findings.push({ type: "no_holder", role: role.key });
      continue;
    }
    for (const unit of units[role.scope])
      if (!reachable(role.holders[unit] ?? []))
        findings.push({ type: "no_holder", role: role.key, unit });
  }
  return findings;
}
