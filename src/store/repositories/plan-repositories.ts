import type { PlanRepositories } from "../../core/plans/repositories.ts";
import type { DbTransaction } from "../prisma-client.ts";
import { assessmentRepository } from "./assessments.ts";
import { checkInRepository } from "./check-ins.ts";
import { goalRepository } from "./goals.ts";
import { planVersionRepository } from "./plan-versions.ts";
import { planRepository } from "./plans.ts";
import { referralRepository } from "./referrals.ts";
import { stepRepository } from "./steps.ts";

export function planRepositories(db: DbTransaction): PlanRepositories {
  return {
    plans: planRepository(db),
    goals: goalRepository(db),
    steps: stepRepository(db),
    checkIns: checkInRepository(db),
    planVersions: planVersionRepository(db),
    assessments: assessmentRepository(db),
    referrals: referralRepository(db),
  };
}
