// Published process versions. Requests pin the version they started with, so a
// definition is frozen once published: changing it needs a new `version`.
import { createHash } from "node:crypto";
import { ConfigError } from "../config/env.ts";
import type { Db } from "../db/open-database.ts";
import { compileCondition, type FormValues } from "./condition.ts";
import { type ProcessDef, processSchema } from "./schema.ts";

export interface PublishedProcess {
  def: ProcessDef;
  versionId: number;
  /** Step index → compiled condition. */
  conditions: Map<number, (form: FormValues) => boolean>;
}

export class ProcessCatalog {
  private readonly byVersion = new Map<number, PublishedProcess>();

  private constructor(
    private readonly db: Db,
    private readonly current: Map<string, PublishedProcess>,
  ) {
    for (const p of current.values()) this.byVersion.set(p.versionId, p);
  }

  static async publish(db: Db, defs: ProcessDef[]): Promise<ProcessCatalog> {
    const current = new Map<string, PublishedProcess>();
    for (const def of defs) {
      const contentHash = createHash("sha256").update(JSON.stringify(def)).digest("hex");
      const where = { key_version: { key: def.key, version: def.version } };
      let row = await db.processVersion.findUnique({ where });
      if (!row) {
        row = await db.processVersion
          .create({ data: { key: def.key, version: def.version, contentHash, definition: def as object } })
          // Another instance published it at the same moment.
          .catch(async () => db.processVersion.findUniqueOrThrow({ where }));
      }
      if (row.contentHash !== contentHash) {
        throw new ConfigError(
          `Process "${def.key}" version ${def.version} is already published with different content. ` +
            `Requests in flight keep the version they started with: raise "version" in its YAML file to publish the change.`,
        );
      }
      current.set(def.key, compile(def, row.id));
    }
    return new ProcessCatalog(db, current);
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
  async version(versionId: number, client: Pick<Db, "processVersion"> = this.db): Promise<PublishedProcess> {
    const cached = this.byVersion.get(versionId);
    if (cached) return cached;
    const row = await client.processVersion.findUniqueOrThrow({ where: { id: versionId } });
    const published = compile(processSchema.parse(row.definition), row.id);
    this.byVersion.set(versionId, published);
    return published;
  }
}

function compile(def: ProcessDef, versionId: number): PublishedProcess {
  const conditions = new Map<number, (form: FormValues) => boolean>();
  def.steps.forEach((s, i) => s.when && conditions.set(i, compileCondition(s.when, def.fields)));
  return { def, versionId, conditions };
}
