/** A cell of a report table: text, a number, or empty. */
export type TableCell = string | number | null;

/** A report as a table with German headings: what the CSV and the XLSX file of a report hold. */
export interface ReportTable {
  /** The worksheet's name in the XLSX file (at most 31 characters, no []:*?/\). */
  sheet: string;
  columns: string[];
  rows: TableCell[][];
}

/**
 * Writes report tables as an XLSX workbook, one worksheet per table, numbers as numbers. Owned by the core,
 * implemented outside it (src/app/xlsx.ts with write-excel-file).
 */
export interface SpreadsheetWriter {
  xlsx(tables: ReportTable[]): Promise<Buffer>;
}

export const xlsxMimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** One CSV cell: quoted when it holds the separator, a quote or a line break (RFC 4180). */
export function csvCell(value: TableCell, separator: string): string {
  const text = value === null ? "" : typeof value === "number" ? germanNumber(value) : value;
  return text.includes(separator) || /["\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** 5.5 as "5,5": German Excel reads a decimal comma as a number. */
const germanNumber = (value: number) => String(value).replace(".", ",");

/**
 * CSV as German Excel opens it with a double click: a byte order mark (so "ä" stays "ä"), ";" between cells, decimal
 * commas, CRLF line ends.
 */
export function germanCsv(table: ReportTable): string {
  const separator = ";";
  const lines = [table.columns, ...table.rows].map((row) => row.map((cell) => csvCell(cell, separator)).join(separator));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
