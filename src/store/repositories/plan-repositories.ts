import type { PlanRepositories } from "../../core/plans/repositories.ts";
import type { DirectSql } from "../direct-sql.ts";
import type { DbTransaction } from "../prisma-client.ts";
import type { TextSealer } from "../text-sealer.ts";
import { assessmentVersionRepository } from "./assessment-versions.ts";
import { assessmentRepository } from "./assessments.ts";
import { checkInRepository } from "./check-ins.ts";
import { goalRepository } from "./goals.ts";
import { planAnswerRepository } from "./plan-answers.ts";
import { planVersionRepository } from "./plan-versions.ts";
import { planRepository } from "./plans.ts";
import { referralRepository } from "./referrals.ts";
import { stepRepository } from "./steps.ts";

/** `direct`: statements beside Prisma (direct-sql.ts). */
export function planRepositories(db: DbTransaction, sealer: TextSealer, direct: DirectSql): PlanRepositories {
  return {
    plans: planRepository(db, direct),
    goals: goalRepository(db, sealer, direct),
    steps: stepRepository(db, sealer, direct),
    checkIns: checkInRepository(db, direct),
    planVersions: planVersionRepository(db, sealer),
    planAnswers: planAnswerRepository(db),
    assessments: assessmentRepository(db),
    assessmentVersions: assessmentVersionRepository(db),
    referrals: referralRepository(db, direct),
  };
}
