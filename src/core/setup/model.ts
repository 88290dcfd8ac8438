import type { ManagerRole, Qualification } from "../shared/values.ts";

/** An employer (Anstellungsträger); may serve several municipalities. */
export interface Tenant {
  id: string;
  name: string;
  timezone: string;
  createdAt: Date;
}

export interface Municipality {
  id: string;
  tenantId: string;
  name: string;
  createdAt: Date;
}

/** A member of staff: integration manager, supervisor (Fachaufsicht) or tenant admin. */
export interface Manager {
  id: string;
  tenantId: string;
  name: string;
  role: ManagerRole;
  qualification: Qualification | null;
  municipalityIds: string[];
  aadObjectId: string | null;
  active: boolean;
  createdAt: Date;
  /** Own quiet hours ("20:00-07:00", or "off"); null or absent: the tenant's. */
  quietHours?: string | null;
  /** ISO weekdays worked ("1,2,3,4,5"); null or absent: Monday to Friday. */
  workDays?: string | null;
}
