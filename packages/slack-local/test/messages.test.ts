// The page's own catalog: the same placeholders in both languages (a missing one would show as
// "{name}"), no Chinese left in the English one. The compiler checks both have every key.
import { describe, expect, it } from "vitest";
import { en, type MessageKey, t, zhCN } from "../src/workspace/messages.ts";

const placeholders = (s: string) =>
  [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort().join();

describe("the workspace page's catalog", () => {
  it("takes the same placeholders in both languages and has no Chinese in English", () => {
    const keys = Object.keys(zhCN) as MessageKey[];
    expect(keys.filter((k) => placeholders(zhCN[k]) !== placeholders(en[k]))).toEqual([]);
    expect(keys.filter((k) => /\p{Script=Han}/u.test(en[k]))).toEqual([]);
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(t("en", "unread", { n: 3 })).toBe("3 unread");
    expect(t("zh-CN", "command.invalid")).toBe("{command} 不是有效的命令。");
  });
});
