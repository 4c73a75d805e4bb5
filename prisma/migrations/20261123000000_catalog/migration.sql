-- CreateEnum
CREATE TYPE "AddPosition" AS ENUM ('BEFORE', 'AFTER');

-- AlterEnum
ALTER TYPE "AssignmentStatus" ADD VALUE 'ON_HOLD';

-- AlterEnum



ALTER TYPE "AuditAction" ADD VALUE 'ADD_APPROVER';
ALTER TYPE "AuditAction" ADD VALUE 'CC';

-- AlterTable
ALTER TABLE "Request" ADD COLUMN     "amendments" JSONB;

-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "addedById" INTEGER,
ADD COLUMN     "addedPosition" "AddPosition",
ADD COLUMN     "branch" TEXT,
ADD COLUMN     "inputs" JSONB;

-- CreateTable
CREATE TABLE "SlackProfile" (
    "userId" TEXT NOT NULL,
    "locale" TEXT,
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlackProfile_pkey" PRIMARY KEY ("userId")
);

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "Assignment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

