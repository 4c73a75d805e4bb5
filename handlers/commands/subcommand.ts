import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { Locale } from "../../src/i18n/index.ts";
import type { HandlerDeps } from "../context.ts";

/** One `/approval <sub> …` handler: `args` are the words after the subcommand. */
export type Subcommand = (
  deps: HandlerDeps,
  ctx: SlackCommandMiddlewareArgs & AllMiddlewareArgs & { args: string[]; locale: Locale },
) => Promise<void>;
