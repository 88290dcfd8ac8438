import type { CoreDeps } from "../deps.ts";
import type { ChatSession } from "../dialog/inbound.ts";
import type { DialogContext } from "../dialog/form-runner.ts";
import type { Identified } from "../identities/identify.ts";
import type { Tenant } from "../setup/model.ts";
import { clientLanguageFromLocale, type ClientLanguage } from "../shared/languages.ts";

/** Everything a chat handler needs: who wrote, in which chat, their language and time zone. */
export interface ChatContext extends DialogContext {
  identified: Identified;
  /** The language replies are rendered in. */
  language: string;
  /**
   * The tenant of the manager or client who wrote, as read for this update (null for a stranger, or when it is
   * gone): a use case that needs it (e.g. the agenda, for the zone) can take it instead of reading it again.
   */
  tenant: Tenant | null;
}

/** Staff (and volunteers) read German unless their chat app is set to English (taken from each message). */
export function staffLanguage(locale: string | null): "de" | "en" {
  return locale?.toLowerCase().startsWith("en") ? "en" : "de";
}

/** A stranger is answered in their chat app's language when Lotse ships it, else German. */
export function strangerLanguage(locale: string | null): ClientLanguage {
  return clientLanguageFromLocale(locale) ?? "de";
}

export async function chatContext(deps: CoreDeps, session: ChatSession, identified: Identified): Promise<ChatContext> {
  const base = { deps, session, identified, actor: identified.actor };
  if ("manager" in identified) {
    const tenant = await deps.store.tenants.get(identified.manager.tenantId);
    return { ...base, language: staffLanguage(identified.identity.locale), zone: tenant?.timezone ?? deps.defaultZone, tenant };
  }
  if ("client" in identified) {
    const tenant = await deps.store.tenants.get(identified.client.tenantId);
    return { ...base, language: identified.client.language, zone: identified.client.timezone ?? tenant?.timezone ?? deps.defaultZone, tenant };
  }
  if ("volunteer" in identified) {
    // Volunteers read German, or English when their chat app is set to English, like staff.
    const tenant = await deps.store.tenants.get(identified.volunteer.tenantId);
    return { ...base, language: staffLanguage(session.locale), zone: tenant?.timezone ?? deps.defaultZone, tenant };
  }
  return { ...base, language: strangerLanguage(session.locale), zone: deps.defaultZone, tenant: null };
}
