// The domain as the Slack glue sees it: one object built at start-up and passed down.
import type { Db } from "./db/open-database.ts";
import type { ProcessCatalog } from "./definitions/catalog.ts";
import type { Directory } from "./directory/directory.ts";
import { ApprovalEngine } from "./engine/engine.ts";
import type { Locale } from "./i18n/locale.ts";
import { MessageStore } from "./messages/message-store.ts";
import { checkAssignment } from "./requests/check-assignment.ts";
import { loadRequestView } from "./requests/load-request-view.ts";
import { searchCustomers } from "./requests/search-customers.ts";

export interface ServiceDeps {
  db: Db;
  directory: Directory;
  catalog: ProcessCatalog;
  clock?: () => Date;
}

export function createServices(deps: ServiceDeps) {
  const { db, directory, catalog } = deps;
  return {
    engine: new ApprovalEngine(deps),
    directory,
    catalog,
    messages: new MessageStore(db),
    loadRequest: (id: number) => loadRequestView(db, catalog, directory, id),
    checkAssignment: (assignmentId: number, actorId: string) => checkAssignment(db, assignmentId, actorId),
    searchCustomers: (query: string, kind: "customer" | "distributor" | "any") => searchCustomers(db, query, kind),
    localeOf: (userId: string): Locale => directory.locale(userId),
    timeZoneOf: (userId: string) => directory.timeZone(userId),
  };
}

export type Services = ReturnType<typeof createServices>;
