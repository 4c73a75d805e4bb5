// The catalogs hold words and placeholders only: Slack's mrkdwn (bold, code, links, …) is put
// around them where a text is rendered (handlers/blocks/mrkdwn.ts), so the domain (src/) knows
// nothing of Slack's markup. This fails on markup in a catalog entry, and on escapeMrkdwn
// defined or imported anywhere under src/.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { en } from "../../src/i18n/catalog/en.ts";
import { zhCN } from "../../src/i18n/catalog/zh-CN.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Each kind of mrkdwn markup, as it would appear in a catalog string. */
const markup: [kind: string, pattern: RegExp][] = [
  ["bold", /\*[^*\n]+\*/],
  ["italic", /(?:^|[\s(（「“"'])_[^_\n]+_(?=$|[\s.,;:!?)）」”"'。，；：！？])/m],
  ["code", /`/],
  ["strike", /~[^~\n]+~/],
  ["link", /<[^<>\n]*\|[^<>\n]*>/],
  ["mention", /<[@#!][^<>\n]*>/],
  ["quote", /^[ \t]*>/m],
];

const markupIn = (text: string) =>
  markup.filter(([, pattern]) => pattern.test(text)).map(([kind]) => kind);

describe("the message catalogs", () => {
  it("hold words and placeholders, no mrkdwn", () => {
    const found = [
      ["zh-CN", zhCN],
      ["en", en],
    ].flatMap(([locale, catalog]) =>
      Object.entries(catalog as Record<string, string>).flatMap(([key, text]) => {
        const kinds = markupIn(text);
        return kinds.length > 0 ? [`${locale} ${key}: ${kinds.join(", ")}`] : [];
      }),
    );
    expect(found).toEqual([]);
  });

  it("tell markup from words", () => {
    expect(
      [
        "*状态*",
        "_较早的 {n} 条记录未显示。_",
        "用 `/approval list` 查看",
        "{to}（原 ~{from}~）",
        "<{link}|打开原消息处理>",
        "> 引用",
        "说明\n  > 引用",
        "<@U123> 抄送给你",
        "<!here>",
      ].map(markupIn),
    ).toEqual([
      ["bold"],
      ["italic"],
      ["code"],
      ["strike"],
      ["link"],
      ["quote"],
      ["quote"],
      ["mention"],
      ["mention"],
    ]);
    expect(
      [
        "{request} · {status}",
        "用法：{command}，例如 {example}",
        "<流程>",
        "/approval mine [open|done|all]",
        "• {field}：{from} → {to}",
        "A-100 × 20, 2 * 3",
        "{a} > {b}",
        "3~5 天",
        "current_grade",
        "{decimal} 或 {grouped}",
      ].flatMap(markupIn),
    ).toEqual([]);
  });
});

function files(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === "node_modules" ? [] : files(rel);
    return /\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** Where a file names escapeMrkdwn in code (comments aside) or imports the mrkdwn helpers. */
function mrkdwnUses(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const at = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === "escapeMrkdwn")
      found.push(`${file}:${at(node)} escapeMrkdwn`);
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      /(^|\/)handlers\/|mrkdwn/.test(node.moduleSpecifier.text)
    )
      found.push(`${file}:${at(node)} imports ${node.moduleSpecifier.text}`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe("the domain (src/)", () => {
  it("neither defines nor imports escapeMrkdwn or the mrkdwn helpers", () => {
    const all = files("src").filter((f) => !f.startsWith("src/generated/"));
    expect(all.length).toBeGreaterThan(50);
    expect(all.flatMap((f) => mrkdwnUses(f, readFileSync(path.join(root, f), "utf8")))).toEqual([]);
  });

  it("is checked the way it is meant to be", () => {
    const code = [
      `// escapeMrkdwn in a comment is fine`,
      `export function escapeMrkdwn(s: string) { return s; }`,
      `import { escapeMrkdwn } from "../../handlers/blocks/mrkdwn.ts";`,
      `import { bold } from "../handlers/blocks/mrkdwn.ts";`,
      `const s = "escapeMrkdwn";`,
    ].join("\n");
    expect(mrkdwnUses("src/x.ts", code)).toEqual([
      "src/x.ts:2 escapeMrkdwn",
      "src/x.ts:3 imports ../../handlers/blocks/mrkdwn.ts",
      "src/x.ts:3 escapeMrkdwn",
      "src/x.ts:4 imports ../handlers/blocks/mrkdwn.ts",
    ]);
  });
});
