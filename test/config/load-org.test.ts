// loadDirectory: the shipped org loads and answers "who holds role R for this person";
// a bad org file names the file, the path inside it and the problem.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { ConfigError } from "../../src/config/env.ts";
import { Directory } from "../../src/directory/directory.ts";
import { loadDirectory } from "../../src/directory/load-org.ts";
import { repoRoot } from "../support/world.ts";

type Org = {
  people: { id: string; name: string; manager?: string; region?: string; area?: string }[];
  roles: { key: string; scope: string; holders: string[] | Record<string, string[]> }[];
  [k: string]: unknown;
};

let root: string;
let shipped: string;
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "org-"));
  shipped = await readFile(path.join(repoRoot, "config/org.yaml"), "utf8");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes the shipped org changed by `edit` and returns the load error and the file. */
async function badOrg(edit: (org: Org) => void): Promise<{ file: string; message: string }> {
  const org = parse(shipped) as Org;
  edit(org);
  const file = path.join(root, `org-${++n}.yaml`);
  await writeFile(file, stringify(org));
  const e = await loadDirectory(file).then(
    () => expect.fail("expected loadDirectory to throw"),
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(ConfigError);
  return { file, message: (e as Error).message };
}

const person = (org: Org, id: string) => org.people.find((p) => p.id === id)!;
const indexOf = (org: Org, id: string) => org.people.findIndex((p) => p.id === id);
const roleIndex = (org: Org, key: string) => org.roles.findIndex((r) => r.key === key);

describe("the shipped org", () => {
  let dir: Directory;
  beforeAll(async () => {
    dir = await loadDirectory(path.join(repoRoot, "config/org.yaml"));
  });

  it("walks the manager chain", () => {
    expect(dir.manager("USR0001")).toBe("UAM0001");
    expect(dir.manager("USR0001", 2)).toBe("URM0001");
    expect(dir.manager("USR0001", 5)).toBe("UGM0001");
    expect(dir.manager("USR0001", 6)).toBeUndefined();
    expect(dir.manager("UNOBODY01")).toBeUndefined();
  });

  it("finds role holders by area, by region through the area, by BU, and globally", () => {
    expect(dir.holders("area_manager", "USR0004")).toMatchObject({
      ok: true,
      ids: ["UAM0002"],
      unit: { scope: "area", key: "jiangsu" },
    });
    expect(dir.holders("regional_manager", "USR0003")).toMatchObject({
      ok: true,
      ids: ["URM0002"],
      unit: { scope: "region", key: "north" },
    });
    expect(dir.holders("bu_sales_manager", "UAM0003")).toMatchObject({
      ok: true,
      ids: ["UBU0002"],
      unit: { scope: "bu", key: "consumer" },
    });
    const finance = dir.holders("finance", "USR0001");
    expect(finance).toMatchObject({ ok: true, ids: ["UFI0001", "UFI0002"] });
    expect(finance.ok && finance.unit).toBeUndefined();
  });

  it("explains why a role has no holder", () => {
    expect(dir.holders("nope", "USR0001")).toEqual({
      ok: false,
      error: { type: "unknown_role", role: "nope" },
    });
    expect(dir.holders("area_manager", "UGM0001")).toEqual({
      ok: false,
      error: { type: "no_unit", role: "area_manager", scope: "area", userId: "UGM0001" },
    });
    // The shipped org has a sales rep in every area: take Hebei's away.
    const noHebeiRep = new Directory({
      ...dir.org,
      roles: dir.org.roles.map((r) =>
        r.key === "sales_rep" && r.scope !== "global"
          ? { ...r, holders: { ...r.holders, hebei: [] } }
          : r,
      ),
    });
    expect(noHebeiRep.holders("sales_rep", "UAM0004")).toEqual({
      ok: false,
      error: { type: "no_holder", role: "sales_rep", scope: "area", unit: "hebei" },
    });
  });
});

describe("a bad org file", () => {
  it("an unknown manager", async () => {
    const { file, message } = await badOrg((org) => (person(org, "USR0001").manager = "UGHOST01"));
    const i = indexOf(parse(shipped) as Org, "USR0001");
    expect(message).toContain(`${file}: people[${i}].manager: unknown person UGHOST01`);
  });

  it("a manager loop", async () => {
    const { file, message } = await badOrg((org) => (person(org, "UGM0001").manager = "USR0001"));
    const i = indexOf(parse(shipped) as Org, "UGM0001");
    expect(message).toContain(`${file}: people[${i}].manager: manager chain loops back to UGM0001`);
  });

  it("a person who is their own manager", async () => {
    const { file, message } = await badOrg((org) => (person(org, "UQA0001").manager = "UQA0001"));
    const i = indexOf(parse(shipped) as Org, "UQA0001");
    expect(message).toContain(
      `${file}: people[${i}].manager: a person cannot be their own manager`,
    );
  });

  it("a role holder who is not a person, globally and per unit", async () => {
    const { file, message } = await badOrg((org) => {
      org.roles[roleIndex(org, "finance")]!.holders = ["UFI0001", "UFI0009"];
      (org.roles[roleIndex(org, "area_manager")]!.holders as Record<string, string[]>).hebei = [
        "UGHOST02",
      ];
    });
    const org = parse(shipped) as Org;
    expect(message).toContain(
      `${file}: roles[${roleIndex(org, "finance")}].holders[1]: unknown person UFI0009`,
    );
    expect(message).toContain(
      `${file}: roles[${roleIndex(org, "area_manager")}].holders.hebei[0]: unknown person UGHOST02`,
    );
  });

  it("an unknown region, for a person and for a role's holders", async () => {
    const { file, message } = await badOrg((org) => {
      person(org, "URM0001").region = "west";
      (org.roles[roleIndex(org, "regional_manager")]!.holders as Record<string, string[]>).south = [
        "URM0002",
      ];
    });
    const org = parse(shipped) as Org;
    expect(message).toContain(
      `${file}: people[${indexOf(org, "URM0001")}].region: unknown region west`,
    );
    expect(message).toContain(
      `${file}: roles[${roleIndex(org, "regional_manager")}].holders.south: unknown region south`,
    );
  });

  it("an area outside the person's region, and an unknown area", async () => {
    const { file, message } = await badOrg((org) => {
      Object.assign(person(org, "USR0003"), { region: "east" }); // beijing is in north
      person(org, "USR0002").area = "tianjin";
    });
    const org = parse(shipped) as Org;
    expect(message).toContain(
      `${file}: people[${indexOf(org, "USR0003")}].area: area beijing is not in region east`,
    );
    expect(message).toContain(
      `${file}: people[${indexOf(org, "USR0002")}].area: unknown area tianjin`,
    );
  });

  it("a malformed Slack user id", async () => {
    const { file, message } = await badOrg((org) => (person(org, "UCS0001").id = "ucs-1"));
    expect(message).toContain(
      `${file}: people[${indexOf(parse(shipped) as Org, "UCS0001")}].id: must be a Slack user id`,
    );
  });
});
