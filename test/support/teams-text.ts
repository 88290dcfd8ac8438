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

/** The connector's record of one activity, as far as reading a card needs it. */
interface CardCall {
  body: { text?: string | undefined; textFormat?: string | undefined; attachments?: { contentType?: string; content?: unknown }[] | undefined };
}

/** Everything a card holds, depth first. */
function walk(node: unknown, visit: (element: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) return node.forEach((child) => walk(child, visit));
  if (typeof node !== "object" || node === null) return;
  visit(node as Record<string, unknown>);
  for (const value of Object.values(node)) walk(value, visit);
}

export const cardOf = (call: CardCall | undefined) => call?.body.attachments?.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive")?.content;

/** The card's elements of one type (TextBlock, Input.Text, …), depth first. */
export function elements(call: CardCall | undefined, type: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  walk(cardOf(call), (element) => element.type === type && found.push(element));
  return found;
}

/** A card's text blocks, one per line. */
export const cardText = (call: CardCall | undefined) =>
  elements(call, "TextBlock")
    .map((block) => String(block.text))
    .join("\n");

/** What a person reads from an activity: its text, or its card's text blocks. */
export const teamsText = (call: CardCall | undefined) => readableText(call?.body) ?? cardText(call);
