// The daily digest's content for many people in one pass over the open work: what waits
// on each person, where their own requests stand, and for managers (their reports' requests)
// and configured roles (everyone's) where requests are stuck. Pure data: no Slack.
import type { WorkCalendar } from "../calendar/work-calendar.ts";
import { businessMillis } from "../calendar/work-calendar.ts";
import type { Settings } from "../config/settings.ts";
import type { Db } from "../db/open-database.ts";
import type { ProcessCatalog } from "../definitions/catalog.ts";
import type { Directory } from "../directory/directory.ts";
import { policyFor } from "../reminders/policy.ts";
import { overdueCutoff } from "./overdue-cutoff.ts";

export interface WaitingItem {
  assignmentId: number;
  requestId: number;
  processKey: string;
  /** The version the request pinned: its names and steps are the ones shown. */
  processVersionId: number;
  stepKey: string;
  kind: "APPROVAL" | "TASK";
  requesterId: string;
  since: Date;
  overdue: boolean;
}
export interface OwnItem {
  requestId: number;
  processKey: string;
  processVersionId: number;
  status: "PENDING" | "RETURNED";
  stepKey?: string;
  waitingOn: string[];
  since: Date;
}
export interface StepCount {
  processKey: string;
  stepKey: string;
  pending: number;
  overdue: number;
}
export interface PersonCount {
  userId: string;
  pending: number;
  overdue: number;
}
export interface StepAverage {
  processKey: string;
  stepKey: string;
  averageMs: number;
  decided: number;
}
export interface TeamView {
  scope: "team" | "company";
  pendingByStep: StepCount[];
  pendingByPerson: PersonCount[];
  overdue: number;
  averages: StepAverage[];
}
export interface Digest {
  userId: string;
  waiting: WaitingItem[];
  mine: OwnItem[];
  team?: TeamView;
}

/** Nobody with nothing to report gets a message. */
export const hasContent = (d: Digest) =>
  d.waiting.length > 0 || d.mine.length > 0 || (d.team?.pendingByStep.length ?? 0) > 0;

const WEEK_MS = 7 * 24 * 3600 * 1000;
/** Up to this many people, a build reads only their part of the open work. */
const FEW = 50;

export class DigestBuilder {
  constructor(
    private readonly db: Db,
    private readonly catalog: ProcessCatalog,
    private readonly dir: Directory,
    private readonly settings: Settings,
    private readonly calendar: WorkCalendar,
  ) {}

