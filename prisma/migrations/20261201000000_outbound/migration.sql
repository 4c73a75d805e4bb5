-- The outbound pipeline: every Slack message is an outbox row with its delivery state, and
-- requests carry a revision so renders are versioned and a lagging sync is found again.
ALTER TYPE "MessagePurpose" ADD VALUE 'REMINDER';
ALTER TYPE "MessagePurpose" ADD VALUE 'ALERT';

ALTER TABLE "Request" ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "syncedRevision" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "SlackMessage" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "data" JSONB,
ADD COLUMN "deliveredAt" TIMESTAMP(3),
ADD COLUMN "failedAt" TIMESTAMP(3),
ADD COLUMN "failure" TEXT,
ADD COLUMN "hash" TEXT,
ADD COLUMN "lastError" TEXT,
ADD COLUMN "permalink" TEXT,
ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "wantedRevision" INTEGER NOT NULL DEFAULT 0;

-- Messages posted before this migration were delivered as they stood.
UPDATE "SlackMessage" SET "deliveredAt" = "createdAt" WHERE ts IS NOT NULL;

CREATE TABLE "HomeView" (
    "userId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HomeView_pkey" PRIMARY KEY ("userId")
);

-- What the periodic check looks for, kept small: only rows and requests that lag.
CREATE INDEX "Request_unsynced_idx" ON "Request" (id) WHERE revision <> "syncedRevision";
CREATE INDEX "SlackMessage_pending_idx" ON "SlackMessage" (id) WHERE revision < "wantedRevision" AND failure IS NULL;
