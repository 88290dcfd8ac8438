import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fake Integreat CMS on 127.0.0.1 serving API v3 answers shaped like the real ones (integreat-cms docs) for one
 * region in several languages. Like the real API (integreat_cms/api/v3/locations.py), a location's title and its
 * `location.name` are the German ones in every language; only its excerpt, page and category are translated. Tests change what a path answers: another status, a malformed body, or no answer
 * at all (held until the server closes, so the client's timeout decides).
 */
export type FakeAnswer = { status: number; body: string } | "hang";

interface EventSpec {
  id: number;
  start: string;
  end: string;
  titles: Record<string, string>;
  place: { name: string; address: string; town: string; postcode: string };
}

interface LocationSpec {
  id: number;
  category: Record<string, string>;
  /** The place's name in each language it is translated into; the API still answers with the German one. */
  titles: Record<string, string>;
  address: string;
  website: string | null;
}

export const fakeRegion = "plochingen";

const languageRows = [
  { id: 1, code: "de", bcp47_tag: "de-DE", native_name: "Deutsch", dir: "ltr" },
  { id: 2, code: "en", bcp47_tag: "en-US", native_name: "English", dir: "ltr" },
  { id: 3, code: "ar", bcp47_tag: "ar", native_name: "العربية", dir: "rtl" },
  { id: 4, code: "uk", bcp47_tag: "uk-UA", native_name: "Українська", dir: "ltr" },
  { id: 5, code: "pl", bcp47_tag: "pl-PL", native_name: "Polski", dir: "ltr" },
];

export const fakeEvents: EventSpec[] = [
  {
    id: 41,
    start: "2027-03-05T18:00:00+01:00",
    end: "2027-03-05T20:00:00+01:00",
    titles: { de: "Sprachcafé im Rathaus", en: "Language café at the town hall", ar: "مقهى اللغة في البلدية", uk: "Мовне кафе в ратуші" },
    place: { name: "Rathaus", address: "Marktstraße 36", town: "Plochingen", postcode: "73207" },
  },
  {
    id: 42,
    start: "2027-03-12T15:00:00+01:00",
    end: "2027-03-12T17:00:00+01:00",
    titles: { de: "Bewerbungstraining für Frauen", en: "Job application training for women" },
    place: { name: "Jugendhaus", address: "Eisenbahnstraße 5", town: "Plochingen", postcode: "73207" },
  },
];

export const fakeLocations: LocationSpec[] = [
  {
    id: 7,
    category: { de: "Beratung", en: "Counselling", ar: "استشارة", uk: "Консультація" },
    titles: {
      de: "Migrationsberatung der Caritas",
      en: "Caritas migration counselling",
      ar: "استشارة الهجرة من كاريتاس",
      uk: "Міграційна консультація Карітас",
    },
    address: "Hermannstraße 2",
    website: "https://caritas.example/plochingen",
  },
  {
    id: 8,
    category: { de: "Sport und Freizeit", en: "Sports and leisure" },
    titles: { de: "TV Plochingen: Fußball für alle", en: "TV Plochingen: football for everyone" },
    address: "Stadionweg 1",
    website: null,
  },
];

/** A sentence of each event's and place's text, in the languages the fake has. */
const welcome: Record<string, string> = {
  de: "Alle sind willkommen.",
  en: "Everyone is welcome.",
  ar: "الجميع مرحب بهم.",
  uk: "Усі ласкаво запрошені.",
  pl: "Wszyscy są mile widziani.",
};
const openingHours: Record<string, string> = {
  de: "Öffnungszeiten siehe Website.",
  en: "Opening hours: see the website.",
  ar: "مواعيد العمل على الموقع الإلكتروني.",
  uk: "Години роботи дивіться на сайті.",
  pl: "Godziny otwarcia na stronie.",
};

/** The page of an event or place in one language, as the real API links it. */
const pagePath = (language: string, kind: "events" | "locations", slug: string) => `/${fakeRegion}/${language}/${kind}/${slug}/`;

function otherLanguages(base: string, language: string, languages: string[], kind: "events" | "locations", slug: string, idOf: (l: string) => number) {
  return Object.fromEntries(
    languages.filter((l) => l !== language).map((l) => [l, { id: idOf(l), url: `${base}${pagePath(l, kind, slug)}`, path: pagePath(l, kind, slug) }]),
  );
}

function eventJson(base: string, language: string, spec: EventSpec) {
  const title = spec.titles[language] ?? "";
  const path = pagePath(language, "events", `${spec.id}-event`);
  return {
    id: spec.id * 10 + language.length,
    url: `${base}${path}`,
    path,
    title,
    modified_gmt: "2027-02-01T10:00:00Z",
    last_updated: "2027-02-01T11:00:00+01:00",
    excerpt: `${title}. ${`${welcome[language] ?? ""} `.repeat(3)}`,
    content: `<p>${title}</p>`,
    available_languages: otherLanguages(base, language, Object.keys(spec.titles), "events", `${spec.id}-event`, (l) => spec.id * 10 + l.length),
    thumbnail: null,
    location: {
      id: 900 + spec.id,
      name: spec.place.name,
      address: spec.place.address,
      town: spec.place.town,
      state: null,
      postcode: spec.place.postcode,
      region: null,
      country: "Deutschland",
      latitude: 48.71,
      longitude: 9.41,
    },
    location_url: null,
    event: {
      id: spec.id,
      start: spec.start,
      start_date: spec.start.slice(0, 10),
      start_time: spec.start.slice(11, 19),
      end: spec.end,
      end_date: spec.end.slice(0, 10),
      end_time: spec.end.slice(11, 19),
      all_day: false,
      recurrence_id: null,
      timezone: "Europe/Berlin",
    },
    hash: null,
    recurrence_rule: null,
  };
}

function locationJson(base: string, language: string, spec: LocationSpec) {
  // The real API: "title": poi.default_public_translation.title, i.e. German in every language.
  const title = spec.titles.de ?? "";
  const translated = spec.titles[language] ?? "";
  const path = pagePath(language, "locations", `${spec.id}-place`);
  return {
    id: spec.id * 100 + language.length,
    url: `${base}${path}`,
    path,
    title,
    modified_gmt: "2027-02-01T10:00:00Z",
    last_updated: "2027-02-01T11:00:00+01:00",
    meta_description: translated,
    excerpt: `${translated} – ${openingHours[language] ?? ""}`,
    content: `<p>${translated}</p>`,
    appointment_url: null,
    available_languages: otherLanguages(base, language, Object.keys(spec.titles), "locations", `${spec.id}-place`, (l) => spec.id * 100 + l.length),
    icon: null,
    thumbnail: null,
    website: spec.website,
    email: null,
    phone_number: "07153 0000",
    category: { id: spec.id, name: spec.category[language] ?? spec.category.de ?? "", color: "#336699", icon: null, icon_url: "" },
    temporarily_closed: false,
    opening_hours: null,
    location: {
      id: spec.id,
      name: title,
      address: spec.address,
      town: "Plochingen",
      state: null,
      postcode: "73207",
      region: null,
      country: "Deutschland",
      latitude: 48.7,
      longitude: 9.4,
    },
    hash: null,
    organization: null,
    barrier_free: true,
  };
}

export class FakeIntegreat {
  private server: Server | null = null;
  private readonly held: ServerResponse[] = [];
  /** Answers by path (e.g. "/api/v3/plochingen/ar/events/"), instead of the realistic default. */
  readonly overrides = new Map<string, FakeAnswer>();
  readonly requests: string[] = [];
  baseUrl = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.held.splice(0)) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? "").split("?")[0] ?? "";
    this.requests.push(path);
    const override = this.overrides.get(path);
    if (override === "hang") {
      this.held.push(res);
      return;
    }
    const { status, body } = override ?? this.realistic(path);
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body);
  }

  private realistic(path: string): { status: number; body: string } {
    const match = /^\/api\/v3\/([^/]+)\/(?:([a-z]{2,3})\/)?(languages|events|locations)\/$/.exec(path);
    if (!match || match[1] !== fakeRegion) return { status: 404, body: JSON.stringify({ error: "not found" }) };
    const [, , language, kind] = match;
    if (kind === "languages") return language ? { status: 404, body: "{}" } : { status: 200, body: JSON.stringify(languageRows) };
    if (!language || !languageRows.some((row) => row.code === language)) return { status: 404, body: JSON.stringify({ error: "language" }) };
    const items =
      kind === "events"
        ? fakeEvents.filter((e) => e.titles[language]).map((e) => eventJson(this.baseUrl, language, e))
        : fakeLocations.filter((l) => l.titles[language]).map((l) => locationJson(this.baseUrl, language, l));
    return { status: 200, body: JSON.stringify(items) };
  }
}
