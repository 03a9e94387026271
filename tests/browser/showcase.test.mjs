// Browser tests of the public showcase (the issue "The public showcase"): headless Chromium
// driven by playwright-core, axe-core for accessibility. One server for the whole file, started
// on 127.0.0.1 with a temporary database: the demo data plus the actions of lib/testdata.mjs.
//
// Run: LOCALACTION_BIN=build/localaction node --test   (in tests/browser; see README.md)
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { axeScript, launchChromium } from './lib/browser.mjs';
import { uiCatalog } from './lib/po.mjs';
import { REPO, startServer } from './lib/server.mjs';
import {
  Site, assertLoaded, assertMatchesApi, facetBox, focusStyle, gotoOk, overflow, trackDocuments,
} from './lib/site.mjs';
import { HOSTILE, OBJECTIVES, SEARCH_WORD } from './lib/testdata.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCREENSHOT_DIR = path.resolve(process.env.SCREENSHOT_DIR || path.join(HERE, 'screenshots'));
const TIMEOUT_MS = 10000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const NAV_KEYS = ['nav_home', 'nav_actions', 'nav_governments', 'nav_objectives',
  'nav_forums', 'nav_statistics', 'nav_data'];

let server;
let browser;
let site;
/** Ids picked from the data once the server runs. */
const ids = {};

/** Every page type of the website; paths are functions as the ids are known only at run time. */
const PAGES = [
  { name: 'home', path: () => '/' },
  { name: 'actions', path: () => '/actions' },
  { name: 'search', path: () => `/actions?q=${SEARCH_WORD}` },
  { name: 'action', path: () => `/actions/${encodeURIComponent(ids.action)}` },
  { name: 'governments', path: () => '/governments' },
  { name: 'government', path: () => `/governments/${ids.government}` },
  { name: 'objectives', path: () => '/objectives' },
  { name: 'objective-7', path: () => '/objectives/7' },
  { name: 'principle-1', path: () => '/principles/1' },
  { name: 'gcr-objective-1', path: () => '/gcr-objectives/1' },
  { name: 'forums', path: () => '/forums' },
  { name: 'forum', path: () => '/forums/imrf-2022' },
  { name: 'forum-report', path: () => '/forums/imrf-2022/report' },
  { name: 'government-profile', path: () => `/governments/${ids.government}/profile` },
  { name: 'progress-declaration', path: () => '/progress-declaration' },
  { name: 'declaration-paragraph', path: () => '/progress-declaration/54' },
  { name: 'statistics', path: () => '/statistics' },
  { name: 'data', path: () => '/data' },
  { name: 'not-found', path: () => '/no-such-page', status: 404 },
];

async function newContext(options = {}) {
  const context = await browser.newContext({ baseURL: server.url, ...options });
  context.setDefaultTimeout(TIMEOUT_MS);
  return context;
}

async function preparePage(context) {
  const page = await context.newPage();
  trackDocuments(page);
  page.__errors = [];
  page.on('pageerror', (e) => page.__errors.push(String(e)));
  return page;
}

/** Runs @fn with a page of a new context of @options, closed afterwards. */
async function withPage(options, fn) {
  const context = await newContext(options);
  try {
    return await fn(await preparePage(context));
  } finally {
    await context.close();
  }
}

/** Runs @fn with a new page of a shared @context, closed afterwards. */
async function inContext(context, fn) {
  const page = await preparePage(context);
  try {
    return await fn(page);
  } finally {
    await page.close();
  }
}

