/**
 * Headless Chromium for tests that render HTML (the study report). Looks for the Debian
 * `chromium` binary (or $CHROMIUM); tests skip with a message where there is none.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { launch, type Browser } from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);

export function chromiumAvailable(): boolean {
  return CHROMIUM !== undefined && existsSync(CHROMIUM);
}

export async function openBrowser(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return launch({ executablePath: CHROMIUM!, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

export interface FigureSize {
  id: string;
  w: number;
  h: number;
  shapes: number;
}

/**
 * Opens an HTML file in a fresh page, collecting console errors/warnings and page errors, and
 * measures every `figure svg` (bounding box, number of drawn shapes). `check` runs on the page
 * before it closes (clicks, screenshots).
 */
export async function renderPage(
  file: string, check: (page: import('puppeteer-core').Page, figures: FigureSize[]) => Promise<void>,
): Promise<{ problems: string[] }> {
  const browser = await openBrowser();
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warn') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${(e as Error).message}`));
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const figures = await page.$$eval('figure svg', (svgs) => svgs.map((s) => {
      const b = (s as SVGSVGElement).getBBox();
      return { id: s.parentElement!.id, w: b.width, h: b.height, shapes: s.querySelectorAll('path, rect, circle, line').length };
    }));
    await check(page, figures);
    return { problems };
  } finally {
    await browser.close();
  }
}
