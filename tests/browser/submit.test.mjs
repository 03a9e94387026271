// Browser test of submitting an action through the web form (the issue "Accounts, roles,
// submissions and the review workflow"): a focal point signs in, fills the form with a
// mistake (an end date before the start date), sees the error next to the field with the
// rest of the input kept, corrects it, submits for review and lands on the submission's
// page. axe-core checks the form and the submission page. An administrator finds a lead
// government among all of them; a reviewer is told why they cannot submit.
//
// Run: LOCALACTION_BIN=build/localaction node --test submit.test.mjs   (see README.md)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { axeScript, launchChromium } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { assertLoaded, gotoOk, trackDocuments } from './lib/site.mjs';

const TIMEOUT_MS = 10000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FOCAL = { email: 'focal@example.org', role: 'focal_point', government: 'accra-gh',
  password: 'correct horse battery staple' };
const ADMIN = { email: 'admin@example.org', role: 'admin', password: 'correct horse battery staple' };
const REVIEWER = { email: 'reviewer@example.org', role: 'reviewer',
  password: 'correct horse battery staple' };
const TITLE = 'Accra opens a welcome desk <b>for newcomers</b>';

let server;
let browser;
let context;
let page;

async function assertAccessible(p, what) {
  await p.addScriptTag({ content: axeScript() });
  const result = await p.evaluate((tags) =>
    window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.slice(0, 6).map((n) => `      ${n.target.join(' ')}`).join('\n')).join('\n    ');
  assert.equal(bad.length, 0, `${what}:\n    ${report}`);
}

describe('submitting an action on the website', { timeout: 120000 }, () => {
  before(async () => {
    server = await startServer({ users: [FOCAL, ADMIN, REVIEWER] });
    browser = await launchChromium();
    // bypassCSP: the site's CSP refuses the injected (inline) axe script
    context = await browser.newContext({ baseURL: server.url, bypassCSP: true });
    context.setDefaultTimeout(TIMEOUT_MS);
    page = await context.newPage();
    trackDocuments(page);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    const log = server?.log() ?? '';
    await server?.stop();
    const found = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:/.exec(log);
    if (found) assert.fail(`sanitizer report from the server:\n${log.slice(found.index, found.index + 1500)}`);
  });

  it('signs in as a focal point and is sent back to the form', async () => {
    await gotoOk(page, '/submit');
    assert.match(new URL(page.url()).pathname, /^\/login$/, 'signed out, /submit asks to sign in');
    await page.fill('#email', FOCAL.email);
    await page.fill('#password', FOCAL.password);
    await Promise.all([page.waitForURL((u) => u.pathname === '/submit'), page.locator('main form button[type=submit]').click()]);
    await assertLoaded(page, 'the submit form after signing in');
    assert.ok(await page.locator('header a[href="/submit"]').count() > 0, 'the header links to the form');
  });

  it('has no serious or critical axe violation on /submit', () => assertAccessible(page, '/submit'));

  it('shows an end date before the start date next to its field, keeping the input', async () => {
    await page.fill('#title', TITLE);
    await page.fill('#summary', 'A desk where newcomers find help.');
    await page.fill('#description', 'Open every weekday.\nStaffed by the city.');
    await page.check('#gcm-7');
    await page.check('#gcm-16');
    await page.fill('#sdg_targets', '10.7');
    await page.fill('#start_date', '2025-03');
    await page.fill('#end_date', '2024-12');
    await page.fill('#partners', 'UNHCR\nRed Cross');
    await Promise.all([page.waitForURL('**/submit'), page.locator('button[value=submit]').click()]);
    await assertLoaded(page, 'the refused form', 400);
    const error = page.locator('#end_date-error');
    assert.ok(await error.isVisible(), 'no error next to the end date');
    assert.match(await error.textContent(), /before/);
    assert.equal(await page.getAttribute('#end_date', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#end_date', 'aria-describedby'), /end_date-error/);
    assert.ok(await page.locator('.error-message a[href="#end_date"]').count() === 1, 'the summary links to the field');
    // everything else as typed
    assert.equal(await page.inputValue('#title'), TITLE);
    assert.equal(await page.inputValue('#description'), 'Open every weekday.\nStaffed by the city.');
    assert.equal(await page.inputValue('#start_date'), '2025-03');
    assert.equal(await page.inputValue('#end_date'), '2024-12');
    assert.equal(await page.inputValue('#partners'), 'UNHCR\nRed Cross');
    assert.ok(await page.isChecked('#gcm-7') && await page.isChecked('#gcm-16'), 'objectives kept');
    assert.ok(!(await page.isChecked('#gcm-1')));
    await assertAccessible(page, '/submit with errors');
  });

  it('corrects the date, submits for review and sees the submission page', async () => {
    await page.fill('#end_date', '2026-12');
    await Promise.all([page.waitForURL(/\/submissions\/\d+$/), page.locator('button[value=submit]').click()]);
    await assertLoaded(page, 'the submission page');
    assert.equal((await page.locator('main > h1').textContent()).trim(), TITLE, 'the title shows as text');
    assert.equal(await page.locator('main h1 b').count(), 0, 'no element made from the title');
    assert.match(await page.locator('p.lead .state').textContent(), /Submitted/);
    const audit = await page.locator('table.audit tbody tr').allTextContents();
    assert.equal(audit.length, 2, `audit log: ${audit}`);
    assert.match(audit[1], /Draft\s*Submitted/);
    assert.ok(await page.locator('form.move input[name=to][value=withdrawn]').count() === 1,
      'the focal point may withdraw it');
    await assertAccessible(page, new URL(page.url()).pathname);
  });

  /** A page of a browser context of its own, signed in as @who and sent on to /submit. */
  async function signedIn(who) {
    const ctx = await browser.newContext({ baseURL: server.url, bypassCSP: true });
    ctx.setDefaultTimeout(TIMEOUT_MS);
    const p = await ctx.newPage();
    trackDocuments(p);
    await gotoOk(p, '/submit');
    await p.fill('#email', who.email);
    await p.fill('#password', who.password);
    await Promise.all([p.waitForURL((u) => u.pathname === '/submit'),
      p.locator('main form button[type=submit]').click()]);
    return p;
  }

  it('lets an administrator find the lead government among all of them', async () => {
    const p = await signedIn(ADMIN);
    await assertLoaded(p, 'the submit form of an administrator');
    assert.equal(await p.inputValue('#lead'), '', 'no lead is chosen at first');
    await p.fill('#title', 'Kept while searching');
    await p.fill('#lead_search', 'accra');
    await Promise.all([p.waitForURL('**/submit'), p.locator('button[value=find_lead]').click()]);
    await assertLoaded(p, 'the form after Find');
    assert.match(await p.locator('#lead option:checked').textContent(), /^Accra \(Ghana\)$/);
    assert.equal(await p.inputValue('#title'), 'Kept while searching');
    await assertAccessible(p, '/submit after Find');
    await p.context().close();
  });

  it('tells a reviewer why they cannot submit, and what to do', async () => {
    const p = await signedIn(REVIEWER);
    await assertLoaded(p, 'the refusal', 403);
    assert.match(await p.locator('main .error-message').textContent(), /Reviewers check and publish/);
    assert.ok(await p.locator('main a[href="/submissions"]').count() === 1, 'a link to the queue');
    await assertAccessible(p, '/submit refused to a reviewer');
    await p.context().close();
  });
});
