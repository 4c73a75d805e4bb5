-- CreateEnum
CREATE TYPE "WebhookStatus" AS ENUM ('PENDING', 'RETRYING', 'POSTED', 'FAILED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'REMIND';
ALTER TYPE "AuditAction" ADD VALUE 'ESCALATE';
ALTER TYPE "AuditAction" ADD VALUE 'WEBHOOK';

-- AlterTable
ALTER TABLE "Request" ADD COLUMN     "lastManualRemindAt" TIMESTAMP(3),
ADD COLUMN     "webhookAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "webhookError" TEXT,
ADD COLUMN     "webhookStatus" "WebhookStatus";

-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "delegatedFromId" TEXT,
ADD COLUMN     "onBehalfOfId" INTEGER,
ADD COLUMN     "remindersSent" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "timedOutAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Delegation" (
    "id" SERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "delegateId" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "Delegation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Delegation_userId_endsAt_idx" ON "Delegation"("userId", "endsAt");

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_onBehalfOfId_fkey" FOREIGN KEY ("onBehalfOfId") REFERENCES "Assignment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

