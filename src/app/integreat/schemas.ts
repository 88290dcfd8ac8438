import { z } from "zod";

/**
 * The parts of the Integreat CMS API v3 answers Lotse reads (integreat-cms docs: /api/v3/{region}/languages/,
 * /api/v3/{region}/{language}/events/ and /locations/). Other fields are ignored; a missing or mistyped field we
 * read makes the whole answer malformed.
 */
const text = z.string();
const nullableText = z
  .string()
  .nullish()
  .transform((value) => value ?? null);

/** A coordinate as Integreat sends it: a number, a numeric text (a decimal field) or nothing. */
const coordinate = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((value) => (value === null || value === undefined || value === "" ? null : Number(value)));

const coordinates = { latitude: coordinate, longitude: coordinate };

const place = z
  .object({ name: nullableText, address: nullableText, town: nullableText, postcode: nullableText, ...coordinates })
  .nullish()
  .transform((value) => value ?? null);

export const languagesAnswer = z.array(z.object({ code: z.string().min(2).max(10) }));

export const eventsAnswer = z.array(
  z.object({
    title: text.min(1),
    url: text,
    excerpt: text.default(""),
    location: place,
    event: z.object({
      id: z.number().int(),
      start: z.iso.datetime({ offset: true, local: true }),
      end: z.iso.datetime({ offset: true, local: true }),
    }),
  }),
);

export const locationsAnswer = z.array(
  z.object({
    title: text.min(1),
    url: text,
    excerpt: text.default(""),
    website: nullableText,
    category: z
      .object({ name: nullableText })
      .nullish()
      .transform((value) => value?.name ?? null),
    location: z.object({ id: z.number().int(), name: nullableText, address: nullableText, town: nullableText, postcode: nullableText, ...coordinates }),
  }),
);

/** "Marktplatz 1, 73207 Plochingen", from whatever parts are there. */
export function addressOf(value: { name?: string | null; address: string | null; town: string | null; postcode: string | null } | null): string | null {
  if (!value) return null;
  const town = [value.postcode, value.town].filter(Boolean).join(" ");
  const parts = [value.address, town].filter((part): part is string => Boolean(part && part.trim()));
  return parts.length > 0 ? parts.join(", ") : (value.name ?? null);
}
