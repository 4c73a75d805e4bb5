// The daily digest DM: what waits on the reader (with the same buttons as everywhere),
// where their requests stand, and the team's bottlenecks for managers.

import type { KnownBlock } from "@slack/types";
import { BlockCollection, Blocks } from "slack-block-builder";
import type { ProcessCatalog } from "../../src/definitions/catalog.ts";
import type { Digest } from "../../src/digest/build-digests.ts";
import { escapeMrkdwn, formatWaited, pick, t } from "../../src/i18n/index.ts";
import { assignmentActions } from "./assignment-actions.ts";
import { fitMessage } from "./fit-message.ts";
import { clip, mention, stepName } from "./format.ts";
import type { Reader, Rendered } from "./request-message.ts";

/** Slack allows 50 blocks a message: at most this many items get their own buttons. */
const withButtons = 10;

export function renderDigest(
  d: Digest,
  reader: Reader,
  catalog: ProcessCatalog,
  now: Date,
  day: string,
): Rendered {
  const { locale } = reader;
  const name = (processKey: string) => {
    const def = catalog.get(processKey)?.def;
    return def ? pick(locale, def.name) : processKey;
  };
  const step = (processKey: string, key: string) => {
    const def = catalog.get(processKey)?.def;
    return def ? stepName(def, key, locale) : key;
  };
  const waited = (since: Date) => formatWaited(locale, now.getTime() - since.getTime());
  const title = t(locale, "digest.title", { day });
  const blocks = [Blocks.Header({ text: title })];

  if (d.waiting.length > 0) {
    const overdue = d.waiting.filter((w) => w.overdue).length;
    blocks.push(
      Blocks.Section({
        text: t(locale, "digest.waiting", {
          count: d.waiting.length,
          oldest: waited(d.waiting[0]!.since),
          overdue,
        }),
      }),
    );
    for (const w of d.waiting.slice(0, withButtons)) {
      const about = {
        process: name(w.processKey),
        id: w.requestId,
        step: step(w.processKey, w.stepKey),
      };
      const line = t(locale, "digest.item", {
        process: escapeMrkdwn(about.process),
        id: w.requestId,
        step: escapeMrkdwn(about.step),
        requester: mention(w.requesterId),
        waited: waited(w.since),
        overdue: w.overdue ? t(locale, "digest.overdue") : "",
      });
      blocks.push(
        Blocks.Section({ text: line }),
        assignmentActions({ id: w.assignmentId, kind: w.kind }, about, locale) as never,
      );
    }
    if (d.waiting.length > withButtons)
      blocks.push(
        Blocks.Context().elements(
          t(locale, "digest.more", { n: d.waiting.length - withButtons }),
        ) as never,
      );
  }
  if (d.mine.length > 0) {
    const lines = d.mine.slice(0, 15).map((m) =>
      m.status === "RETURNED"
        ? t(locale, "digest.mine.returned", {
            process: escapeMrkdwn(name(m.processKey)),
            id: m.requestId,
            waited: waited(m.since),
          })
        : t(locale, "digest.mine.line", {
            process: escapeMrkdwn(name(m.processKey)),
            id: m.requestId,
            step: escapeMrkdwn(step(m.processKey, m.stepKey ?? "")),
            who: m.waitingOn.map(mention).join(" "),
            waited: waited(m.since),
          }),
    );
    blocks.push(
      Blocks.Divider() as never,
      Blocks.Section({ text: clip(`${t(locale, "digest.mine")}\n${lines.join("\n")}`) }),
    );
  }
  if (d.team && d.team.pendingByStep.length > 0) {
    const tm = d.team;
    const steps = tm.pendingByStep.slice(0, 8).map((s) =>
      t(locale, "digest.team.step", {
        process: escapeMrkdwn(name(s.processKey)),
        step: escapeMrkdwn(step(s.processKey, s.stepKey)),
        pending: s.pending,
        overdue: s.overdue,
      }),
    );
    const people = tm.pendingByPerson.slice(0, 8).map((p) =>
      t(locale, "digest.team.person", {
        who: mention(p.userId),
        pending: p.pending,
        overdue: p.overdue,
      }),
    );
    const averages = tm.averages.slice(0, 8).map((a) =>
      t(locale, "digest.team.average", {
        process: escapeMrkdwn(name(a.processKey)),
        step: escapeMrkdwn(step(a.processKey, a.stepKey)),
        average: formatWaited(locale, a.averageMs),
        n: a.decided,
      }),
    );
    const head = t(locale, tm.scope === "company" ? "digest.team.company" : "digest.team", {
      overdue: tm.overdue,
    });
    blocks.push(
      Blocks.Divider() as never,
      Blocks.Section({
        text: clip(`${head}\n${t(locale, "digest.team.by_step")}\n${steps.join("\n")}`),
      }),
      Blocks.Section({ text: clip(`${t(locale, "digest.team.by_person")}\n${people.join("\n")}`) }),
    );
    if (averages.length > 0)
      blocks.push(
        Blocks.Section({
          text: clip(`${t(locale, "digest.team.averages")}\n${averages.join("\n")}`),
        }),
      );
  }
  return fitMessage(
    { text: title, blocks: BlockCollection(...blocks) as KnownBlock[] },
    { locale, more: t(locale, "fit.where.list") },
  );
}
