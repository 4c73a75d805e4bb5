-- A request filed through the API with an Idempotency-Key is filed once per token and key.
ALTER TABLE "Request" ADD COLUMN     "idempotencyKey" TEXT;

CREATE UNIQUE INDEX "Request_apiTokenId_idempotencyKey_key" ON "Request"("apiTokenId", "idempotencyKey");
