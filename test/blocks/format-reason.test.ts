// A role's holder named with their unit, as a Chinese reader writes it: the unit's last
// characters are not said twice when the role's name starts with them.
import { describe, expect, it } from "vitest";
import { withoutOverlap } from "../../handlers/blocks/format.ts";

describe("unit and role together", () => {
  it("drops the part the role's name repeats from the unit's", () => {
    expect(`上海区域${withoutOverlap("上海区域", "区域经理")}`).toBe("上海区域经理");
    expect(`华东大区${withoutOverlap("华东大区", "大区经理")}`).toBe("华东大区经理");
    expect(`工业品事业部${withoutOverlap("工业品事业部", "事业部销售经理")}`).toBe(
      "工业品事业部销售经理",
    );
  });

  it("keeps a name that shares nothing, or a single character only", () => {
    expect(withoutOverlap("华东大区", "渠道经理")).toBe("渠道经理");
    expect(withoutOverlap("上海区域", "域经理")).toBe("域经理");
    // The role is never emptied: at least its last character stays.
    expect(withoutOverlap("销售部经理", "经理")).toBe("经理");
  });
});
