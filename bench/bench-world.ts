// The org and processes of the pipeline parts (Slack calls per decision, the burst): the
// shipped org and processes plus bench-only people, roles and process definitions, written
// as files for the bot and worker processes (ORG_FILE, PROCESSES_DIR) and published in the
// bench's own database the same way, so all three processes see the same versions.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { assembleWorld, repoRoot, type World } from "../harness/world.ts";
import { loadYaml } from "../src/config/load-yaml.ts";
import type { Database } from "../src/db/open-database.ts";
import { seedSampleData } from "../src/db/seed.ts";
import { loadProcesses } from "../src/definitions/load-processes.ts";
import { Directory } from "../src/directory/directory.ts";
import { resolveLocally } from "../src/directory/resolve-org.ts";
import { orgSchema } from "../src/directory/schema.ts";

const name = (s: string) => ({ zh: s, en: s });
const note = { key: "note", type: "text", required: false, label: name("备注 note") };
const id = (prefix: string, i: number) => `${prefix}${String(i + 1).padStart(4, "0")}`;

/** 会签 of `n` people: one `mode: all` step whose role has n holders. */
export const countersignKey = (n: number) => `b_countersign_${n}`;
export const panelRole = (n: number) => `bench_panel_${n}`;
export const panelMember = (i: number) => id("UPN", i);

/** The burst: requester UBR… → their manager UBM… (first step) → UBM…'s manager UBN… (second step). */
export const burstKey = "b_burst";
export const burstPeople = (i: number) => ({
  requester: id("UBR", i),
  first: id("UBM", i),
  second: id("UBN", i),
});

export interface BenchWorldSpec {
  /** Sizes of the 会签 panels, e.g. [5, 10, 20]. */
  panels: number[];
  /** Requesters of the burst, each with a manager chain of their own. */
  burst: number;
}

export interface BenchFiles {
  ORG_FILE: string;
  PROCESSES_DIR: string;
}

function definitions(spec: BenchWorldSpec): unknown[] {
  const countersigns = spec.panels.map((n) => ({
    key: countersignKey(n),
    version: 1,
    name: name(`会签 ${n}`),
    fields: [note],
    steps: [
      {
        key: "panel",
        kind: "approval",
        who: { role: panelRole(n) },
        mode: "all",
        name: name(`${n} 人会签`),
      },
    ],
  }));
  // Routed by manager, so each of many requesters' first and second steps fall to people of their own.
  const burst = {
    key: burstKey,
    version: 1,
    name: name("突发 burst"),
    fields: [note],
    steps: [
      { key: "first", kind: "approval", who: { manager: 1 }, name: name("直属主管 manager") },
      {
        key: "second",
        kind: "approval",
        who: { manager: 2 },
        name: name("上级主管 second manager"),
      },
    ],
  };
  return [...countersigns, burst];
}

async function directoryFor(spec: BenchWorldSpec): Promise<Directory> {
  const org = resolveLocally(await loadYaml(path.join(repoRoot, "config/org.yaml"), orgSchema));
  const lead = org.people.find((p) => p.id === "UAM0001")!;
  const person = (pid: string, manager: string) => ({
    id: pid,
    name: `员工${pid.slice(1)}`,
    manager,
    area: lead.area,
  });
  const panelSize = Math.max(0, ...spec.panels);
  const panel = Array.from({ length: panelSize }, (_, i) => person(panelMember(i), lead.id));
  const burst = Array.from({ length: spec.burst }, (_, i) => {
    const p = burstPeople(i);
    return [person(p.requester, p.first), person(p.first, p.second), person(p.second, lead.id)];
  }).flat();
  const roles = spec.panels.map((n) => ({
    key: panelRole(n),
    name: name(`会签组 ${n}`),
    scope: "global" as const,
    holders: panel.slice(0, n).map((p) => p.id),
  }));
  return new Directory(
    resolveLocally(
      orgSchema.parse({
        ...org,
        people: [...org.people, ...panel, ...burst],
        roles: [...org.roles, ...roles],
      }),
    ),
  );
}

/** The world (sample customers seeded, shipped and bench processes published) and the files the bot processes read. */
export async function benchWorld(
  database: Database,
  spec: BenchWorldSpec,
): Promise<{ world: World; files: BenchFiles }> {
  const directory = await directoryFor(spec);
  const dir = mkdtempSync(path.join(tmpdir(), "approvals-bench-world-"));
  const processesDir = path.join(dir, "processes");
  const shipped = process.env.PROCESSES_DIR ?? path.join(repoRoot, "config/processes");
  writeFileSync(path.join(dir, "org.yaml"), stringify(directory.org));
  mkdirSync(processesDir);
  for (const f of readdirSync(shipped).filter((x) => /\.ya?ml$/.test(x)))
    copyFileSync(path.join(shipped, f), path.join(processesDir, f));
  const raw = definitions(spec);
  for (const def of raw)
    writeFileSync(path.join(processesDir, `${(def as { key: string }).key}.yaml`), stringify(def));
  await seedSampleData(database.prisma);
  // Read back from the folder the bot reads, in its order (the App Home lists processes in it).
  const defs = await loadProcesses(processesDir);
  return {
    world: await assembleWorld(database, directory, defs),
    files: { ORG_FILE: path.join(dir, "org.yaml"), PROCESSES_DIR: processesDir },
  };
}
