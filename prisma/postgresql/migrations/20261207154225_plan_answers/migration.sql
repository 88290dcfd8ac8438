-- CreateTable
CREATE TABLE "PlanAnswer" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "clientId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlanAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PlanAnswer_planId_idx" ON "PlanAnswer"("planId");
