-- Only a Home someone looked at lately follows changes live (views.publish is Tier 4: three
-- Homes a decision would pass it at a decision a second); opening it brings it up to date.
ALTER TABLE "HomeView" ADD COLUMN "openedAt" TIMESTAMP(3);
ALTER TABLE "HomeView" ALTER COLUMN "hash" DROP NOT NULL;
ALTER TABLE "HomeView" ALTER COLUMN "publishedAt" DROP NOT NULL;
