import { defineConfig } from 'vitest/config'

// Tests drive a real Chromium and write real files; two cores run two files at a time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
  },
})
