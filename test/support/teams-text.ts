/**
 * What a person reads from a Teams activity's text: Lotse sends text as Teams' XML (HTML) subset so that line
 * breaks survive ("plain" loses them); this turns it back into lines for assertions.
 */
export function readableText(activity: { text?: string | undefined; textFormat?: string | undefined } | undefined): string | undefined {
  const text = activity?.text;
  if (text === undefined || activity?.textFormat !== "xml") return text;
  return text
    .replace(/<br\s*\/?>/g, "\n")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
