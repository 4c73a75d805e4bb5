// Publishes a person's App Home from the current state. Publishes for one person run one
// after another and each reads the database when its turn comes, so the last one to land
// shows the latest state (within this process; the next change or open fixes any other race).
import type { WebClient } from "@slack/web-api";
import type { Services } from "../../src/services.ts";
import { buildHome, homeLimits } from "../blocks/home.ts";

export interface HomePublisher {
  publish(userId: string): Promise<void>;
}

export function createHomePublisher(services: Services, client: WebClient): HomePublisher {
  const chains = new Map<string, Promise<void>>();
  // A publish queued behind a running one has not read the database yet, so it will show
  // any later change too: a burst of changes makes one more publish, not one each.
  const queued = new Map<string, Promise<void>>();

  async function publishNow(userId: string): Promise<void> {
    const [waiting, mine] = await Promise.all([services.listWaiting(userId, homeLimits.waiting), services.listMine(userId, "all", homeLimits.mine)]);
    const reader = { locale: services.localeOf(userId), timeZone: services.timeZoneOf(userId) };
    const data = { waiting, mine, processes: services.catalog.list(), canFile: services.directory.person(userId) !== undefined };
    await client.views.publish({ user_id: userId, view: buildHome(data, reader, services.clock()) });
  }

  return {
    publish(userId) {
      const waiting = queued.get(userId);
      if (waiting) return waiting;
      const next = (chains.get(userId) ?? Promise.resolve()).then(() => {
        queued.delete(userId);
        return publishNow(userId);
      });
      queued.set(userId, next);
      // The chain carries on after a failure; the caller still sees it.
      const settled = next.catch(() => undefined);
      chains.set(userId, settled);
      void settled.then(() => chains.get(userId) === settled && chains.delete(userId));
      return next;
    },
  };
}
