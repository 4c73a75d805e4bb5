// A person's App Home, built from the database: what waits on them, their recent requests,
// and a button per process. Times are absolute, so the same lists give the same view and a
// publish happens only when something on it changed.
import type { View } from "@slack/types";
import type { Services } from "../../src/services.ts";
import { buildHome, homeLimits } from "../blocks/home.ts";
import { readerFor } from "../blocks/reader.ts";

export async function homeOf(services: Services, userId: string): Promise<View> {
  // Someone outside the org file has nothing to list: their Home says whom to ask, read from nothing.
  const outside = services.directory.person(userId) === undefined;
  const none = { items: [], total: 0 };
  const [waiting, mine] = outside
    ? [none, none]
    : await Promise.all([
        services.listWaiting(userId, homeLimits.waiting),
        services.listMine(userId, "all", homeLimits.mine),
      ]);
  const reader = readerFor(services)(userId);
  const data = { waiting, mine, processes: services.catalog.list(), canFile: !outside };
  return buildHome(data, reader, services.clock());
}
