/**
 * Time zones a client living elsewhere may need, offered by a code (button data allows no "/"): on the card
 * (quiet-hours-forms.ts) and in the client's own /quiet (client-quiet-hours.ts). Anything else: the tenant's zone.
 */
export const zonesByCode = {
  berlin: "Europe/Berlin",
  vienna: "Europe/Vienna",
  zurich: "Europe/Zurich",
  london: "Europe/London",
  istanbul: "Europe/Istanbul",
  kyiv: "Europe/Kyiv",
} as const;
export type ZoneCode = keyof typeof zonesByCode;
export const zoneCodes = Object.keys(zonesByCode) as [ZoneCode, ...ZoneCode[]];
