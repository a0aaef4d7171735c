import { defineConfig } from 'vitest/config';

// Engines and grading run in plain node: no DOM, no Astro runtime.
// test/unit holds in-process tests; test/integration the ones that start processes
// (bash and shellcheck on the lab scripts, the worked-example service, the grade command as a program).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
