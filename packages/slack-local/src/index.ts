// @approvals/slack-local: a Slack stand-in as strict as Slack (Web API, response_url, rate
// limits, the interaction client that sends signed requests to an app). The browser page that
// stands in for Slack's client is "@approvals/slack-local/workspace".
export { DEFAULT_BOT_TOKEN, LOCAL_IDENTITY, startLocalSlack, type LocalSlack, type LocalSlackOptions } from "./server.ts";
export { formValues, type SimpleValue } from "./form-values.ts";
export { signedHeaders, slackSignature, verifySlackSignature } from "./signing.ts";
export { dmChannelOf, dmUserOf, LocalSlackStore } from "./store.ts";
export { IMPLEMENTED_METHODS } from "./api.ts";
export { slashCommandFields, viewPayload } from "./payloads.ts";
// Slack's content checks, for an app's unit tests of its Block Kit as pure functions.
export { checkMessage, MAX_BLOCKS, MAX_BLOCKS_TEXT, MAX_MESSAGE_TEXT, shownText, type MessageCheck, type Surface } from "./checks/blocks.ts";
export { checkView } from "./checks/views.ts";
export { length as slackLength, type Problem, Problems } from "./checks/problems.ts";
export type { ActInput, InteractionResult, MessageRef, TypedValue } from "./interactions.ts";
export type * from "./types.ts";
