// What every listener receives: the domain services, delivery, and a logger.
import type { Logger } from "pino";
import type { Services } from "../src/services.ts";
import type { Notices } from "./delivery/notices.ts";
import type { Profiles } from "./delivery/slack-profiles.ts";
import { pick, type Locale } from "../src/i18n/index.ts";

export interface HandlerDeps {
  services: Services;
  /** After a request changed: refresh its Slack messages and its reminder schedule. */
  changed(requestId: number): Promise<void>;
  notices: Notices;
  /** People's Slack language, fetched after the ack (see delivery/slack-profiles.ts). */
  profiles: Profiles;
  logger: Logger;
}

export function readerOf(deps: HandlerDeps, userId: string) {
  return { locale: deps.services.localeOf(userId), timeZone: deps.services.timeZoneOf(userId) };
}

/** "return (退货/换货申请), credit (…)" for help and error texts. */
export function processList(deps: HandlerDeps, locale: Locale): string {
  return deps.services.catalog
    .list()
    .map((p) => `\`${p.def.key}\` ${pick(locale, p.def.name)}`)
    .join(", ");
}
