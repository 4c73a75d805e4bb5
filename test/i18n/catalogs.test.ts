// The two catalogs say the same things (the compiler checks they have the same keys): the English one has no Chinese left in it, and
// each message takes the same placeholders in both (a missing one would show as "{name}").
import { describe, expect, it } from "vitest";
import { en } from "../../src/i18n/catalog/en.ts";
import { zhCN } from "../../src/i18n/catalog/zh-CN.ts";
import { t } from "../../src/i18n/index.ts";

const placeholders = (s: string) =>
  [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe("the message catalogs", () => {
  it("have no Chinese in English", () => {
    expect(
      Object.entries(en)
        .filter(([, v]) => /\p{Script=Han}/u.test(v))
        .map(([k]) => k),
    ).toEqual([]);
  });

  it("take the same placeholders in both languages", () => {
    const differ = Object.keys(zhCN).filter(
      (k) =>
        placeholders(zhCN[k as keyof typeof zhCN]).join() !==
        placeholders(en[k as keyof typeof en]).join(),
    );
    expect(differ).toEqual([]);
  });

  it("fill placeholders and leave unknown ones visible", () => {
    expect(t("en", "preview.person", { who: "<@U1>", why: "your manager" })).toBe(
      "<@U1> (your manager)",
    );
    expect(t("zh-CN", "preview.person", { who: "<@U1>" })).toBe("<@U1>（{why}）");
  });
});
