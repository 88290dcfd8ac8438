import type { Cell, Sheet } from "write-excel-file/node";
import type { ReportTable, SpreadsheetWriter } from "../core/reports/table.ts";

/** A column wide enough for its heading and its longest value, within reason. */
function columnWidth(table: ReportTable, index: number): number {
  const lengths = [table.columns[index] ?? "", ...table.rows.map((row) => String(row[index] ?? ""))].map((text) => Array.from(text).length);
  return Math.min(48, Math.max(8, ...lengths) + 2);
}

function sheetOf(table: ReportTable): Sheet<Buffer> {
  const header: Cell[] = table.columns.map((column) => ({ value: column, fontWeight: "bold" }));
  const rows: Cell[][] = table.rows.map((row) => row.map((cell) => cell));
  return {
    sheet: table.sheet,
    data: [header, ...rows],
    columns: table.columns.map((_, i) => ({ width: columnWidth(table, i) })),
    stickyRowsCount: 1,
  };
}

/**
 * XLSX workbooks through write-excel-file: one worksheet per table, a bold heading row that stays in view. The
 * library is loaded at the first workbook, not at start-up: about 11 MB of resident memory (docs/benchmarks.md, P5).
 */
export const xlsxWriter: SpreadsheetWriter = {
  async xlsx(tables) {
    const { default: writeXlsxFile } = await import("write-excel-file/node");
    return writeXlsxFile(tables.map(sheetOf)).toBuffer();
  },
};
