// Headless Chromium through playwright-core (no browser downloaded by npm: Debian's chromium),
// and the axe-core source. A missing prerequisite is an error naming scripts/bootstrap.sh,
// so that CI fails instead of passing silently.
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const BOOTSTRAP = 'run scripts/bootstrap.sh (as root it installs chromium and runs npm ci in tests/browser)';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const LAUNCH_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu',
  '--disable-dev-shm-usage', '--disable-background-networking'];

function requireModule(name) {
  try {
    return require(name);
  } catch (e) {
    throw new Error(`the npm package ${name} is missing from tests/browser/node_modules: ${BOOTSTRAP} (${e.code || e.message})`);
  }
}

export function launchChromium() {
  try {
    accessSync(CHROMIUM, constants.X_OK);
  } catch {
    throw new Error(`no Chromium at ${CHROMIUM}: ${BOOTSTRAP}`);
  }
  const { chromium } = requireModule('playwright-core');
  // headless: playwright adds its headless defaults (hidden scrollbars, as on phones); the
  // --headless=new of LAUNCH_ARGS comes after its --headless and wins
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
}

let axeSource;
export function axeScript() {
  if (axeSource === undefined) {
    requireModule('axe-core');
    axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  }
  return axeSource;
}
