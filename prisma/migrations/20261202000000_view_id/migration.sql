-- A request is filed once per Slack view: the database's own guard against a replayed submission.
ALTER TABLE "Request" ADD COLUMN "viewId" TEXT;
CREATE UNIQUE INDEX "Request_viewId_key" ON "Request"("viewId");
