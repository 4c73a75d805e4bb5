// The domain as the Slack glue sees it: one object built at start-up and passed down.

import { type Settings, settingsSchema, toWorkCalendar } from "./config/settings.ts";
import type { Db } from "./db/open-database.ts";
import type { ProcessCatalog } from "./definitions/catalog.ts";
import { revokeDelegation, setDelegation } from "./delegation/delegations.ts";
import { DigestBuilder } from "./digest/build-digests.ts";
import { DigestStore } from "./digest/digest-store.ts";
import type { Directory } from "./directory/directory.ts";
import { ApprovalEngine } from "./engine/engine.ts";
import { exportDecisions } from "./export/export-decisions.ts";
import type { Locale } from "./i18n/locale.ts";
import { MessageStore } from "./messages/message-store.ts";
import { SyncState } from "./messages/sync-state.ts";
import { resolveLocale, SlackLocales } from "./people/slack-locale.ts";
import { ReminderService } from "./reminders/reminder-service.ts";
import { RequestChanges } from "./requests/changes.ts";
import {
  listMine,
  listWaiting,
  type MineFilter,
  peopleOfRequest,
} from "./requests/list-requests.ts";
import { loadRequestView } from "./requests/load-request-view.ts";
import { searchCustomers } from "./requests/search-customers.ts";
import { stepOfAssignment } from "./requests/step-of-assignment.ts";
import { WebhookService } from "./webhooks/webhook-service.ts";

export interface ServiceDeps {
  db: Db;
  /** The decisions' own pool (Database.decisions); the engine's transactions use it. */
  decisionsDb?: Db;
  directory: Directory;
  catalog: ProcessCatalog;
  /** Work calendar and reminder policy; the schema's defaults when absent. */
  settings?: Settings;
  clock?: () => Date;
}

export function createServices(deps: ServiceDeps) {
  const { db, directory, catalog } = deps;
  const clock = deps.clock ?? (() => new Date());
  const settings = deps.settings ?? settingsSchema.parse({});
  const calendar = toWorkCalendar(settings);
  const slackLocales = new SlackLocales(db, clock);
  const changes = new RequestChanges();
  return {
    engine: new ApprovalEngine({
      ...deps,
      db: deps.decisionsDb ?? db,
      changes,
      controls: settings.controls,
    }),
    /** Raised after every committed change of a request; the background side listens. */
    changes,
    clock,
    settings,
    calendar,
    reminders: new ReminderService(db, catalog, directory, settings, calendar, clock),
    webhooks: new WebhookService(db, catalog, changes),
    digestBuilder: new DigestBuilder(db, catalog, directory, settings, calendar),
    digests: new DigestStore(db, directory, settings.digest.time),
    exportDecisions: (input: Parameters<typeof exportDecisions>[3]) =>
      exportDecisions(db, catalog, directory, input),
    setDelegation: (userId: string, delegateId: string, until: string) =>
      setDelegation(db, directory, { userId, delegateId, until, now: clock() }),
    revokeDelegation: (userId: string) => revokeDelegation(db, userId, clock()),
    directory,
    catalog,
    messages: new MessageStore(db),
    syncState: new SyncState(db),
    loadRequest: (id: number) => loadRequestView(db, catalog, directory, id, settings.controls),
    listWaiting: (userId: string, take: number) => listWaiting(db, catalog, userId, take),
    listMine: (userId: string, filter: MineFilter, take: number) =>
      listMine(db, catalog, userId, filter, take),
    peopleOfRequest: (requestId: number) => peopleOfRequest(db, requestId),
    stepOfAssignment: (assignmentId: number) => stepOfAssignment(db, catalog, assignmentId),
    searchCustomers: (query: string, kind: "customer" | "distributor" | "any") =>
      searchCustomers(db, query, kind),
    slackLocales,
    /** Org file, else Slack's own setting for the person (src/people/slack-locale.ts), else the company default. */
    localeOf: (userId: string): Locale =>
      resolveLocale(
        directory.orgLocale(userId),
        slackLocales.slackLocale(userId),
        directory.defaultLocale,
      ),
    timeZoneOf: (userId: string) => directory.timeZone(userId),
  };
}

export type Services = ReturnType<typeof createServices>;
