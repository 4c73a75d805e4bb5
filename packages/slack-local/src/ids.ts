import { randomBytes } from "node:crypto";
import type { Block } from "./types.ts";

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/**
 * Message timestamps: Slack's "seconds.micros" strings double as message ids,
 * so they must be unique and increasing even when two posts share a millisecond.
 */
export class TsClock {
  private lastMicros = 0;

  next(): string {
    const now = Date.now() * 1000;
    this.lastMicros = Math.max(now, this.lastMicros + 100);
    const secs = Math.floor(this.lastMicros / 1_000_000);
    const micros = this.lastMicros % 1_000_000;
    return `${secs}.${String(micros).padStart(6, "0")}`;
  }
}

/** Sequential ids such as "V0000001" — readable in test output, unique per store. */
export class Sequence {
  private n = 0;
  constructor(private readonly prefix: string) {}
  next(): string {
    this.n += 1;
    return `${this.prefix}${String(this.n).padStart(7, "0")}`;
  }
}

export function viewHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomHex(4)}`;
}

/** Slack-style trigger id: "<seconds>.<number>.<hex>". */
export function triggerId(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomBytes(4).readUInt32BE()}.${randomHex(16)}`;
}

function shortId(): string {
  return randomBytes(3).toString("base64url");
}

/**
 * Slack fills in block_id (and action_id) when the app omits them, and payloads
 * reference those generated ids; doing the same keeps clickButton/formValues honest.
 */
export function normalizeBlocks(blocks: unknown): Block[] | undefined {
  if (!Array.isArray(blocks)) return undefined;
  return blocks.map((raw) => {
    const block = { ...(raw as Block) };
    block.block_id ??= shortId();
    if (Array.isArray(block.elements) && block.type === "actions") {
      block.elements = block.elements.map(withActionId);
    }
    if (isObject(block.accessory)) block.accessory = withActionId(block.accessory);
    if (isObject(block.element)) block.element = withActionId(block.element);
    return block;
  });
}

function withActionId(el: unknown): unknown {
  // Images and text objects are not interactive and never get an action_id.
  if (!isObject(el) || "action_id" in el || el.type === "image") return el;
  return { ...el, action_id: shortId() };
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
