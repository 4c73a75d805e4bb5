// @approvals/slack-local: a Slack stand-in as strict as Slack (Web API, response_url, rate
// limits, the interaction client that sends signed requests to an app). The browser page that
// stands in for Slack's client is "@approvals/slack-local/workspace".

export { IMPLEMENTED_METHODS } from "./api.ts";
// Slack's content checks, for an app's unit tests of its Block Kit as pure functions.
export {
  checkMessage,
  MAX_BLOCKS,
  MAX_BLOCKS_TEXT,
  MAX_MESSAGE_TEXT,
  type MessageCheck,
  type Surface,
  shownText,
} from "./checks/blocks.ts";
export { length as slackLength, type Problem, Problems } from "./checks/problems.ts";
export { checkView } from "./checks/views.ts";
export { formValues, type SimpleValue } from "./form-values.ts";
export type { Execution, FunctionParams, FunctionSpec } from "./functions.ts";
export type { ActInput, InteractionResult, MessageRef, TypedValue } from "./interactions.ts";
export { slashCommandFields, viewPayload } from "./payloads.ts";
export {
  DEFAULT_BOT_TOKEN,
  LOCAL_IDENTITY,
  type LocalSlack,
  type LocalSlackOptions,
  startLocalSlack,
} from "./server.ts";
export { signedHeaders, slackSignature, verifySlackSignature } from "./signing.ts";
export { dmChannelOf, dmUserOf, LocalSlackStore } from "./store.ts";
export type * from "./types.ts";
