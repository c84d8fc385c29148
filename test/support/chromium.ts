/**
 * Where the browser tests find Debian's Chromium, and what they do without one: skip with a
 * message on a developer's machine, fail under CI=true (.ci/run installs it), so a CI run can
 * never pass by skipping every browser test. CHROMIUM_PATH, when set, is the only place looked
 * at (so a run without a browser can be tried). And how they start it: headless, off the network.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';

export const CHROMIUM = (
  process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ['/usr/bin/chromium', '/usr/bin/chromium-browser']
).find((p) => existsSync(p));

/** call at the top of a browser test file: `name` is the file's short name, `title` its describe */
export function requireChromium(name: string, title: string): void {
  if (CHROMIUM) return;
  if (process.env.CI !== 'true') {
    console.warn(
      `${name}: skipped, no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH); under CI=true this fails`,
    );
    return;
  }
  describe(`${title} (CI)`, () => {
    it('has a Chromium to run in', () => {
      expect.fail(
        'CI=true but no Chromium at CHROMIUM_PATH, /usr/bin/chromium or /usr/bin/chromium-browser: .ci/run installs it',
      );
    });
  });
}

/** Debian's Chromium, headless; playwright-core gives each launch a fresh temporary profile
 *  (--user-data-dir) and --headless / --no-sandbox from the options; the args keep it off the network */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: [
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
