/** How a CSV file's bytes were read: German Excel saves "CSV UTF-8" (with a BOM) or "CSV (Trennzeichen-getrennt)" (Windows-1252). */
export type CsvEncoding = "utf-8-bom" | "utf-8" | "windows-1252";

export const csvEncodingNames: Record<CsvEncoding, string> = {
  "utf-8-bom": "UTF-8 with BOM",
  "utf-8": "UTF-8",
  "windows-1252": "Windows-1252 (Excel's 'CSV (Trennzeichen-getrennt)')",
};

/** Bytes that Windows-1252 leaves undefined, and NUL: a file with them is not a text CSV in that encoding. */
const undefinedInWindows1252 = new Set([0x00, 0x81, 0x8d, 0x8f, 0x90, 0x9d]);

export class CsvEncodingError extends Error {}

/**
 * Decodes a CSV file: UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1252 when every byte
 * is defined there. UTF-16 (Excel's "Unicode-Text") and binary files are refused with what to do instead.
 * TextDecoder is Node's own (WHATWG Encoding), so no library is needed for the three encodings Excel writes.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new CsvEncodingError("the file is UTF-16 (Excel's 'Unicode-Text'); save it as 'CSV UTF-8 (durch Trennzeichen getrennt)'");
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: utf8(bytes.subarray(3)), encoding: "utf-8-bom" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    if (bytes.some((byte) => undefinedInWindows1252.has(byte))) {
      throw new CsvEncodingError("the file is neither UTF-8 nor Windows-1252 text; save it as 'CSV UTF-8 (durch Trennzeichen getrennt)'");
    }
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CsvEncodingError("the file starts with a UTF-8 mark but is not UTF-8; save it again as 'CSV UTF-8 (durch Trennzeichen getrennt)'");
  }
}
