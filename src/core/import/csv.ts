/** A parsed CSV file: the header's column names (trimmed, lower case) and the data rows with their line numbers. */
export interface CsvTable {
  columns: string[];
  rows: CsvRow[];
}

export interface CsvRow {
  /** The row's number as a spreadsheet shows it: the header is row 1. */
  number: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly rowNumber: number,
    message: string,
  ) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

/** Comma, or semicolon when the header has semicolons and no commas (German spreadsheet exports). */
function detectDelimiter(firstLine: string): "," | ";" {
  return firstLine.includes(";") && !firstLine.includes(",") ? ";" : ",";
}

/** Splits CSV text into records (RFC 4180: quoted fields may hold delimiters, quotes as "" and line breaks). */
function splitRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === "\n") line++;
        field += char;
      }
      continue;
    }
    if (char === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (char === delimiter) {
      record.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      line++;
      recordLine = line;
    } else field += char;
  }
  if (quoted) throw new CsvSyntaxError(recordLine, "a quoted field is not closed");
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Parses CSV text with a header row; blank lines are skipped, a byte order mark is ignored. */
export function parseCsv(text: string): CsvTable {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
  const records = splitRecords(body, detectDelimiter(firstLine));
  const [header, ...data] = records;
  if (!header || header.every((cell) => cell.trim() === "")) throw new CsvSyntaxError(1, "the file has no header row");
  const columns = header.map((cell) => cell.trim().toLowerCase());
  const rows: CsvRow[] = [];
  data.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === "")) return;
    rows.push({ number: index + 2, cells });
  });
  return { columns, rows };
}
