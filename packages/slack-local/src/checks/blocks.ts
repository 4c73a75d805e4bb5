// Block Kit blocks and whole messages, checked as Slack checks them before it stores them
// (docs.slack.dev/reference/block-kit/blocks, a page per block with its limits).
import { checkCount, checkElement, checkString, checkText } from "./elements.ts";
import { isObject, length, Problems, refusal } from "./problems.ts";

export type Surface = "message" | "modal" | "home";

/** Slack: "You can include up to 50 blocks in each message, and 100 blocks in modals or Home tabs." */
export const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };
/** chat.postMessage `text`: "no more than 40,000 characters" (docs.slack.dev/reference/methods/chat.postMessage). */
export const MAX_MESSAGE_TEXT = 40_000;
/**
 * Text shown by a message's blocks, summed. Undocumented: Slack answers msg_blocks_too_long
 * around 12,000 characters of text (slackapi/bolt-js#2509: "12,000 text characters with a
 * buffer for block containers"; #2867 saw it refused at 11,341 counted characters).
 */
export const MAX_BLOCKS_TEXT = 12_000;

/** Checks a block list: each block, at most MAX_BLOCKS[surface], block_ids unique and ≤ 255. */
export function checkBlocks(p: Problems, at: string, blocks: unknown, surface: Surface): void {
  const list = checkCount(p, at, blocks, { max: MAX_BLOCKS[surface], required: true });
  const seen = new Set<string>();
  list.forEach((block, i) => {
    const bat = `${at}/${i}`;
    if (!isObject(block) || typeof block.type !== "string") {
      p.add(bat, "must be a block object");
      return;
    }
    checkString(p, `${bat}/block_id`, block.block_id, { max: 255 });
    if (typeof block.block_id === "string") {
      // Slack: "block_id should be unique for each message and each iteration of a message".
      if (seen.has(block.block_id))
        p.add(`${bat}/block_id`, `duplicate block_id: ${block.block_id}`);
      seen.add(block.block_id);
    }
    checkBlock(p, bat, block, surface);
    checkActionIds(p, bat, block);
  });
}

function checkBlock(p: Problems, at: string, b: Record<string, unknown>, surface: Surface): void {
  switch (b.type) {
    case "section":
      if (b.text === undefined && b.fields === undefined) p.add(at, "must provide text or fields");
      checkText(p, `${at}/text`, b.text, { max: 3000 });
      checkCount(p, `${at}/fields`, b.fields, { max: 10 }).forEach((f, i) => {
        checkText(p, `${at}/fields/${i}`, f, { max: 2000 });
      });
      if (b.accessory !== undefined) checkElement(p, `${at}/accessory`, b.accessory);
      return;
    case "header":
      checkText(p, `${at}/text`, b.text, { max: 150, plainOnly: true, required: true });
      return;
    case "context":
      checkCount(p, `${at}/elements`, b.elements, {
        max: 10,
        min: 1,
        required: true,
      }).forEach((e, i) => {
        if (isObject(e) && e.type === "image") checkElement(p, `${at}/elements/${i}`, e);
        else checkText(p, `${at}/elements/${i}`, e, { max: 3000 });
      });
      return;
    case "actions":
      checkCount(p, `${at}/elements`, b.elements, {
        max: 25,
        min: 1,
        required: true,
      }).forEach((e, i) => {
        checkElement(p, `${at}/elements/${i}`, e);
      });
      return;
    case "input":
      checkText(p, `${at}/label`, b.label, { max: 2000, plainOnly: true, required: true });
      checkText(p, `${at}/hint`, b.hint, { max: 2000, plainOnly: true });
      if (b.element === undefined) p.add(`${at}/element`, "missing required field");
      else checkElement(p, `${at}/element`, b.element);
      return;
    case "image":
      checkString(p, `${at}/image_url`, b.image_url, {
        max: 3000,
        required: b.slack_file === undefined,
      });
      checkString(p, `${at}/alt_text`, b.alt_text, { max: 2000, required: true });
      checkText(p, `${at}/title`, b.title, { max: 2000, plainOnly: true });
      return;
    case "markdown":
      // The markdown block is for messages only; its text may hold 12,000 characters.
      if (surface !== "message")
        p.add(`${at}/type`, "markdown blocks are only supported in messages");
      checkString(p, `${at}/text`, b.text, { max: 12_000, required: true, min: 1 });
      return;
    case "rich_text":
      return void checkCount(p, `${at}/elements`, b.elements, { max: Infinity, required: true });
    case "divider":
    case "file":
    case "video":
      return;
    default:
      p.add(`${at}/type`, `unsupported block type: ${String(b.type)}`);
  }
}

/** Slack: an action_id "should be unique among all other action_ids in the containing block". */
function checkActionIds(p: Problems, at: string, b: Record<string, unknown>): void {
  if (b.type !== "actions" || !Array.isArray(b.elements)) return;
  const seen = new Set<string>();
  b.elements.forEach((e, i) => {
    const id = isObject(e) ? e.action_id : undefined;
    if (typeof id !== "string") return;
    if (seen.has(id)) p.add(`${at}/elements/${i}/action_id`, `duplicate action_id: ${id}`);
    seen.add(id);
  });
}

/** The characters of text a block list shows: every text object, rich_text run and markdown text. */
export function shownText(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + shownText(x), 0);
  if (!isObject(v)) return 0;
  const own =
    typeof v.text === "string" &&
    ["plain_text", "mrkdwn", "text", "markdown"].includes(String(v.type))
      ? length(v.text)
      : 0;
  return (
    own +
    Object.entries(v).reduce(
      (n, [k, x]) => n + (k === "text" && typeof x === "string" ? 0 : shownText(x)),
      0,
    )
  );
}

export interface MessageCheck {
  text?: unknown;
  blocks?: unknown;
}

/**
 * The content of chat.postMessage, chat.update, chat.postEphemeral and response_url posts:
 * msg_too_long for a top-level text over 40,000, invalid_blocks (with the problems), and,
 * unless `countBlocksText` is off, msg_blocks_too_long past MAX_BLOCKS_TEXT.
 */
export function checkMessage(
  m: MessageCheck,
  opts: { countBlocksText?: boolean } = {},
): ReturnType<typeof refusal> | undefined {
  if (typeof m.text === "string" && length(m.text) > MAX_MESSAGE_TEXT)
    return refusal("msg_too_long");
  if (m.blocks === undefined) return undefined;
  const p = new Problems();
  checkBlocks(p, "/blocks", m.blocks, "message");
  if (!p.ok) return refusal("invalid_blocks", p);
  if (opts.countBlocksText !== false && shownText(m.blocks) > MAX_BLOCKS_TEXT)
    return refusal("msg_blocks_too_long");
  return undefined;
}
