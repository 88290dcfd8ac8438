/**
 * How many buttons share a row, decided from the labels as the person reads them (rendered in their language): the
 * one width rule for every keyboard Lotse sends (Telegram inline keyboards, Teams card action rows).
 *
 * A phone shows a button's label on one line and cuts what does not fit ("Berufsberatung bei Jobcenter oder Ag…").
 * The reference is Telegram for Android on a 360 dp wide phone, the narrowest common screen (docs/architecture.md,
 * "Buttons on a phone"): the keyboard is at most 345 dp wide; a row of n buttons leaves each label
 * ((345 - 5 (n - 1) - 2) / n - 10) dp; the label font (Roboto Medium, 15 dp) takes about 7.5 dp per character of
 * German or English text, 8 dp counted to leave room for capitals and wide letters. So a label may have 41
 * characters alone on its row, 19 with two buttons, 12 with three, 9 with four.
 *
 * The rule: the core's rows say which buttons may share a row; a row whose labels do not all fit is split, in order,
 * into rows that do. A label too long even alone is shortened at a word ("…") and its full text goes with the message
 * (`shortened`), so the person can still read what they tap.
 */

const KEYBOARD_DP = 345;
const GAP_DP = 5;
const ROW_INSET_DP = 2;
const LABEL_INSET_DP = 10;
const CHARACTER_DP = 8;

/** How many characters a label may take in a row of `buttons` buttons. */
export function labelBudget(buttons: number): number {
  const count = Math.max(1, buttons);
  return Math.floor(((KEYBOARD_DP - GAP_DP * (count - 1) - ROW_INSET_DP) / count - LABEL_INSET_DP) / CHARACTER_DP);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const wide = /\p{Extended_Pictographic}/u;
const ethiopic = /\p{Script=Ethiopic}/u;
const invisible = /^[\u200E\u200F\u2066-\u2069]$/u;

/**
 * A label's width in characters of the budget: letters as one, a Ge'ez syllable as one and a half (its glyphs are
 * about that much wider than Latin letters), an emoji as two, direction marks as none.
 */
export function labelWidth(label: string): number {
  let width = 0;
  for (const { segment } of graphemes.segment(label.trim())) width += segmentWidth(segment);
  return width;
}

const segmentWidth = (segment: string): number => (invisible.test(segment) ? 0 : wide.test(segment) ? 2 : ethiopic.test(segment) ? 1.5 : 1);

/** Whether these labels fit side by side on one row. */
export function rowFits(labels: readonly string[]): boolean {
  const budget = labelBudget(labels.length);
  return labels.every((label) => labelWidth(label) <= budget);
}

const ELLIPSIS = "…";

/** The label cut at the last word that leaves room for "…" within the budget of a button alone on its row. */
function shorten(label: string): string {
  const budget = labelBudget(1) - labelWidth(ELLIPSIS);
  let kept = "";
  let width = 0;
  for (const { segment } of graphemes.segment(label.trim())) {
    const next = width + segmentWidth(segment);
    if (next > budget) break;
    kept += segment;
    width = next;
  }
  const cutInWord = !/^\s/u.test(label.trim().slice(kept.length));
  const atWord = cutInWord ? kept.replace(/\s+\S*$/u, "") : kept;
  const cut = atWord.length >= kept.length / 2 ? atWord : kept;
  return `${cut.replace(/[\s,;:–-]+$/u, "")}${ELLIPSIS}`;
}

export interface FittedRows<B extends { label: string }> {
  rows: B[][];
  /** Full texts of the labels that were shortened, in order: to go with the message. */
  shortened: string[];
}

/** Lays out rows of buttons by the width rule: rows split where their labels do not fit, labels too long shortened. */
export function fitButtonRows<B extends { label: string }>(rows: readonly (readonly B[])[]): FittedRows<B> {
  const fitted: B[][] = [];
  const shortened: string[] = [];
  for (const row of rows) {
    let current: B[] = [];
    for (const button of row) {
      if (current.length > 0 && !rowFits([...current, button].map((b) => b.label))) {
        fitted.push(current);
        current = [];
      }
      current.push(button);
    }
    if (current.length > 0) fitted.push(current);
  }
  const result = fitted.map((row) =>
    row.map((button) => {
      if (row.length > 1 || rowFits([button.label])) return button;
      shortened.push(button.label.trim());
      return { ...button, label: shorten(button.label) };
    }),
  );
  return { rows: result, shortened };
}

/** What does not fit in a keyboard as sent (for checks of what reaches Telegram): one line per row that is too wide. */
export function keyboardWidthProblems(rows: readonly (readonly string[])[]): string[] {
  return rows
    .filter((labels) => labels.length > 0 && !rowFits(labels))
    .map(
      (labels) => `row too wide for a phone (${labelBudget(labels.length)} characters a button): ${labels.map((label) => JSON.stringify(label)).join(", ")}`,
    );
}
