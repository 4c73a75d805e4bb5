// Published process versions. Requests pin the version they started with, so a published
// definition never changes: publishing a changed YAML file makes a new version (latest + 1),
// and the catalog's current map moves to it while requests in flight keep theirs.
import { createHash } from "node:crypto";
import { ConfigError } from "../config/env.ts";
import type { Db } from "../db/open-database.ts";
import { compileCondition, type FormValues } from "./condition.ts";
import { type ProcessDef, processSchema } from "./schema.ts";

export interface PublishedProcess {
  /** As published: its `version` is the number the catalog gave it. */
  def: ProcessDef;
  versionId: number;
  /** Step index → compiled condition. */
  conditions: Map<number, (form: FormValues) => boolean>;
}

/** What a publication changed: processes with a new version (`previous` absent for a new key), and keys no longer defined. */
export interface PublishResult {
  published: { key: string; version: number; previous?: number }[];
  removed: string[];
}

export interface CatalogOptions {
  /** Reads and validates the definitions again (as at start-up), for `/approval admin reload`. */
  load?: () => Promise<ProcessDef[]>;
}

export class ProcessCatalog {
  private readonly byVersion = new Map<number, PublishedProcess>();
  /** Replaced as a whole by publishing, so every holder of the catalog sees the new versions at once. */
  private current = new Map<string, PublishedProcess>();

  private constructor(
    private readonly db: Db,
    private readonly options: CatalogOptions,
  ) {}

  static async publish(
    db: Db,
    defs: ProcessDef[],
    options: CatalogOptions = {},
  ): Promise<ProcessCatalog> {
    const catalog = new ProcessCatalog(db, options);
    await catalog.update(defs);
    return catalog;
  }

  /**
   * Publishes every definition whose content differs from its key's latest version, then
   * swaps the current map. A YAML `version` is a floor: the number is at least that.
   */
  async update(defs: ProcessDef[]): Promise<PublishResult> {
    const next = new Map<string, PublishedProcess>();
    const published: PublishResult["published"] = [];
    for (const def of defs) {
      const { row, previous } = await this.publishOne(def);
      if (row.version !== previous)
        published.push({
          key: def.key,
          version: row.version,
          ...(previous !== undefined ? { previous } : {}),
        });
      const p = this.byVersion.get(row.id) ?? compile({ ...def, version: row.version }, row.id);
      this.byVersion.set(row.id, p);
      next.set(def.key, p);
    }
    const removed = [...this.current.keys()].filter((k) => !next.has(k));
    this.current = next;
    return { published, removed };
  }

  /** Re-reads the definitions with the loader given at start-up and publishes them. Throws ConfigError and changes nothing when one is bad. */
  async reload(): Promise<PublishResult> {
    if (!this.options.load)
      throw new ConfigError("this catalog was not given a way to re-read its definitions");
    return this.update(await this.options.load());
  }

  list(): PublishedProcess[] {
    return [...this.current.values()];
  }

  get(key: string): PublishedProcess | undefined {
    return this.current.get(key);
  }

  byCommand(command: string): PublishedProcess | undefined {
    return this.list().find((p) => p.def.command === command);
  }

  /** A version already loaded (every current one is); undefined if it must be read first. */
  cachedVersion(versionId: number): PublishedProcess | undefined {
    return this.byVersion.get(versionId);
  }

  /** Loads the given versions into the cache (before a synchronous pass over many requests). */
  async preload(versionIds: Iterable<number>): Promise<void> {
    for (const id of new Set(versionIds)) if (!this.byVersion.has(id)) await this.version(id);
  }

  /**
   * The version a request pinned (may be older than the current one). Inside a
   * transaction pass its client: on PGlite (one connection) a read through the root
   * client would wait for the transaction to end.
   */
  async version(
    versionId: number,
    client: Pick<Db, "processVersion"> = this.db,
  ): Promise<PublishedProcess> {
    const cached = this.byVersion.get(versionId);
    if (cached) return cached;
    const row = await client.processVersion.findUniqueOrThrow({ where: { id: versionId } });
    const published = compile(
      { ...processSchema.parse(row.definition), version: row.version },
      row.id,
    );
    this.byVersion.set(versionId, published);
    return published;
  }

  /** The key's latest version if its content is the same, else a new one. */
  private async publishOne(
    def: ProcessDef,
  ): Promise<{ row: { id: number; version: number }; previous?: number }> {
    const hash = contentHash(def);
    const floor = Math.max(def.version, 1);
    // Another instance may publish the same key at the same moment: the loser re-reads.
    for (let attempt = 1; ; attempt++) {
      const latest = await this.db.processVersion.findFirst({
        where: { key: def.key },
        orderBy: { version: "desc" },
      });
      if (latest && floor <= latest.version && contentHash(latest.definition) === hash)
        return { row: latest, previous: latest.version };
      const version = Math.max(floor, (latest?.version ?? 0) + 1);
      try {
        const row = await this.db.processVersion.create({
          data: {
            key: def.key,
            version,
            contentHash: hash,
            definition: { ...def, version } as object,
          },
        });
        return { row, previous: latest?.version };
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  }
}

/**
 * Hash of a definition without its `version`, keys sorted: the same YAML content always
 * hashes the same, also when read back from a JSONB column (which reorders keys).
 */
export function contentHash(def: unknown): string {
  const { version: _ignored, ...rest } = (def ?? {}) as Record<string, unknown>;
  return createHash("sha256").update(canonical(rest)).digest("hex");
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

function compile(def: ProcessDef, versionId: number): PublishedProcess {
  const conditions = new Map<number, (form: FormValues) => boolean>();
  def.steps.forEach((s, i) => {
    if (s.when) conditions.set(i, compileCondition(s.when, def.fields));
  });
  return { def, versionId, conditions };
}
