import { defineConfig } from 'vitest/config';

// Engines and grading run in plain node: no DOM, no Astro runtime.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
