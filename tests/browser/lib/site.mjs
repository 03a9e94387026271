// What the tests read from the pages and from the API, shared by the suites.
import assert from 'node:assert/strict';

/** The dimensions the action list offers as checkboxes (web_actions.c facet_groups). */
export const CHECKBOX_DIMS = ['objective', 'principle', 'gcr_objective', 'region', 'country',
  'theme', 'target_group', 'kind', 'status'];
/** The country facet is cut to this many values on the page (FACET_COUNTRIES_SHOWN). */
export const PAGE_FACET_LIMIT = 30;

export class Site {
  constructor(base) {
    this.base = base;
  }

  async getJson(path) {
    const res = await fetch(this.base + path);
    const text = await res.text();
    assert.equal(res.status, 200, `GET ${path}: status ${res.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text);
  }

  /**
   * The API's answer for the query of a website URL: the same parameters, without the
   * website's own `lang` and without empty values (an empty field of the GET form means
   * "any", so the API equivalent leaves it out), with every facet counted.
   */
  async apiFor(pageUrl) {
    const params = apiParams(pageUrl);
    params.set('facets', 'all');
    params.set('facet_limit', String(PAGE_FACET_LIMIT));
    return this.getJson(`/api/v1/actions?${params}`);
  }
}

export function apiParams(pageUrl) {
  const url = new URL(pageUrl);
  const params = new URLSearchParams();
  for (const [k, v] of url.searchParams) {
    if (k === 'lang' || v === '') continue;
    params.append(k, v);
  }
  return params;
}

/**
 * Records the status of every main-frame document a page loads, so that a navigation caused by
 * a click or a form submission can be checked like page.goto's response.
 */
export function trackDocuments(page) {
  page.__documents = [];
  page.on('response', (r) => {
    const req = r.request();
    if (req.isNavigationRequest() && req.frame() === page.mainFrame()) {
      page.__documents.push({ url: r.url(), status: r.status() });
    }
  });
}

/** Asserts that the page now shows a document that loaded with @want (200). */
export async function assertLoaded(page, what, want = 200) {
  await page.waitForLoadState('load');
  const last = page.__documents?.at(-1);
  assert.ok(last, `${what}: no document was loaded`);
  if (last.status !== want) {
    const message = await page.locator('.error-message').first().textContent({ timeout: 1000 })
      .catch(() => '');
    assert.fail(`${what}: ${last.url} answered ${last.status}, want ${want}` +
      (message ? ` ("${message.trim()}")` : ''));
  }
}

export async function gotoOk(page, url, want = 200) {
  const res = await page.goto(url);
  assert.ok(res, `GET ${url}: no response`);
  if (res.status() !== want) {
    const message = await page.locator('.error-message').first().textContent({ timeout: 1000 })
      .catch(() => '');
    assert.fail(`GET ${url}: status ${res.status()}, want ${want}` +
      (message ? ` ("${message.trim()}")` : ''));
  }
  return res;
}

/** The checkbox of one facet value on the action list. */
export function facetBox(page, param, value) {
  return page.locator(`form#filters input[type=checkbox][name="${param}"][value="${value}"]`);
}

/** The state of the action list as the page shows it. */
export function readActionList(page) {
  return page.evaluate(() => {
    const digits = (s) => {
      const d = (s || '').replace(/\D/g, '');
      return d === '' ? null : Number(d);
    };
    const form = document.getElementById('filters');
    const boxes = form ? [...form.querySelectorAll('input[type=checkbox]')] : [];
    return {
      summary: document.getElementById('results-h')?.textContent.trim() ?? null,
      count: digits(document.getElementById('results-h')?.textContent),
      options: boxes.map((b) => {
        const label = b.closest('label') ||
          (b.id ? document.querySelector(`label[for="${CSS.escape(b.id)}"]`) : null);
        return {
          param: b.name, value: b.value, checked: b.checked,
          label: label?.textContent.trim() ?? '',
          count: digits(label?.querySelector('.count')?.textContent),
        };
      }),
      ids: [...document.querySelectorAll('section.results ul.cards > li.card h3 a')].map((a) =>
        decodeURIComponent(new URL(a.href).pathname.replace(/^\/actions\//, ''))),
      next: document.querySelector('a[rel=next]')?.href ?? null,
    };
  });
}

/**
 * The page's results count, facet counts and cards equal the API's answer to the same query
 * (that of the page's URL, or of @sameAs). Returns the page's state.
 */
export async function assertMatchesApi(site, page, what, sameAs = page.url()) {
  const shown = await readActionList(page);
  const api = await site.apiFor(sameAs);
  const apiQuery = apiParams(sameAs).toString();
  assert.equal(shown.count, api.total,
    `${what}: the page says "${shown.summary}" but /api/v1/actions?${apiQuery} has total ${api.total}`);

  const problems = [];
  for (const o of shown.options) {
    const values = api.facets?.[o.param];
    const f = values?.find((v) => v.value === o.value);
    if (!f) problems.push(`${o.param}=${o.value} ("${o.label}") is offered but the API has no such facet value`);
    else if (f.count !== o.count) problems.push(`${o.param}=${o.value} ("${o.label}") shows ${o.count}, the API counts ${f.count}`);
  }
  for (const dim of CHECKBOX_DIMS) {
    for (const f of api.facets?.[dim] ?? []) {
      if (f.count > 0 && !shown.options.some((o) => o.param === dim && o.value === f.value)) {
        problems.push(`${dim}=${f.value} has ${f.count} actions in the API but no checkbox on the page`);
      }
    }
  }
  assert.deepEqual(problems, [], `${what}: facet counts differ from /api/v1/actions?${apiQuery}&facets=all:\n  ${problems.join('\n  ')}`);
  assert.deepEqual(shown.ids, api.items.map((i) => i.external_id),
    `${what}: the cards are not the API's items for /api/v1/actions?${apiQuery}`);
  return { shown, api };
}

/** Visible focus indicator of the focused element: an outline or a box shadow. */
export function focusStyle(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { element: null };
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const shadow = cs.boxShadow && cs.boxShadow !== 'none';
    return {
      element: el.outerHTML.slice(0, 160),
      tag: el.tagName.toLowerCase(),
      className: el.className,
      visible: outline || !!shadow,
      outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
      boxShadow: cs.boxShadow,
      onScreen: r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0 &&
        r.top < innerHeight && r.left < innerWidth,
      rect: [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)],
    };
  });
}

/** Horizontal overflow: the document's width, and the elements that stick out past @width. */
export function overflow(page, width) {
  return page.evaluate((w) => {
    const limit = w + 1;
    const describe = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      if (typeof el.className === 'string' && el.className.trim()) {
        s += '.' + el.className.trim().split(/\s+/).join('.');
      }
      return s;
    };
    const path = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
        parts.unshift(describe(e));
      }
      return parts.join(' > ');
    };
    // whether a scrolling ancestor clips @el (an absolutely positioned element escapes the
    // scrolling boxes between it and its containing block, and so widens the page)
    const clippedAt = (el) => {
      const pos = getComputedStyle(el).position;
      if (pos === 'fixed') return true; // the viewport holds it; it cannot widen the document
      let escaping = pos === 'absolute';
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const cs = getComputedStyle(a);
        if (escaping && cs.position === 'static') continue; // not its containing block
        if (cs.overflowX !== 'visible' && a.getBoundingClientRect().right <= limit) return true;
        if (cs.position === 'fixed') return true;
        escaping = cs.position === 'absolute';
      }
      return false;
    };
    const sticking = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > limit && !clippedAt(el)) sticking.push(el);
    }
    const lines = new Map(); // the same element in every row of a table: once, counted
    for (const el of sticking.filter((e) => !sticking.some((o) => o !== e && e.contains(o)))) {
      const r = el.getBoundingClientRect();
      const key = `${path(el)} (position ${getComputedStyle(el).position}, left ${Math.round(r.left)} px, right ${Math.round(r.right)} px)`;
      const seen = lines.get(key);
      lines.set(key, seen ? { ...seen, n: seen.n + 1 } : { n: 1, text: el.textContent.trim().slice(0, 40) });
    }
    const wide = [...lines].slice(0, 8).map(([key, { n, text }]) =>
      `${key}${text ? ` text "${text}"` : ''}${n > 1 ? ` ×${n}` : ''}`);
    return { scrollWidth: document.documentElement.scrollWidth, wide };
  }, width);
}
