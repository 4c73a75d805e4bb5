// Options for a form's customer picker (external_select), searched as the person types.

import type { AllMiddlewareArgs, App, SlackOptionsMiddlewareArgs } from "@slack/bolt";
import { stripBidi } from "../../src/i18n/index.ts";
import { limits } from "../blocks/limits.ts";
import { cutPlain } from "../blocks/slack-text.ts";
import type { HandlerDeps } from "../context.ts";
import { ids } from "../ids.ts";

export function registerOptions(app: App, deps: HandlerDeps): void {
  app.options(
    { callback_id: new RegExp(`^${ids.view.requestPrefix}`) },
    async ({ ack, body }: SlackOptionsMiddlewareArgs<"block_suggestion"> & AllMiddlewareArgs) => {
      const processKey = body.view?.callback_id?.slice(ids.view.requestPrefix.length) ?? "";
      const field = deps.services.catalog
        .get(processKey)
        ?.def.fields.find((f) => f.key === body.action_id);
      if (field?.type !== "customer") return void (await ack({ options: [] }));
      const found = await deps.services.searchCustomers(body.value ?? "", field.kind);
      await ack({
        options: found.map((c) => ({
          text: {
            type: "plain_text" as const,
            text: cutPlain(stripBidi(`${c.code} ${c.name}`), limits.optionText),
          },
          value: c.code,
        })),
      });
    },
  );
}
