// A company of 10,000 people with 100,000 requests, 20% of them open: the shipped org
// and processes, plus generated sales teams, and rows written in bulk with plain SQL
// (going through the engine would take an hour). Rows look like the engine's: every
// step before the current one decided, the current one pending, finished ones complete.
import path from "node:path";
import { assembleWorld, repoRoot, type World } from "../harness/world.ts";
import { loadYaml } from "../src/config/load-yaml.ts";
import { type Database, withPgClient } from "../src/db/open-database.ts";
import type { ProcessCatalog } from "../src/definitions/catalog.ts";
import { loadProcesses } from "../src/definitions/load-processes.ts";
import type { ProcessDef } from "../src/definitions/schema.ts";
import { Directory } from "../src/directory/directory.ts";
import { resolveLocally } from "../src/directory/resolve-org.ts";
import { orgSchema } from "../src/directory/schema.ts";

export interface ScaleSpec {
  people: number;
  requests: number;
  /** Share of requests still open (pending or returned). */
  openShare: number;
  /** The person whose `/approval list` is measured, and how many wait on them. */
  busy: { userId: string; pending: number };
  /** Test-only processes added to the shipped ones (e.g. a reminder every minute). */
  extra?: ProcessDef[];
}

const DAY = 24 * 3600 * 1000;
const generatedId = (i: number) => `UB${String(i).padStart(6, "0")}`;

/** The shipped org plus teams of 20 under the shipped area managers, up to `people` in all. */
export async function scaleDirectory(people: number): Promise<Directory> {
  const org = resolveLocally(await loadYaml(path.join(repoRoot, "config/org.yaml"), orgSchema));
  const areaManagers = org.people.filter((p) => p.id.startsWith("UAM"));
  const generated = Array.from({ length: people - org.people.length }, (_, i) => {
    const lead = i - (i % 20);
    const manager = i === lead ? areaManagers[(i / 20) % areaManagers.length]! : null;
    return {
      id: generatedId(i),
      name: `员工${i}`,
      manager: manager ? manager.id : generatedId(lead),
      area: (manager ?? areaManagers[(lead / 20) % areaManagers.length]!).area,
    };
  });
  return new Directory(
    resolveLocally(orgSchema.parse({ ...org, people: [...org.people, ...generated] })),
  );
}

/** The big org with the shipped processes published in `database`, and no requests yet. */
export async function bigWorld(
  database: Database,
  people: number,
  extra: ProcessDef[] = [],
): Promise<World> {
  const directory = await scaleDirectory(people);
  const defs = [
    ...(await loadProcesses(process.env.PROCESSES_DIR ?? path.join(repoRoot, "config/processes"))),
    ...extra,
  ];
  return assembleWorld(database, directory, defs);
}

export async function scaleWorld(
  database: Database,
  spec: ScaleSpec,
): Promise<{ world: World; directory: Directory; catalog: ProcessCatalog }> {
  const world = await bigWorld(database, spec.people, spec.extra);
  const { directory, catalog } = world;
  await insertRequests(database, catalog, directory, spec);
  return { world, directory, catalog };
}

/** A small deterministic generator, so every run measures the same data. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Rows {
  requests: {
    processKey: string;
    versionId: number;
    requester: string;
    status: string;
    currentStep: number;
    createdAt: Date;
    completedAt: Date | null;
  }[];
  /** Per request: its assignments (request index, step, kind, assignee, status, created, decided). */
  assignments: {
    request: number;
    stepIndex: number;
    stepKey: string;
    kind: string;
    assignee: string;
    status: string;
    createdAt: Date;
    decidedAt: Date | null;
  }[];
}

