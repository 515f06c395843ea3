/**
 * Headless Chromium for tests that render HTML (the study report). Looks for the Debian
 * `chromium` binary (or $CHROMIUM); tests skip with a message where there is none.
 */
import { existsSync } from 'node:fs';
import { launch, type Browser } from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);

export function chromiumAvailable(): boolean {
  return CHROMIUM !== undefined && existsSync(CHROMIUM);
}

export async function openBrowser(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return launch({ executablePath: CHROMIUM!, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}
