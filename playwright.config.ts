import { defineConfig, devices } from '@playwright/test';

/** Debian's Chromium, never a downloaded browser; real WebRTC with Chromium's fake audio devices. */
const chromiumArgs = [
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required',
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];
const port = Number(process.env.E2E_PORT ?? 3100);
const simControlToken = process.env.SIMULATOR_CONTROL_TOKEN ?? 'e2e-simulator-control-token';
const simulatorPort = port + 1;

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
    permissions: ['microphone'],
    trace: 'retain-on-failure',
  },
  projects: [{ name: 'debian-chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } } }],
  webServer: {
    command: 'node --import tsx src/server/main.ts',
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    stdout: process.env.E2E_LOG_LEVEL ? 'pipe' : 'ignore',
    timeout: 120_000,
    env: { PORT: String(port), SIMULATOR_PORT: String(simulatorPort), SIMULATOR_CONTROL_TOKEN: simControlToken, DATA_DIR: `./test-results/e2e-data-${Date.now()}`, LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn' },
  },
});
