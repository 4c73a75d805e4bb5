-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "CustomerKind" AS ENUM ('CUSTOMER', 'DISTRIBUTOR');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('PENDING', 'RETURNED', 'APPROVED', 'REJECTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "StepKind" AS ENUM ('APPROVAL', 'TASK', 'NOTIFY');

-- CreateEnum
CREATE TYPE "AssignmentStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'RETURNED', 'TRANSFERRED', 'DONE', 'NOTIFIED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('SUBMIT', 'APPROVE', 'REJECT', 'RETURN', 'RESUBMIT', 'TRANSFER', 'WITHDRAW', 'DONE', 'NOTIFY', 'AUTO_APPROVE', 'SKIP', 'COMPLETE');

-- CreateEnum
CREATE TYPE "MessagePurpose" AS ENUM ('ASSIGNMENT', 'TRACKING', 'NOTIFY', 'NOTICE');

-- CreateTable
CREATE TABLE "Customer" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "CustomerKind" NOT NULL DEFAULT 'CUSTOMER',
    "region" TEXT NOT NULL,
    "creditGrade" TEXT NOT NULL,
    "creditLimit" DECIMAL(14,2) NOT NULL,
    "onHold" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditChange" (
    "id" SERIAL NOT NULL,
    "customerId" INTEGER NOT NULL,
    "requestId" INTEGER,
    "changedBy" TEXT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fromGrade" TEXT NOT NULL,
    "toGrade" TEXT NOT NULL,
    "fromLimit" DECIMAL(14,2) NOT NULL,
    "toLimit" DECIMAL(14,2) NOT NULL,
    "fromHold" BOOLEAN NOT NULL,
    "toHold" BOOLEAN NOT NULL,

    CONSTRAINT "CreditChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rebate" (
    "id" SERIAL NOT NULL,
    "distributorId" INTEGER NOT NULL,
    "requestId" INTEGER,
    "period" TEXT NOT NULL,
    "salesBasis" DECIMAL(14,2) NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Rebate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessVersion" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Request" (
    "id" SERIAL NOT NULL,
    "processKey" TEXT NOT NULL,
    "processVersionId" INTEGER NOT NULL,
    "requesterId" TEXT NOT NULL,
    "status" "RequestStatus" NOT NULL DEFAULT 'PENDING',
    "form" JSONB NOT NULL,
    "currentStep" INTEGER NOT NULL DEFAULT 0,
    "returnedFromId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "stepIndex" INTEGER NOT NULL,
    "stepKey" TEXT NOT NULL,
    "kind" "StepKind" NOT NULL,
    "assigneeId" TEXT NOT NULL,
    "status" "AssignmentStatus" NOT NULL DEFAULT 'PENDING',
    "reason" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "assignmentId" INTEGER,
    "stepIndex" INTEGER,
    "stepKey" TEXT,
    "actorId" TEXT NOT NULL,
    "action" "AuditAction" NOT NULL,
    "comment" TEXT,
    "data" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlackMessage" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "assignmentId" INTEGER,
    "purpose" "MessagePurpose" NOT NULL,
    "userId" TEXT NOT NULL,
    "channel" TEXT,
    "ts" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlackMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Customer_code_key" ON "Customer"("code");

-- CreateIndex
CREATE INDEX "CreditChange_customerId_changedAt_idx" ON "CreditChange"("customerId", "changedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Rebate_requestId_key" ON "Rebate"("requestId");

-- CreateIndex
CREATE INDEX "Rebate_distributorId_createdAt_idx" ON "Rebate"("distributorId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProcessVersion_key_version_key" ON "ProcessVersion"("key", "version");

-- CreateIndex
CREATE INDEX "Request_requesterId_status_idx" ON "Request"("requesterId", "status");

-- CreateIndex
CREATE INDEX "Request_status_idx" ON "Request"("status");

-- CreateIndex
CREATE INDEX "Assignment_assigneeId_status_idx" ON "Assignment"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "Assignment_requestId_stepIndex_idx" ON "Assignment"("requestId", "stepIndex");

-- CreateIndex
CREATE INDEX "AuditEntry_requestId_id_idx" ON "AuditEntry"("requestId", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_actorId_at_idx" ON "AuditEntry"("actorId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "SlackMessage_key_key" ON "SlackMessage"("key");

-- CreateIndex
CREATE INDEX "SlackMessage_requestId_idx" ON "SlackMessage"("requestId");

-- AddForeignKey
ALTER TABLE "CreditChange" ADD CONSTRAINT "CreditChange_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditChange" ADD CONSTRAINT "CreditChange_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rebate" ADD CONSTRAINT "Rebate_distributorId_fkey" FOREIGN KEY ("distributorId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rebate" ADD CONSTRAINT "Rebate_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Request" ADD CONSTRAINT "Request_processVersionId_fkey" FOREIGN KEY ("processVersionId") REFERENCES "ProcessVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlackMessage" ADD CONSTRAINT "SlackMessage_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlackMessage" ADD CONSTRAINT "SlackMessage_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Decisions are the audit record (作为考核依据): refuse any UPDATE or DELETE of them.
CREATE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'AuditEntry is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEntry_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
