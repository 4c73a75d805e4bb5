// The org directory (config/org.yaml): people, their managers, and who holds each role. A
// person is given by Slack member id, by email (resolved to an id at start-up, see
// resolve-org.ts), or both; a manager or role holder is named by either.
import { z } from "zod";
import { localizedText } from "../definitions/schema.ts";

const key = z.string().regex(/^[a-z][a-z0-9_]*$/, "must be lower_snake_case");
const userIdPattern = /^[UW][A-Z0-9]+$/;
const userId = z.string().regex(userIdPattern, "must be a Slack user id such as U012ABCDEF");
/** Emails are compared as Slack does, without regard to case. */
const email = z
  .email("must be an email address such as wang.li@example.com")
  .transform((e) => e.toLowerCase());
/** A person named elsewhere in the file: a Slack member id, or the email of someone listed. */
const personRef = z
  .string()
  .trim()
  .refine(
    (v) => userIdPattern.test(v) || z.email().safeParse(v).success,
    "must be a Slack user id such as U012ABCDEF, or an email address",
  )
  .transform((v) => (v.includes("@") ? v.toLowerCase() : v));

export const isEmail = (ref: string) => ref.includes("@");
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone such as Asia/Shanghai");

const ids = z.array(personRef).min(1);

export const orgSchema = z
  .strictObject({
    company: z.strictObject({
      name: localizedText,
      default_locale: z.enum(["zh-CN", "en"]).default("zh-CN"),
      time_zone: timeZone.default("Asia/Shanghai"),
    }),
    regions: z.array(
      z.strictObject({
        key,
        name: localizedText,
        areas: z.array(z.strictObject({ key, name: localizedText })).default([]),
      }),
    ),
    business_units: z.array(z.strictObject({ key, name: localizedText })).default([]),
    people: z
      .array(
        z.strictObject({
          id: userId.optional(),
          email: email.optional(),
          name: z.string().min(1),
          manager: personRef.optional(),
          region: key.optional(),
          area: key.optional(),
          bu: key.optional(),
          tz: timeZone.optional(),
          locale: z.enum(["zh-CN", "en"]).optional(),
        }),
      )
      .min(1),
    roles: z.array(
      z.discriminatedUnion("scope", [
        z.strictObject({ key, name: localizedText, scope: z.literal("global"), holders: ids }),
        z.strictObject({
          key,
          name: localizedText,
          scope: z.enum(["region", "area", "bu"]),
          holders: z.record(key, ids),
        }),
      ]),
    ),
  })
  .superRefine((org, ctx) => {
    org.people.forEach((p, i) => {
      if (!p.id && !p.email)
        ctx.addIssue({
          code: "custom",
          path: ["people", i],
          message: "needs an id (the Slack member id) or an email",
        });
    });
    // Anyone may be named by id or by email.
    const people = new Map(
      org.people.flatMap((p) => [
        ...(p.id ? [[p.id, p] as const] : []),
        ...(p.email ? [[p.email, p] as const] : []),
      ]),
    );
    const regions = new Set(org.regions.map((r) => r.key));
    const areas = new Map(org.regions.flatMap((r) => r.areas.map((a) => [a.key, r.key] as const)));
    const bus = new Set(org.business_units.map((b) => b.key));
    const unitsOf = { region: regions, area: new Set(areas.keys()), bu: bus } as const;
    flagRepeats(
      ctx,
      org.people.map((p) => p.id),
      ["people", "id"],
      "person",
    );
    flagRepeats(
      ctx,
      org.people.map((p) => p.email),
      ["people", "email"],
      "email",
    );
    org.people.forEach((p, i) => {
      if (p.manager && !people.has(p.manager))
        ctx.addIssue({
          code: "custom",
          path: ["people", i, "manager"],
          message: `unknown person ${p.manager}`,
        });
      if (p.manager && people.get(p.manager) === p)
        ctx.addIssue({
          code: "custom",
          path: ["people", i, "manager"],
          message: "a person cannot be their own manager",
        });
      if (p.region && !regions.has(p.region))
        ctx.addIssue({
          code: "custom",
          path: ["people", i, "region"],
          message: `unknown region ${p.region}`,
        });
      if (p.area && !areas.has(p.area))
        ctx.addIssue({
          code: "custom",
          path: ["people", i, "area"],
          message: `unknown area ${p.area}`,
        });
      if (p.area && p.region && areas.get(p.area) !== p.region)
        ctx.addIssue({
          code: "custom",
          path: ["people", i, "area"],
          message: `area ${p.area} is not in region ${p.region}`,
        });
      if (p.bu && !bus.has(p.bu))
        ctx.addIssue({
          code: "custom",
          path: ["people", i, "bu"],
          message: `unknown business unit ${p.bu}`,
        });
      // A manager chain that loops would make "N levels up" endless.
      const chain = new Set([p]);
      for (let m = p.manager; m; m = people.get(m)?.manager) {
        const manager = people.get(m);
        if (!manager) break;
        if (chain.has(manager)) {
          ctx.addIssue({
            code: "custom",
            path: ["people", i, "manager"],
            message: `manager chain loops back to ${m}`,
          });
          break;
        }
        chain.add(manager);
      }
    });
    const roleKeys = org.roles.map((r) => r.key);
    flagRepeats(ctx, roleKeys, ["roles", "key"], "role");
    org.roles.forEach((role, i) => {
      const check = (list: string[], path: PropertyKey[]) =>
        list.forEach((id, j) => {
          if (!people.has(id))
            ctx.addIssue({ code: "custom", path: [...path, j], message: `unknown person ${id}` });
        });
      if (role.scope === "global") check(role.holders, ["roles", i, "holders"]);
      else
        for (const [unit, list] of Object.entries(role.holders)) {
          if (!unitsOf[role.scope].has(unit))
            ctx.addIssue({
              code: "custom",
              path: ["roles", i, "holders", unit],
              message: `unknown ${role.scope} ${unit}`,
            });
          check(list, ["roles", i, "holders", unit]);
        }
    });
  });

/** The org file as written: people by id, email or both. */
export type OrgSource = z.infer<typeof orgSchema>;
/** The org with every person's Slack id known, and every reference an id (resolve-org.ts). */
export type OrgFile = Omit<OrgSource, "people"> & { people: Person[] };
export type Person = OrgSource["people"][number] & { id: string };
export type Role = OrgFile["roles"][number];

/** Each id or key given again after its first place is an issue at that place. */
function flagRepeats(
  ctx: z.RefinementCtx,
  keys: (string | undefined)[],
  [list, field]: [string, string],
  what: string,
): void {
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    if (k === undefined) return;
    if (seen.has(k))
      ctx.addIssue({ code: "custom", path: [list, i, field], message: `duplicate ${what} ${k}` });
    seen.add(k);
  });
}