  async build(userIds: Iterable<string>, now: Date): Promise<Map<string, Digest>> {
    const wanted = new Set(userIds);
    const digests = new Map(
      [...wanted].map((id) => [id, { userId: id, waiting: [], mine: [] } as Digest]),
    );
    const company = new Set(
      [...wanted].filter((id) => this.settings.digest.roles.some((r) => this.holds(r, id))),
    );
    const managers = new Set(this.dir.org.people.map((p) => p.manager).filter(Boolean));
    const teams = new Map<string, Team>();
    for (const id of wanted)
      if (company.has(id) || managers.has(id))
        teams.set(id, new Team(company.has(id) ? "company" : "team"));
    const viewersOf = (requesterId: string) => [
      ...this.ancestors(requesterId).filter((m) => teams.has(m) && !company.has(m)),
      ...company,
    ];

    const [open, returned, decided] = await this.load(now, this.concerned(wanted, teams, company));
    await this.catalog.preload([
      ...open.map((a) => a.request.processVersionId),
      ...returned.map((r) => r.processVersionId),
    ]);
    const byRequest = new Map<number, { waitingOn: string[]; stepKey: string; since: Date }>();
    const isOverdue = this.overdueTest(now);
    for (const a of open) {
      const overdue = isOverdue(a);
      if (a.kind !== "NOTIFY")
        digests.get(a.assigneeId)?.waiting.push({
          assignmentId: a.id,
          requestId: a.requestId,
          processKey: a.request.processKey,
          processVersionId: a.request.processVersionId,
          stepKey: a.stepKey,
          kind: a.kind,
          requesterId: a.request.requesterId,
          since: a.createdAt,
          overdue,
        });
      const r = byRequest.get(a.requestId) ?? {
        waitingOn: [],
        stepKey: a.stepKey,
        since: a.createdAt,
      };
      r.waitingOn.push(a.assigneeId);
      if (a.createdAt < r.since) r.since = a.createdAt;
      byRequest.set(a.requestId, r);
      for (const viewer of viewersOf(a.request.requesterId))
        teams.get(viewer)!.addPending(a.request.processKey, a.stepKey, a.assigneeId, overdue);
    }
    for (const a of open) {
      const mine = digests.get(a.request.requesterId);
      const r = byRequest.get(a.requestId);
      if (!mine || !r || mine.mine.some((m) => m.requestId === a.requestId)) continue;
      mine.mine.push({
        requestId: a.requestId,
        processKey: a.request.processKey,
        processVersionId: a.request.processVersionId,
        status: "PENDING",
        stepKey: r.stepKey,
        waitingOn: r.waitingOn,
        since: r.since,
      });
    }
    for (const r of returned)
      digests.get(r.requesterId)?.mine.push({
        requestId: r.id,
        processKey: r.processKey,
        processVersionId: r.processVersionId,
        status: "RETURNED",
        waitingOn: [r.requesterId],
        since: r.updatedAt,
      });
    for (const d of decided) {
      for (const viewer of viewersOf(d.request.requesterId))
        teams
          .get(viewer)!
          .addDecided(
            d.request.processKey,
            d.stepKey,
            d.decidedAt!.getTime() - d.createdAt.getTime(),
          );
    }
    for (const [id, team] of teams) digests.get(id)!.team = team.view();
    for (const d of digests.values()) {
      d.waiting.sort((a, b) => a.since.getTime() - b.since.getTime());
      d.mine.sort((a, b) => a.since.getTime() - b.since.getTime());
    }
    return digests;
  }

  /**
   * Whose requests a build of a few people needs (their own, and their reports' for managers);
   * undefined: everyone's, for a company-wide view or a build of many (the daily tick).
   */
  private concerned(wanted: Set<string>, teams: Map<string, Team>, company: Set<string>) {
    if (wanted.size > FEW || company.size > 0) return undefined;
    const requesters = new Set(wanted);
    if (teams.size > 0)
      for (const p of this.dir.org.people)
        if (this.ancestors(p.id).some((m) => teams.has(m))) requesters.add(p.id);
    return { assignees: [...wanted], requesters: [...requesters], teams: teams.size > 0 };
  }

  private load(now: Date, only?: { assignees: string[]; requesters: string[]; teams: boolean }) {
    const ofRequesters = only ? { requesterId: { in: only.requesters } } : {};
    return Promise.all([
      // Two indexed reads (theirs to decide, their requests') rather than one OR of both.
      only
        ? Promise.all([
            this.openWork({ assigneeId: { in: only.assignees } }, {}),
            this.openWork({}, ofRequesters),
          ]).then(([a, b]) => [...new Map([...a, ...b].map((x) => [x.id, x])).values()])
        : this.openWork({}, {}),
      this.db.request.findMany({
        where: { status: "RETURNED", ...ofRequesters },
        select: {
          id: true,
          processKey: true,
          processVersionId: true,
          requesterId: true,
          updatedAt: true,
        },
      }),
      // Decided steps feed only the team views' averages. Auto-approvals (decided the moment
      // they were made) would drag the averages to zero.
      only && !only.teams
        ? []
        : this.db.assignment
            .findMany({
              where: {
                decidedAt: { gte: new Date(now.getTime() - WEEK_MS) },
                status: { in: ["APPROVED", "REJECTED", "RETURNED", "DONE"] },
                kind: { not: "NOTIFY" },
                ...(only ? { request: ofRequesters } : {}),
              },
              select: {
                stepKey: true,
                createdAt: true,
                decidedAt: true,
                request: { select: { processKey: true, requesterId: true } },
              },
            })
            .then((rows) => rows.filter((r) => r.decidedAt!.getTime() > r.createdAt.getTime())),
    ]);
  }

