-- CreateEnum
CREATE TYPE "RequestSource" AS ENUM ('SLACK', 'API', 'WORKFLOW');

-- CreateEnum
CREATE TYPE "WorkflowRunStatus" AS ENUM ('RUNNING', 'REPORTING', 'COMPLETED', 'FAILED');

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "creditUpdatedAt" TIMESTAMP(3),
ADD COLUMN     "holdUpdatedAt" TIMESTAMP(3),
ADD COLUMN     "overdue1To30" DECIMAL(14,2),
ADD COLUMN     "overdue31To60" DECIMAL(14,2),
ADD COLUMN     "overdue61To90" DECIMAL(14,2),
ADD COLUMN     "overdueOver90" DECIMAL(14,2),
ADD COLUMN     "receivables" DECIMAL(14,2),
ADD COLUMN     "receivablesUpdatedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Request" ADD COLUMN     "apiTokenId" INTEGER,
ADD COLUMN     "source" "RequestSource" NOT NULL DEFAULT 'SLACK';

-- CreateTable
CREATE TABLE "SlackIdentity" (
    "email" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "checkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlackIdentity_pkey" PRIMARY KEY ("email")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiIdempotency" (
    "tokenId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "callHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "body" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiIdempotency_pkey" PRIMARY KEY ("tokenId","key")
);

-- CreateTable
CREATE TABLE "WorkflowRun" (
    "executionId" TEXT NOT NULL,
    "requestId" INTEGER,
    "inputs" JSONB NOT NULL,
    "status" "WorkflowRunStatus" NOT NULL DEFAULT 'RUNNING',
    "outputs" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "WorkflowRun_pkey" PRIMARY KEY ("executionId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_name_key" ON "ApiToken"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_hash_key" ON "ApiToken"("hash");

-- CreateIndex
CREATE INDEX "ApiIdempotency_createdAt_idx" ON "ApiIdempotency"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowRun_requestId_key" ON "WorkflowRun"("requestId");

-- CreateIndex
CREATE INDEX "WorkflowRun_status_idx" ON "WorkflowRun"("status");

-- CreateIndex
CREATE INDEX "Request_updatedAt_id_idx" ON "Request"("updatedAt", "id");

-- AddForeignKey
ALTER TABLE "Request" ADD CONSTRAINT "Request_apiTokenId_fkey" FOREIGN KEY ("apiTokenId") REFERENCES "ApiToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiIdempotency" ADD CONSTRAINT "ApiIdempotency_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowRun" ADD CONSTRAINT "WorkflowRun_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE SET NULL ON UPDATE CASCADE;

