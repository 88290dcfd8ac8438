import type { Attachment } from "../core/dialog/messages.ts";
import { isRtl } from "./languages.ts";
import type { Translator } from "./translator.ts";

type Bilingual = Extract<Attachment, { kind: "bilingual" }>;
type FileAttachment = Extract<Attachment, { kind: "document" }>;

const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** Text with its line breaks kept. */
const block = (text: string): string => escapeHtml(text).replace(/\r?\n/g, "<br>");

/** No web fonts are loaded (the file must open offline); the Noto families cover every client script where installed. */
const fontStack = '"Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans Ethiopic", "Noto Sans Cyrillic", system-ui, "Segoe UI", Arial, sans-serif';

const style = `
*{box-sizing:border-box}
body{font-family:${fontStack};margin:0;padding:24px;color:#1a1a1a;line-height:1.5;font-size:15px}
h1{font-size:22px;margin:0 0 16px}
.row{display:grid;grid-template-columns:1fr 1fr;gap:24px;padding:10px 0;border-bottom:1px solid #ccc;break-inside:avoid}
.row.single{grid-template-columns:1fr}
.cell[lang=de]{color:#333}
.head .cell{font-weight:bold}
.pact .cell{font-weight:bold}
@media (max-width:640px){.row{grid-template-columns:1fr;gap:6px}.cell[lang=de]{border-top:1px dashed #ccc;padding-top:6px}}
@page{size:A4;margin:18mm 16mm}
@media print{body{padding:0;font-size:11pt}.row{grid-template-columns:1fr 1fr}}
`;

/**
 * The self-contained HTML file of a bilingual document (the plan agreed in writing): every part in the client's
 * language (right to left where that language is) next to German, stacked on a narrow screen, A4 when printed.
 * Inline CSS only: nothing is fetched when it is opened.
 */
export function renderBilingualDocument(translator: Translator, document: Bilingual, now?: Date): string {
  const languages = document.language === "de" ? ["de"] : [document.language, "de"];
  const options = { timeZone: document.zone, ...(now ? { now } : {}) };
  const cell = (language: string, html: string) => `<div class="cell" lang="${escapeHtml(language)}" dir="${isRtl(language) ? "rtl" : "ltr"}">${html}</div>`;
  const row = (cls: string, render: (language: string) => string) =>
    `<div class="row ${cls}${languages.length === 1 ? " single" : ""}">${languages.map((language) => cell(language, render(language))).join("")}</div>`;
  const title = (language: string) => translator.renderText(document.titleKey, undefined, language, options);
  const rows = document.parts.map((part, index) => {
    const cls = part.key.endsWith(".pact") ? "pact" : index < 2 ? "head" : "";
    return row(cls, (language) => block(translator.renderText(part.key, part.params, language, options)));
  });
  const main = languages[0] ?? "de";
  return [
    "<!DOCTYPE html>",
    `<html lang="${escapeHtml(main)}" dir="${isRtl(main) ? "rtl" : "ltr"}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(languages.map(title).join(" / "))}</title><style>${style}</style></head>`,
    "<body>",
    row("title", (language) => `<h1>${escapeHtml(title(language))}</h1>`),
    ...rows,
    "</body></html>",
    "",
  ].join("\n");
}

/** A bilingual document as the HTML file an adapter sends; any other attachment as it is. */
export function fileOfAttachment(translator: Translator, attachment: Attachment, now?: Date): Exclude<Attachment, Bilingual> {
  if (attachment.kind !== "bilingual") return attachment;
  const document = attachment;
  const html = renderBilingualDocument(translator, document, now);
  const file: FileAttachment = {
    kind: "document",
    fileName: document.fileName,
    mimeType: "text/html",
    base64: Buffer.from(html, "utf8").toString("base64"),
    unsentKey: document.unsentKey,
  };
  return file;
}
