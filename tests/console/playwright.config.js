// Playwright for the saga console, on Debian's Chromium (no browser download).
//
// What it runs against comes from the environment (tests/e2e/console sets it):
//   SAGASHOP_CONSOLE_URL       the console, e.g. https://127.0.0.1:8000/
//   SAGASHOP_CONSOLE_TOKEN     an operator's token (ops scope)
//   SAGASHOP_CONSOLE_SCENARIO  a JSON file naming the orders the specs look for (support/scenario.js)
//   SAGASHOP_CONSOLE_CERT      the certificate the console serves, trusted by its public key
//   SAGASHOP_CONSOLE_SCREENSHOTS  where the "screenshots" project writes its PNGs
// Projects: "console" (specs/, the checks) and "screenshots" (screenshots/, the pictures of
// docs/console.md).
const { defineConfig } = require('@playwright/test');
const { chromiumArgs } = require('./support/trust.js');

module.exports = defineConfig({
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  outputDir: process.env.SAGASHOP_CONSOLE_RESULTS ?? 'test-results',
  use: {
    baseURL: process.env.SAGASHOP_CONSOLE_URL,
    headless: true,
    locale: 'en-GB',
    timezoneId: 'UTC',
    viewport: { width: 1400, height: 900 },
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs() },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'console', testDir: 'specs' },
    { name: 'screenshots', testDir: 'screenshots' },
  ],
});
