import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { onTestFinished } from 'vitest';

/** Debian's Chromium (`bash .ci/setup` installs it); CHROMIUM_PATH points elsewhere. */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A headless Chromium for one test, closed when the test ends. */
export async function browserForTest(): Promise<Browser> {
  if (!existsSync(executablePath))
    throw new Error(
      `No Chromium at ${executablePath}: install Debian's chromium package (bash .ci/setup does), or set CHROMIUM_PATH`,
    );
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    // Chromium's sandbox needs an unprivileged user; CI runs as root.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  onTestFinished(() => browser.close());
  return browser;
}
