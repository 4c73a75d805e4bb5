// `/approval export <process> <from> <to>`: every request of a process filed in the period,
// one row per recorded decision (作为考核依据), for audits and performance reviews.
import { DateTime } from "luxon";
import type { Db } from "../db/open-database.ts";
import type { ProcessCatalog } from "../definitions/catalog.ts";
import type { FormValues } from "../definitions/condition.ts";
import type { Directory } from "../directory/directory.ts";
import type { EngineError } from "../engine/types.ts";
import { type Locale, type MessageKey, pick, t } from "../i18n/index.ts";
import { toCsv } from "./csv.ts";

export function canExport(
  dir: Directory,
  userId: string,
  settings: { roles: string[]; admins: string[] },
): boolean {
  if (settings.admins.includes(userId)) return true;
  return settings.roles.some((key) => {
    const role = dir.role(key);
    return (
      !!role &&
      (role.scope === "global"
        ? role.holders.includes(userId)
        : Object.values(role.holders).some((ids) => ids.includes(userId)))
    );
  });
}

type ColumnKey = MessageKey extends `export.column.${infer C}` ? C : never;

export async function exportDecisions(
  db: Db,
  catalog: ProcessCatalog,
  dir: Directory,
  input: { processKey: string; from: string; to: string; locale: Locale; timeZone: string },
): Promise<
  { ok: true; csv: string; requests: number; rows: number } | { ok: false; error: EngineError }
> {
  const process = catalog.get(input.processKey);
  if (!process) return { ok: false, error: { type: "unknown_process", key: input.processKey } };
  const from = DateTime.fromISO(input.from, { zone: input.timeZone });
  const to = DateTime.fromISO(input.to, { zone: input.timeZone });
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(input.from) ||
    !/^\d{4}-\d{2}-\d{2}$/.test(input.to) ||
    !from.isValid ||
    !to.isValid ||
    to < from
  )
    return { ok: false, error: { type: "bad_dates" } };
  const requests = await db.request.findMany({
    where: {
      processKey: input.processKey,
      createdAt: {
        gte: from.startOf("day").toJSDate(),
        lt: to.plus({ days: 1 }).startOf("day").toJSDate(),
      },
    },
    include: { audit: { orderBy: { id: "asc" } } },
    orderBy: { id: "asc" },
  });
  const { locale } = input;
  // The current version's fields name the columns; older versions' extra fields are appended.
  const fields = process.def.fields.map((f) => ({ key: f.key, label: pick(locale, f.label) }));
  const when = (d: Date | null) =>
    d ? DateTime.fromJSDate(d, { zone: input.timeZone }).toFormat("yyyy-MM-dd HH:mm:ss") : "";
  const header = [
    ...[
      "id",
      "version",
      "status",
      "requester",
      "submitted",
      "completed",
      "step",
      "action",
      "actor",
      "at",
      "comment",
    ].map((c) => t(locale, `export.column.${c as ColumnKey}`)),
    ...fields.map((f) => f.label),
  ];
  const rows: (string | number)[][] = [header];
  for (const r of requests) {
    const def = (await catalog.version(r.processVersionId)).def;
    const form = r.form as FormValues;
    const base = [
      r.id,
      def.version,
      t(locale, `status.${r.status}`),
      `${dir.name(r.requesterId)} (${r.requesterId})`,
      when(r.createdAt),
      when(r.completedAt),
    ];
    const values = fields.map((f) =>
      form[f.key] === undefined || form[f.key] === null ? "" : String(form[f.key]),
    );
    for (const e of r.audit) {
      const step = e.stepKey
        ? pick(
            locale,
            def.steps.find((s) => s.key === e.stepKey)?.name ?? { zh: e.stepKey, en: e.stepKey },
          )
        : "";
      const actor =
        e.actorId === "system" ? t(locale, "app.name") : `${dir.name(e.actorId)} (${e.actorId})`;
      rows.push([
        ...base,
        step,
        t(locale, `audit.${e.action}`),
        actor,
        when(e.at),
        e.comment ?? "",
        ...values,
      ]);
    }
  }
  return { ok: true, csv: toCsv(rows), requests: requests.length, rows: rows.length - 1 };
}
