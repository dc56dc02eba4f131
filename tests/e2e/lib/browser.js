// Debian's chromium driven by playwright-core; never a downloaded browser.
import { chromium } from 'playwright-core';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function login(page, baseUrl, user, password) {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name="login"]', user);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
}

// The product's users are Spanish-speaking administrators; pages follow Accept-Language.
export async function newPage(browser, locale = 'es-CL') {
  const context = await browser.newContext({ locale, viewport: { width: 1366, height: 900 } });
  return context.newPage();
}
