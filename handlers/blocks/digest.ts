// The daily digest DM: what waits on the reader (with the same buttons as everywhere),
// where their requests stand, and the team's bottlenecks for managers.

import type { KnownBlock } from "@slack/types";
import { type BlockBuilder, BlockCollection, Blocks } from "slack-block-builder";
import type { ProcessCatalog } from "../../src/definitions/catalog.ts";
import type { ProcessDef } from "../../src/definitions/schema.ts";
import type { Digest } from "../../src/digest/build-digests.ts";
import { asksApprover } from "../../src/engine/amend.ts";
import { formatWaited, pick, t } from "../../src/i18n/index.ts";
import { assignmentActions } from "./assignment-actions.ts";
import { commandText } from "./command-text.ts";
import { fitMessage } from "./fit-message.ts";
import { clip, mention, requestRef, stepName } from "./format.ts";
import { bold, escapeMrkdwn } from "./mrkdwn.ts";
import type { Reader } from "./reader.ts";
import type { Rendered } from "./request-message.ts";

/** Slack allows 50 blocks a message: at most this many items get their own buttons. */
const withButtons = 10;

/** The catalog as the digest reads it: the current versions, and those already loaded. */
export type DigestCatalog = Pick<ProcessCatalog, "get" | "cachedVersion">;

/**
 * What an item is about. A request's items name the version it pinned, so names and buttons
 * are those of its DM; without one (team counts span versions; a digest kept from before
 * items carried it) the current version's.
 */
interface About {
  processKey: string;
  processVersionId?: number;
}

export function renderDigest(
  d: Digest,
  reader: Reader,
  catalog: DigestCatalog,
  now: Date,
  day: string,
): Rendered {
  const { locale } = reader;
  // A version not loaded here (a digest built by another worker) falls back to the current one.
  const defOf = (x: About): ProcessDef | undefined => {
    const id = x.processVersionId;
    const pinned = id === undefined ? undefined : catalog.cachedVersion(id);
    return (pinned ?? catalog.get(x.processKey))?.def;
  };
  const name = (x: About) => {
    const def = defOf(x);
    return def ? pick(locale, def.name) : x.processKey;
  };
  const step = (x: About, key: string) => {
    const def = defOf(x);
    return def ? stepName(def, key, locale) : key;
  };
  const asks = (x: About, key: string) => {
    const s = defOf(x)?.steps.find((st) => st.key === key);
    return s !== undefined && asksApprover(s);
  };
  const waited = (since: Date) => formatWaited(locale, now.getTime() - since.getTime());
  const title = t(locale, "digest.title", { day });
  const blocks: BlockBuilder[] = [Blocks.Header({ text: title })];

  if (d.waiting.length > 0) {
    const overdue = d.waiting.filter((w) => w.overdue).length;
    blocks.push(
      Blocks.Section({
        text: t(locale, "digest.waiting", {
          waiting: bold(t(locale, "digest.waiting.count", { count: d.waiting.length })),
          oldest: waited(d.waiting[0]!.since),
          overdue,
        }),
      }),
    );
    for (const w of d.waiting.slice(0, withButtons)) {
      const about = {
        process: name(w),
        id: w.requestId,
        step: step(w, w.stepKey),
      };
      const line = t(locale, "digest.item", {
        request: requestRef(locale, escapeMrkdwn(about.process), w.requestId),
        step: escapeMrkdwn(about.step),
        requester: mention(w.requesterId),
        waited: waited(w.since),
        overdue: w.overdue ? t(locale, "digest.overdue") : "",
      });
      blocks.push(
        Blocks.Section({ text: line }),
        assignmentActions({ id: w.assignmentId, kind: w.kind }, about, locale, asks(w, w.stepKey)),
      );
    }
    if (d.waiting.length > withButtons)
      blocks.push(
        Blocks.Context().elements(
          t(locale, "digest.more", {
            n: d.waiting.length - withButtons,
            command: commandText("list"),
          }),
        ),
      );
  }
  if (d.mine.length > 0) {
    const lines = d.mine.slice(0, 15).map((m) =>
      m.status === "RETURNED"
        ? t(locale, "digest.mine.returned", {
            request: requestRef(locale, escapeMrkdwn(name(m)), m.requestId),
            waited: waited(m.since),
          })
        : t(locale, "digest.mine.line", {
            request: requestRef(locale, escapeMrkdwn(name(m)), m.requestId),
            step: escapeMrkdwn(step(m, m.stepKey ?? "")),
            who: m.waitingOn.map(mention).join(" "),
            waited: waited(m.since),
          }),
    );
    blocks.push(
      Blocks.Divider(),
      Blocks.Section({ text: clip(`${bold(t(locale, "digest.mine"))}\n${lines.join("\n")}`) }),
    );
  }
  if (d.team && d.team.pendingByStep.length > 0) {
    const tm = d.team;
    const steps = tm.pendingByStep.slice(0, 8).map((s) =>
      t(locale, "digest.team.step", {
        process: escapeMrkdwn(name(s)),
        step: escapeMrkdwn(step(s, s.stepKey)),
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
        process: escapeMrkdwn(name(a)),
        step: escapeMrkdwn(step(a, a.stepKey)),
        average: formatWaited(locale, a.averageMs),
        n: a.decided,
      }),
    );
    const head = t(locale, "digest.team.head", {
      title: bold(t(locale, tm.scope === "company" ? "digest.team.company" : "digest.team")),
      overdue: tm.overdue,
    });
    blocks.push(
      Blocks.Divider(),
      Blocks.Section({
        text: clip(`${head}\n${bold(t(locale, "digest.team.by_step"))}\n${steps.join("\n")}`),
      }),
      Blocks.Section({
        text: clip(`${bold(t(locale, "digest.team.by_person"))}\n${people.join("\n")}`),
      }),
    );
    if (averages.length > 0)
      blocks.push(
        Blocks.Section({
          text: clip(`${bold(t(locale, "digest.team.averages"))}\n${averages.join("\n")}`),
        }),
      );
  }
  return fitMessage(
    { text: title, blocks: BlockCollection(...blocks) as KnownBlock[] },
    { locale, more: commandText("list") },
  );
}