describe('localaction public showcase', { timeout: 240000 }, () => {
  before(async () => {
    server = await startServer();
    site = new Site(server.url);
    browser = await launchChromium();
    // an action of the demo data, and its lead government
    const list = await site.getJson('/api/v1/actions?limit=200&sort=title');
    const demo = list.items.find((a) => !a.external_id.startsWith('browser-'));
    assert.ok(demo, 'no demo action in the database');
    ids.action = demo.external_id;
    ids.government = demo.governments[0].slug;
    const hostile = await site.getJson(`/api/v1/actions/${HOSTILE.id}`);
    ids.hostileGovernment = hostile.governments[0].slug;
  });

  after(async () => {
    await browser?.close();
    const log = server?.log() ?? '';
    await server?.stop();
    // under LOCALACTION_SANITIZE (make asan), a report in the server's log is a failure
    const found = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:/.exec(log);
    if (found) assert.fail(`sanitizer report from the server:\n${log.slice(found.index, found.index + 1500)}`);
  });

  // ---- the journey of the issue ----------------------------------------------------------------

  describe('journey', () => {
    const searchUrl = `/actions?q=${SEARCH_WORD}`;
    const filteredUrl = `${searchUrl}&objective=${OBJECTIVES[0]}&objective=${OBJECTIVES[1]}`;
    let jsOnTotal = null;

    it('searches from the home page', () => withPage({}, async (page) => {
      await gotoOk(page, '/');
      await page.locator('form[role=search] input[type=search]').fill(SEARCH_WORD);
      await Promise.all([page.waitForURL(/\/actions\?/), page.keyboard.press('Enter')]);
      await assertLoaded(page, 'the search from the home page');
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('q'), SEARCH_WORD);
      assert.equal(await page.inputValue('#q'), SEARCH_WORD, 'the search box keeps the words');
      const { shown } = await assertMatchesApi(site, page, 'search results');
      assert.ok(shown.count > 20, `the search for "${SEARCH_WORD}" should page (${shown.count} results)`);
    }));

    it('ticks two objectives with JavaScript on (the form submits itself)', () => withPage({}, async (page) => {
      await gotoOk(page, searchUrl);
      for (const [i, n] of OBJECTIVES.entries()) {
        const box = facetBox(page, 'objective', n);
        await Promise.all([
          page.waitForURL((u) => u.searchParams.getAll('objective').length === i + 1,
            { waitUntil: 'load' })
            .catch(() => assert.fail(`ticking objective ${n} did not submit the form (filters.js)`)),
          box.click({ noWaitAfter: true }),
        ]);
        await assertLoaded(page, `ticking objective ${n} with JavaScript on`);
        assert.ok(await facetBox(page, 'objective', n).isChecked(), `objective ${n} stays ticked`);
      }
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('q'), SEARCH_WORD, 'the search is kept');
      assert.deepEqual(url.searchParams.getAll('objective').sort(), OBJECTIVES.map(String).sort());
      const { shown } = await assertMatchesApi(site, page, 'two objectives, JavaScript on');
      jsOnTotal = shown.count;
      assert.deepEqual(page.__errors, [], 'JavaScript errors on the page');
    }));

    it('ticks two objectives with JavaScript off and presses "Apply filters"', () =>
      withPage({ javaScriptEnabled: false }, async (page) => {
        await gotoOk(page, searchUrl);
        for (const n of OBJECTIVES) await facetBox(page, 'objective', n).check();
        assert.equal(new URL(page.url()).searchParams.getAll('objective').length, 0,
          'without JavaScript, ticking a box must not submit');
        const apply = page.locator('form#filters button.apply');
        const en = uiCatalog(REPO, 'en');
        assert.equal((await apply.textContent()).trim(), en.apply_filters);
        assert.ok(await apply.isVisible(), 'the "Apply filters" button is visible without JavaScript');
        await Promise.all([page.waitForURL((u) => u.searchParams.has('objective')), apply.click()]);
        await assertLoaded(page, 'pressing "Apply filters" with JavaScript off');
        const url = new URL(page.url());
        assert.equal(url.searchParams.get('q'), SEARCH_WORD, 'the search is kept');
        assert.deepEqual(url.searchParams.getAll('objective').sort(), OBJECTIVES.map(String).sort());
        for (const n of OBJECTIVES) assert.ok(await facetBox(page, 'objective', n).isChecked(), `objective ${n} stays ticked`);
        const { shown } = await assertMatchesApi(site, page, 'two objectives, JavaScript off');
        if (jsOnTotal !== null) assert.equal(shown.count, jsOnTotal, 'the same count with and without JavaScript');
      }));

    it('clears the search box and presses Search (JavaScript off): every action again', () =>
      withPage({ javaScriptEnabled: false }, async (page) => {
        await gotoOk(page, searchUrl);
        await page.locator('#q').fill('');
        const search = page.locator('form#filters .search button[type=submit]');
        await Promise.all([page.waitForURL((u) => u.searchParams.get('q') === ''), search.click()]);
        await assertLoaded(page, 'searching with an empty box after a search');
        // an empty box means no search: the list of /actions, whatever else the form sent
        await assertMatchesApi(site, page, 'the cleared search', `${server.url}/actions`);
      }));

    it('pages with rel=next without repeating a card, then opens an action, its government, and switches languages', () =>
      withPage({}, async (page) => {
        // the state the two previous tests reach by ticking
        await gotoOk(page, filteredUrl);
        const first = (await assertMatchesApi(site, page, 'page 1 of the filtered results')).shown;
        assert.ok(first.next, `a filtered result of ${first.count} actions has a rel=next link`);
        const seen = new Set(first.ids);
        assert.equal(seen.size, first.ids.length, 'page 1 repeats a card');
        let pageNo = 1;
        while (true) {
          const next = page.locator('a[rel=next]');
          if (await next.count() === 0) break;
          await Promise.all([page.waitForURL((u) => u.searchParams.has('cursor')), next.click()]);
          pageNo++;
          await assertLoaded(page, `page ${pageNo} (rel=next)`);
          const shown = (await assertMatchesApi(site, page, `page ${pageNo} of the filtered results`)).shown;
          assert.ok(shown.ids.length > 0, `page ${pageNo} is empty`);
          const again = shown.ids.filter((id) => seen.has(id));
          assert.deepEqual(again, [], `page ${pageNo} repeats cards of earlier pages`);
          shown.ids.forEach((id) => seen.add(id));
          assert.ok(pageNo < 10, 'rel=next never ends');
        }
        assert.equal(seen.size, first.count, 'the pages together hold every result once');

        // open an action: the first card of the last page
        const card = page.locator('section.results li.card h3 a').first();
        const title = (await card.textContent()).trim();
        await Promise.all([page.waitForURL(/\/actions\/[^/?]+$/), card.click()]);
        await assertLoaded(page, `the action "${title}"`);
        const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
        const action = await site.getJson(`/api/v1/actions/${encodeURIComponent(id)}`);
        assert.equal((await page.locator('main h1').textContent()).trim(), action.title);

        // its government, from the action page
        const gov = page.locator('article.action p.govs a').first();
        await Promise.all([page.waitForURL(/\/governments\/[^/?]+$/), gov.click()]);
        await assertLoaded(page, 'the government of the action');
        const slug = new URL(page.url()).pathname.split('/').pop();
        assert.equal(slug, action.governments[0].slug, 'the first government link is the lead government');
        const government = await site.getJson(`/api/v1/governments/${slug}`);
        assert.equal((await page.locator('main h1').textContent()).trim(), government.name);

        // French, then Spanish, with the language links; the choice sticks (cookie)
        const en = uiCatalog(REPO, 'en');
        for (const lang of ['fr', 'es']) {
          const here = new URL(page.url()).pathname;
          const link = page.locator(`nav.langs a[hreflang=${lang}]`);
          await Promise.all([page.waitForURL((u) => u.searchParams.get('lang') === lang), link.click()]);
          await assertLoaded(page, `switching to ${lang}`);
          assert.equal(new URL(page.url()).pathname, here, `the ${lang} link stays on the same page`);
          await assertLanguage(page, lang, en, `${here} after choosing ${lang}`);
          const cookies = await page.context().cookies(server.url);
          assert.equal(cookies.find((c) => c.name === 'lang')?.value, lang, `a lang=${lang} cookie is set`);

          // navigate without ?lang: the menu's Actions link, then Home
          for (const target of ['/actions', '/']) {
            const menuLink = page.locator(`nav.menu a[href="${target}"]`);
            await Promise.all([page.waitForURL((u) => u.pathname === target && !u.searchParams.has('lang')), menuLink.click()]);
            await assertLoaded(page, `the menu link ${target} in ${lang}`);
            await assertLanguage(page, lang, en, `${target} reached from the menu after choosing ${lang}`);
          }
        }
      }));
  });

  async function assertLanguage(page, lang, en, what) {
    assert.equal(await page.getAttribute('html', 'lang'), lang, `${what}: <html lang>`);
    const labels = (await page.locator('nav.menu a').allTextContents()).map((s) => s.trim());
    assert.equal(labels.length, NAV_KEYS.length, `${what}: the main menu has ${NAV_KEYS.length} links`);
    const english = NAV_KEYS.map((k) => en[k]);
    const differ = labels.filter((l, i) => l !== english[i]).length;
    assert.ok(differ >= NAV_KEYS.length / 2,
      `${what}: the navigation is not translated to ${lang}: ${JSON.stringify(labels)} (English: ${JSON.stringify(english)})`);
    const catalog = uiCatalog(REPO, lang);
    if (catalog) {
      const want = NAV_KEYS.map((k, i) => catalog[k] ?? labels[i]);
      assert.deepEqual(labels, want, `${what}: the menu labels are not those of data/i18n/${lang}/ui.po`);
    }
    const skip = (await page.locator('a.skip').textContent()).trim();
    assert.notEqual(skip, en.skip_to_content, `${what}: the skip link is not translated`);
  }

  // ---- hostile strings -------------------------------------------------------------------------

  describe('hostile strings render as text', () => {
    // bypassCSP: the site's CSP would block an injected inline script anyway; without it, a
    // missing escape would run, and the dialog listener would see it.
    const pages = [
      { name: 'the action page', path: () => `/actions/${HOSTILE.id}`, texts: [HOSTILE.title, HOSTILE.summary, HOSTILE.government] },
      { name: 'the home page (latest actions)', path: () => '/', texts: [HOSTILE.title] },
      { name: 'the action list', path: () => '/actions', texts: [HOSTILE.title, HOSTILE.summary, HOSTILE.government] },
      { name: 'a search for the script', path: () => `/actions?q=${encodeURIComponent(HOSTILE.title)}`, texts: [HOSTILE.title], input: HOSTILE.title },
      { name: 'the government page', path: () => `/governments/${ids.hostileGovernment}`, texts: [HOSTILE.government, HOSTILE.title] },
      { name: 'the government list', path: () => '/governments', texts: [HOSTILE.government] },
      { name: 'an objective of the action', path: () => '/objectives/17', texts: [HOSTILE.title] },
    ];
    for (const p of pages) {
      it(p.name, () => withPage({ bypassCSP: true }, async (page) => {
        const dialogs = [];
        page.on('dialog', (d) => {
          dialogs.push(`${d.type()}: ${d.message()}`);
          d.dismiss().catch(() => {});
        });
        await gotoOk(page, p.path());
        await page.waitForTimeout(200); // an onerror handler would fire after the image fails
        const text = await page.locator('body').innerText();
        for (const t of p.texts) assert.ok(text.includes(t), `${p.path()}: the page text lacks the literal ${JSON.stringify(t)}`);
        const found = await page.evaluate(() => ({
          imgX: document.querySelectorAll('img[src="x"], img[onerror]').length,
          scripts: [...document.scripts].filter((s) => s.textContent.includes('alert(1)')).length,
          bold: [...document.querySelectorAll('b, i')].filter((e) => /bold|dept/.test(e.textContent)).length,
          handlers: [...document.querySelectorAll('*')].filter((e) =>
            [...e.attributes].some((a) => a.name.startsWith('on'))).length,
          style: [...document.querySelectorAll('body style')].length,
          jsLinks: [...document.querySelectorAll('a[href^="javascript:"]')].length,
        }));
        assert.deepEqual(found, { imgX: 0, scripts: 0, bold: 0, handlers: 0, style: 0, jsLinks: 0 },
          `${p.path()}: markup from the data became elements`);
        assert.deepEqual(dialogs, [], `${p.path()}: a dialog opened`);
        if (p.input) assert.equal(await page.inputValue('#q'), p.input, 'the search box shows the words as typed');
        if (p.path().startsWith('/actions/')) {
          assert.equal((await page.locator('main h1').textContent()).trim(), HOSTILE.title);
          assert.ok((await page.title()).includes(HOSTILE.title), `<title> is "${await page.title()}"`);
        }
      }));
    }
  });

  // ---- keyboard --------------------------------------------------------------------------------

  describe('keyboard', () => {
    it('Tab from the top reaches the skip link first; it is visible and moves focus to main', () =>
      withPage({ viewport: { width: 1280, height: 800 } }, async (page) => {
        await gotoOk(page, '/');
        await page.keyboard.press('Tab');
        const f = await focusStyle(page);
        assert.equal(f.tag, 'a', `the first Tab stop is ${f.element}`);
        assert.match(f.className, /\bskip\b/, `the first Tab stop is ${f.element}, not the skip link`);
        assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), '#main');
        assert.ok(f.onScreen, `the focused skip link is not on screen (rect ${f.rect})`);
        assert.ok(f.visible, `the focused skip link has no visible outline (outline ${f.outline}, box-shadow ${f.boxShadow})`);
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => location.hash === '#main');
        const focus = await page.evaluate(() => {
          const main = document.getElementById('main');
          const a = document.activeElement;
          return { inMain: !!main && (a === main || main.contains(a)), active: a === document.body ? '<body>' : a.outerHTML.slice(0, 100) };
        });
        assert.ok(focus.inMain,
          `after the skip link, focus is on ${focus.active}, not on <main id="main"> (it needs tabindex="-1" to take focus)`);
        await page.keyboard.press('Tab');
        const next = await page.evaluate(() => document.getElementById('main').contains(document.activeElement));
        assert.ok(next, 'the Tab after the skip link lands inside main');
      }));

    for (const p of [{ name: 'home', path: '/' }, { name: 'actions', path: '/actions' }]) {
      it(`every early Tab stop on ${p.name} shows a focus indicator`, () =>
        withPage({ viewport: { width: 1280, height: 800 } }, async (page) => {
          await gotoOk(page, p.path);
          const bad = [];
          for (let i = 0; i < 16; i++) {
            await page.keyboard.press('Tab');
            const f = await focusStyle(page);
            if (!f.element) break;
            if (!f.visible) bad.push(`${f.element} (outline ${f.outline}, box-shadow ${f.boxShadow})`);
          }
          assert.deepEqual(bad, [], `${p.path}: focused elements without a visible outline`);
        }));
    }
  });

  // ---- phones ----------------------------------------------------------------------------------

  describe('no horizontal scroll at 320×640', () => {
    let context;
    before(async () => {
      context = await newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
    });
    after(() => context?.close());
    for (const p of PAGES) {
      it(p.name, () => inContext(context, async (page) => {
        await gotoOk(page, p.path(), p.status ?? 200);
        const closed = await overflow(page, 320);
        assert.ok(closed.scrollWidth <= 321,
          `${p.path()} at 320 px: scrollWidth ${closed.scrollWidth}; too wide:\n  ${closed.wide.join('\n  ')}`);
        // the tables behind "Show the numbers as a table" and the closed facets, opened
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
        const open = await overflow(page, 320);
        assert.ok(open.scrollWidth <= 321,
          `${p.path()} at 320 px with every <details> open: scrollWidth ${open.scrollWidth}; too wide:\n  ${open.wide.join('\n  ')}`);
      }));
    }
  });

  // ---- accessibility ---------------------------------------------------------------------------

  describe('axe-core: no serious or critical WCAG 2.1 A/AA violation', () => {
    // bypassCSP for these runs only: the site's CSP refuses the injected (inline) axe script
    const contexts = {};
    before(async () => {
      for (const lang of ['en', 'fr']) {
        contexts[lang] = await newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
        await contexts[lang].addCookies([{ name: 'lang', value: lang, url: server.url }]);
      }
    });
    after(async () => {
      for (const c of Object.values(contexts)) await c.close();
    });
    for (const lang of ['en', 'fr']) {
      for (const p of PAGES) {
        it(`${p.name} (${lang})`, () => inContext(contexts[lang], async (page) => {
          await gotoOk(page, p.path(), p.status ?? 200);
          assert.equal(await page.getAttribute('html', 'lang'), lang);
          await page.addScriptTag({ content: axeScript() });
          const result = await page.evaluate((tags) =>
            window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
          const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}\n` +
            v.nodes.slice(0, 6).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 300)}`).join('\n') +
            (v.nodes.length > 6 ? `\n      … and ${v.nodes.length - 6} more` : '')).join('\n    ');
          assert.equal(bad.length, 0, `${p.path()} in ${lang}:\n    ${report}`);
        }));
      }
    }
  });

  // ---- screenshots -----------------------------------------------------------------------------

  describe('screenshots', () => {
    const sizes = [
      { label: 'desktop-1280x800', viewport: { width: 1280, height: 800 } },
      { label: 'phone-375x812', viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true },
    ];
    for (const s of sizes) {
      it(`every page type at ${s.label}`, () => withPage({ viewport: s.viewport, isMobile: !!s.isMobile, hasTouch: !!s.hasTouch }, async (page) => {
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        for (const p of PAGES) {
          await gotoOk(page, p.path(), p.status ?? 200);
          await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${p.name}-${s.label}.png`), fullPage: true });
        }
      }));
    }
  });
});

