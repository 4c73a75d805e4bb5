import { describe, expect, it } from "vitest";
import { toCsv } from "../../src/export/csv.ts";

describe("toCsv", () => {
  it("quotes what needs quoting, keeps Chinese, and defuses spreadsheet formulas", () => {
    const csv = toCsv([
      ["编号", "意见"],
      [1, 'say "hi", then\nleave'],
      [2, '=HYPERLINK("http://evil")'],
      [3, "-5 but fine"],
      [4, null],
    ]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1).split("\r\n")).toEqual([
      "编号,意见",
      '1,"say ""hi"", then\nleave"',
      `2,"'=HYPERLINK(""http://evil"")"`,
      "3,'-5 but fine",
      "4,",
      "",
    ]);
  });
});
