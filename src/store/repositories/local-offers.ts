import type { LocalOfferRepository } from "../../core/offers/repositories.ts";
import { offerKinds, offerSources, offerTextsSchema, type LocalOffer } from "../../core/offers/model.ts";
import { planAreaSchema } from "../../core/plans/areas.ts";
import { z } from "zod";
import { readJson, writeJson } from "../json-column.ts";
import { coordinatesOf } from "../../core/shared/coordinates.ts";
import type { DbTransaction } from "../prisma-client.ts";

type Row = Omit<LocalOffer, "texts" | "source" | "kind" | "area" | "coordinates"> & {
  texts: string;
  source: string;
  kind: string;
  area: string;
  latitude: number | null;
  longitude: number | null;
};

const toOffer = ({ latitude, longitude, ...row }: Row): LocalOffer => ({
  ...row,
  coordinates: coordinatesOf(latitude, longitude),
  source: z.enum(offerSources).parse(row.source),
  kind: z.enum(offerKinds).parse(row.kind),
  area: planAreaSchema.parse(row.area),
  texts: readJson(offerTextsSchema, row.texts, "LocalOffer.texts"),
});

const toRow = ({ coordinates, ...offer }: LocalOffer) => ({
  ...offer,
  texts: writeJson(offer.texts),
  latitude: coordinates?.latitude ?? null,
  longitude: coordinates?.longitude ?? null,
});

const byStartThenTitle = (a: LocalOffer, b: LocalOffer) =>
  (a.startsAt?.getTime() ?? Number.MAX_SAFE_INTEGER) - (b.startsAt?.getTime() ?? Number.MAX_SAFE_INTEGER) ||
  (a.texts.de?.title ?? "").localeCompare(b.texts.de?.title ?? "", "de") ||
  a.id.localeCompare(b.id);

export function localOfferRepository(db: DbTransaction): LocalOfferRepository {
  return {
    async create(offer) {
      await db.localOffer.create({ data: toRow(offer) });
    },
    async get(id) {
      const row = await db.localOffer.findUnique({ where: { id } });
      return row ? toOffer(row) : null;
    },
    async replaceFromSource(municipalityId, source, offers) {
      const keys = offers.map((offer) => offer.sourceKey);
      await db.localOffer.deleteMany({ where: { municipalityId, source, sourceKey: { notIn: keys } } });
      for (const offer of offers) {
        const { id, ...rest } = toRow(offer);
        await db.localOffer.upsert({
          where: { municipalityId_source_sourceKey: { municipalityId, source, sourceKey: offer.sourceKey } },
          create: { id, ...rest },
          update: rest,
        });
      }
      return db.localOffer.count({ where: { municipalityId, source } });
    },
    async listForMunicipalities(municipalityIds, filter = {}) {
      const rows = await db.localOffer.findMany({
        where: { municipalityId: { in: municipalityIds }, ...(filter.area ? { area: filter.area } : {}), ...(filter.source ? { source: filter.source } : {}) },
      });
      return rows.map(toOffer).sort(byStartThenTitle);
    },
  };
}
