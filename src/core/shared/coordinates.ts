import { z } from "zod";

/** A point on the map (WGS 84, as Integreat and Telegram give it). */
export const coordinatesSchema = z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) });
export type Coordinates = z.output<typeof coordinatesSchema>;

/** The point of two stored columns; null unless both are there and on the map. */
export function coordinatesOf(latitude: number | null | undefined, longitude: number | null | undefined): Coordinates | null {
  const parsed = coordinatesSchema.safeParse({ latitude, longitude });
  return parsed.success ? parsed.data : null;
}
