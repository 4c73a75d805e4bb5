// `npm run test:faults`: the fault suite (test/faults/), apart from `npm test` because it
// is slower (thousands of clicks, killed workers, waits for stalled jobs); CI runs both.
import { configDefaults, defineConfig } from "vitest/config";
import base from "./vitest.config.ts";

export default defineConfig({
  test: {
    ...base.test,
    include: ["test/faults/**/*.test.ts"],
    exclude: configDefaults.exclude,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