function generate(
  catalog: ProcessCatalog,
  directory: Directory,
  spec: ScaleSpec,
  now: number,
): Rows {
  const rnd = random(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const ids = directory.org.people.map((p) => p.id).filter((id) => id !== spec.busy.userId);
  const processes = catalog.list().filter((p) => !spec.extra?.some((e) => e.key === p.def.key));
  const rows: Rows = { requests: [], assignments: [] };
  const open = Math.round(spec.requests * spec.openShare);
  for (let r = 0; r < spec.requests; r++) {
    const p = pick(processes);
    const steps = p.def.steps
      .map((s, i) => ({ ...s, index: i }))
      .filter((s) => s.kind !== "notify");
    const requester = pick(ids);
    const isOpen = r < open;
    // Open requests are recent (some past their deadline); finished ones span the year.
    const createdAt = now - (isOpen ? rnd() * 20 * DAY : rnd() * 365 * DAY);
    const current = isOpen ? Math.floor(rnd() * steps.length) : steps.length;
    const busy = isOpen && r < spec.busy.pending;
    const returned = isOpen && !busy && rnd() < 0.05;
    const ending = isOpen
      ? returned
        ? "RETURNED"
        : "PENDING"
      : pick([
          "APPROVED",
          "APPROVED",
          "APPROVED",
          "APPROVED",
          "APPROVED",
          "APPROVED",
          "APPROVED",
          "APPROVED",
          "REJECTED",
          "WITHDRAWN",
        ]);
    let at = createdAt;
    const last = ending === "APPROVED" || isOpen ? current : Math.floor(rnd() * steps.length);
    for (let i = 0; i <= Math.min(last, steps.length - 1); i++) {
      const s = steps[i]!;
      const pendingHere = isOpen && i === current;
      let assignee = pendingHere && busy ? spec.busy.userId : pick(ids);
      if (assignee === requester) assignee = pick(ids);
      const decided = pendingHere ? null : at + rnd() * 2 * DAY;
      const status = pendingHere
        ? returned
          ? "RETURNED"
          : "PENDING"
        : i === last && ending === "REJECTED"
          ? "REJECTED"
          : i === last && ending === "WITHDRAWN"
            ? "CANCELLED"
            : s.kind === "task"
              ? "DONE"
              : "APPROVED";
      rows.assignments.push({
        request: r,
        stepIndex: s.index,
        stepKey: s.key,
        kind: s.kind.toUpperCase(),
        assignee,
        status,
        createdAt: new Date(at),
        decidedAt: decided === null ? null : new Date(decided),
      });
      if (decided !== null) at = decided;
    }
    rows.requests.push({
      processKey: p.def.key,
      versionId: p.versionId,
      requester,
      status: ending,
      currentStep: isOpen ? steps[current]!.index : -1,
      createdAt: new Date(createdAt),
      completedAt: isOpen ? null : new Date(at),
    });
  }
  return rows;
}

async function insertRequests(
  database: Database,
  catalog: ProcessCatalog,
  directory: Directory,
  spec: ScaleSpec,
): Promise<void> {
  const rows = generate(catalog, directory, spec, Date.now());
  const batch = 10_000;
  await withPgClient(database.url!, async (c) => {
    const requestIds: number[] = [];
    for (let i = 0; i < rows.requests.length; i += batch) {
      const part = rows.requests.slice(i, i + batch);
      const inserted = await c.query<{ id: number }>(
        `INSERT INTO "Request" ("processKey", "processVersionId", "requesterId", status, form, "currentStep", "createdAt", "updatedAt", "completedAt")
         SELECT k, v, u, s::"RequestStatus", '{"amount":"1000.00","reason":"批量数据"}'::jsonb, cs, ca, COALESCE(co, ca), co
         FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::int[], $6::timestamp[], $7::timestamp[]) WITH ORDINALITY AS t(k, v, u, s, cs, ca, co, n)
         ORDER BY n RETURNING id`,
        [
          part.map((r) => r.processKey),
          part.map((r) => r.versionId),
          part.map((r) => r.requester),
          part.map((r) => r.status),
          part.map((r) => r.currentStep),
          part.map((r) => r.createdAt.toISOString()),
          part.map((r) => r.completedAt?.toISOString() ?? null),
        ],
      );
      requestIds.push(...inserted.map((r) => r.id));
    }
    for (let i = 0; i < rows.assignments.length; i += batch) {
      const part = rows.assignments.slice(i, i + batch);
      await c.query(
        `INSERT INTO "Assignment" ("requestId", "stepIndex", "stepKey", kind, "assigneeId", status, reason, "createdAt", "decidedAt")
         SELECT r, si, sk, k::"StepKind", a, s::"AssignmentStatus", '{"kind":"role","role":"bench"}'::jsonb, ca, da
         FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamp[], $8::timestamp[]) AS t(r, si, sk, k, a, s, ca, da)`,
        [
          part.map((a) => requestIds[a.request]),
          part.map((a) => a.stepIndex),
          part.map((a) => a.stepKey),
          part.map((a) => a.kind),
          part.map((a) => a.assignee),
          part.map((a) => a.status),
          part.map((a) => a.createdAt.toISOString()),
          part.map((a) => a.decidedAt?.toISOString() ?? null),
        ],
      );
    }
    // A returned request points at the assignment that sent it back, as the engine leaves it.
    await c.exec(
      `UPDATE "Request" r SET "returnedFromId" = a.id FROM "Assignment" a WHERE a."requestId" = r.id AND r.status = 'RETURNED' AND a.status = 'RETURNED'`,
    );
    await c.exec(`ANALYZE`);
  });
}