  private openWork(where: { assigneeId?: { in: string[] } }, request: object) {
    return this.db.assignment.findMany({
      where: { status: "PENDING", request: { status: "PENDING", ...request }, ...where },
      select: {
        id: true,
        requestId: true,
        stepIndex: true,
        stepKey: true,
        kind: true,
        assigneeId: true,
        createdAt: true,
        request: { select: { processKey: true, processVersionId: true, requesterId: true } },
      },
      orderBy: { id: "asc" },
    });
  }

  /**
   * Past the step's deadline (escalate_after / sla), in working time of the assignee. One
   * cutoff per duration and time zone (see overdue-cutoff.ts): working out every
   * assignment's own deadline took most of a 10,000-person build.
   */
  private overdueTest(now: Date) {
    const durations = new Map<string, number | undefined>();
    const cutoffs = new Map<string, number>();
    return (a: {
      stepIndex: number;
      createdAt: Date;
      assigneeId: string;
      request: { processVersionId: number };
    }): boolean => {
      const step = `${a.request.processVersionId}/${a.stepIndex}`;
      if (!durations.has(step)) {
        const def = this.catalog.cachedVersion(a.request.processVersionId)?.def;
        durations.set(
          step,
          def
            ? businessMillis(
                policyFor(def, a.stepIndex, this.settings).escalate_after,
                this.calendar,
              )
            : undefined,
        );
      }
      const workingMs = durations.get(step);
      if (workingMs === undefined) return false;
      const timeZone = this.dir.timeZone(a.assigneeId);
      const key = `${workingMs}/${timeZone}`;
      let cutoff = cutoffs.get(key);
      if (cutoff === undefined) {
        cutoff = overdueCutoff(workingMs, now, this.calendar, timeZone);
        cutoffs.set(key, cutoff);
      }
      return a.createdAt.getTime() <= cutoff;
    };
  }

  private readonly ancestorCache = new Map<string, string[]>();

  private ancestors(userId: string): string[] {
    let list = this.ancestorCache.get(userId);
    if (!list) {
      list = [];
      for (let m = this.dir.manager(userId); m && !list.includes(m); m = this.dir.manager(m))
        list.push(m);
      this.ancestorCache.set(userId, list);
    }
    return list;
  }

  private holds(role: string, userId: string): boolean {
    const r = this.dir.role(role);
    return (
      !!r &&
      (r.scope === "global"
        ? r.holders.includes(userId)
        : Object.values(r.holders).some((ids) => ids.includes(userId)))
    );
  }
}

class Team {
  private readonly steps = new Map<string, StepCount>();
  private readonly people = new Map<string, PersonCount>();
  private readonly durations = new Map<
    string,
    { total: number; n: number; processKey: string; stepKey: string }
  >();
  private overdue = 0;

  constructor(private readonly scope: "team" | "company") {}

  addPending(processKey: string, stepKey: string, userId: string, overdue: boolean) {
    const s = this.steps.get(`${processKey}/${stepKey}`) ?? {
      processKey,
      stepKey,
      pending: 0,
      overdue: 0,
    };
    const p = this.people.get(userId) ?? { userId, pending: 0, overdue: 0 };
    s.pending++;
    p.pending++;
    if (overdue) {
      s.overdue++;
      p.overdue++;
      this.overdue++;
    }
    this.steps.set(`${processKey}/${stepKey}`, s);
    this.people.set(userId, p);
  }

  addDecided(processKey: string, stepKey: string, ms: number) {
    const d = this.durations.get(`${processKey}/${stepKey}`) ?? {
      total: 0,
      n: 0,
      processKey,
      stepKey,
    };
    d.total += ms;
    d.n++;
    this.durations.set(`${processKey}/${stepKey}`, d);
  }

  view(): TeamView {
    const byCount = <T extends { pending: number; overdue: number }>(a: T, b: T) =>
      b.overdue - a.overdue || b.pending - a.pending;
    return {
      scope: this.scope,
      pendingByStep: [...this.steps.values()].sort(byCount),
      pendingByPerson: [...this.people.values()].sort(byCount),
      overdue: this.overdue,
      averages: [...this.durations.values()]
        .map((d) => ({
          processKey: d.processKey,
          stepKey: d.stepKey,
          averageMs: Math.round(d.total / d.n),
          decided: d.n,
        }))
        .sort((a, b) => b.averageMs - a.averageMs),
    };
  }
}
