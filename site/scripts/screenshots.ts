/**
 * Screenshots of a built site for looking at it (not a test):
 *   npx tsx site/scripts/screenshots.ts [--dir dist] [--base /] [--to build/screenshots]
 * Overview, a unit page, a branch page, the 通报 in print mode (also as PDF), phone-width pages.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { startServer } from './serve.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const dir = resolve(arg('--dir', 'dist'));
const base = arg('--base', '/');
const to = resolve(arg('--to', 'build/screenshots'));
mkdirSync(to, { recursive: true });

const server = await startServer(dir, base, 0);
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  /** The whole page, and its first screen on its own (a full long page is too small to read). */
  const shot = async (name: string, url: string) => {
    await page.goto(origin + url);
    await page.screenshot({ path: join(to, `${name}.png`), fullPage: true });
    await page.screenshot({ path: join(to, `${name}-top.png`) });
    console.log(`${name}.png  ${url}`);
  };
  await shot('overview', base);
  const unitHref = await page.locator('main a[href*="/units/"]').first().getAttribute('href');
  if (unitHref) await shot('unit', unitHref);
  const branchHref = await page.locator('main a[href*="/branches/"]').first().getAttribute('href');
  if (branchHref) await shot('branch', branchHref);
  await shot('rankings', `${base}rankings/`);
  await shot('quality', `${base}quality/`);
  await shot('courses', `${base}courses/`);
  await page.emulateMedia({ media: 'print' });
  // The printable width of A4 with the stylesheet's 18 mm side margins: 174 mm ≈ 658 CSS px.
  await page.setViewportSize({ width: 658, height: 930 });
  await shot('notice-print', `${base}notice/`);
  await page.pdf({ path: join(to, 'notice.pdf'), format: 'A4', preferCSSPageSize: true });
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('phone-overview', base);
  if (unitHref) await shot('phone-unit', unitHref);
  if (branchHref) await shot('phone-branch', branchHref);
  await shot('phone-notice', `${base}notice/`);
} finally {
  await browser.close();
  server.close();
}
