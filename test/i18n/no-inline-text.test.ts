// Every user-facing string lives in src/i18n/catalog/: this reads the code (not the
// comments) of handlers/, jobs/ and src/ and fails on Chinese text in a string, and on
// words written straight into the text of a Block Kit builder or a reply. The local Slack
// package (packages/slack-local) is held to its own catalog the same way: no Chinese
// outside packages/slack-local/src/workspace/messages.ts (its tests check that catalog).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/world.ts";

const roots = ["api", "handlers", "jobs", "src", "packages/slack-local/src"];
/** Not words written inline: the catalogs themselves (the bot's and the page's), generated code. */
const skipped = [
  /^src\/i18n\/catalog\//,
  /^src\/generated\//,
  /^packages\/slack-local\/src\/workspace\/messages\.ts$/,
];
/** Data, not text: each entry says why. */
const allowed: Record<string, string> = {
  "api/openapi.ts":
    "the OpenAPI document, read by the ERP's developers beside the API's English names, never shown to approvers",
  "src/customers/import-csv.ts":
    "the column headers and cell values a Chinese ERP export uses: a file format read, not text shown (its messages are the operator's command-line output)",
  "src/directory/hr-import.ts":
    "the column headers a Chinese HR export uses: a file format read, not text shown (its messages are the operator's command-line output)",
  "src/db/seed.ts": "sample customers and distributors: company names are records, shown as stored",
  "src/definitions/docs.ts":
    "writes docs/processes.md (npm run processes:docs), bilingual documentation for admins, not a bot message",
};

/** CJK ideographs, kana, hangul and full-width punctuation (，。：「」（）…). */
const cjk =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff01-\uff60]/u;
/** Properties whose string is shown to people in Block Kit, modals and messages. */
const shown = new Set([
  "text",
  "title",
  "placeholder",
  "label",
  "submit",
  "close",
  "hint",
  "alt_text",
  "fallback",
  "initial_comment",
  "confirm",
  "deny",
  "pretext",
]);
/** Calls whose first argument is shown: Bolt's respond / say, slack-block-builder's context `.elements(…)`. */
const replies = new Set(["respond", "say", "elements"]);

interface Finding {
  file: string;
  line: number;
  text: string;
  why: "cjk" | "inline";
}

function files(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === "node_modules" ? [] : files(rel);
    return /\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** Literal text of a string or template (placeholders left out), or undefined for anything else. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(" ");
  return undefined;
}

/**
 * `{ zh: "…", en: "…" }`: a label that carries both languages, the shape definitions use
 * (e.g. the requester facts a condition may read); the reader's one is picked.
 */
function bilingual(node: ts.Node): boolean {
  const prop = node.parent;
  if (
    !ts.isPropertyAssignment(prop) ||
    prop.name.getText() !== "zh" ||
    !ts.isObjectLiteralExpression(prop.parent)
  )
    return false;
  const keys = prop.parent.properties.map((p) => p.name?.getText());
  return keys.length === 2 && keys.includes("en");
}

/** Words a person would read: two letters in a row, once mentions, links and mrkdwn markers are gone. */
const hasWords = (s: string) => /[A-Za-z]{2,}/.test(s.replace(/<[^>]*>/g, ""));

function scan(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Finding[] = [];
  const ui = /^(api|handlers|jobs)\//.test(file);
  const add = (node: ts.Node, text: string, why: Finding["why"]) =>
    found.push({
      file,
      line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
      text,
      why,
    });
  const visit = (node: ts.Node): void => {
    // Module paths are names, not text.
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    const text = literalText(node);
    if (text !== undefined && cjk.test(text) && !bilingual(node)) add(node, text, "cjk");
    if (ui && text !== undefined && hasWords(text) && !cjk.test(text)) {
      const parent = node.parent;
      const prop =
        ts.isPropertyAssignment(parent) && parent.initializer === node
          ? parent.name.getText(sf).replace(/["']/g, "")
          : undefined;
      const callee =
        ts.isCallExpression(parent) && parent.arguments[0] === node
          ? parent.expression.getText(sf).split(".").at(-1)
          : undefined;
      if ((prop && shown.has(prop)) || (callee && replies.has(callee))) add(node, text, "inline");
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe("user-facing text", () => {
  it("is only in the message catalogs", () => {
    const all = roots
      .flatMap(files)
      .filter((f) => !skipped.some((re) => re.test(f)) && !(f in allowed));
    expect(all.length).toBeGreaterThan(100);
    const findings = all.flatMap((f) => scan(f, readFileSync(path.join(repoRoot, f), "utf8")));
    expect(findings.map((f) => `${f.file}:${f.line} ${f.why} ${JSON.stringify(f.text)}`)).toEqual(
      [],
    );
  });

  it("catches what it is meant to, and leaves comments, regexes, ids and placeholders alone", () => {
    const code = [
      `// 注释里的中文可以`,
      `const a = { text: "同意" };`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: scanner input, not a template
      "const b = Blocks.Section({ text: `*${title}* 已提交` });",
      `const c = { text: "Approve" };`,
      `await respond("Done, thanks");`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: scanner input, not a template
      "const d = { text: `*${name}* · ${t(locale, 'x')}` };",
      `const e = /^[¥￥]|,|，/g;`,
      `const label = { zh: "申请人是经理", en: "The requester manages people" };`,
      `Blocks.Context().elements("Waiting for approval");`,
      `const f = { action_id: "approval.approve", type: "mrkdwn", text: t(locale, "button.approve") };`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: scanner input, not a template
      "const g = { text: `<@${id}> ${mark}` };",
    ].join("\n");
    expect(scan("handlers/blocks/x.ts", code).map((f) => `${f.line}:${f.why}`)).toEqual([
      "2:cjk",
      "3:cjk",
      "4:inline",
      "5:inline",
      "9:inline",
    ]);
    // Outside the Slack glue only Chinese text is flagged (English there is for operators: logs, errors).
    expect(scan("src/x.ts", code).map((f) => `${f.line}:${f.why}`)).toEqual(["2:cjk", "3:cjk"]);
  });
});
