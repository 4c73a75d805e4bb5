// RFC 4180 CSV for audits opened in Excel: a UTF-8 BOM so Chinese shows correctly, and
// cells that a spreadsheet would run as a formula (=, +, -, @) prefixed with a quote.
const formula = /^[=+\-@\t\r]/;

export function toCsv(rows: (string | number | null | undefined)[][]): string {
  const cell = (v: string | number | null | undefined) => {
    let s = v === null || v === undefined ? "" : String(v);
    if (typeof v === "string" && formula.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}
