// The extra actions the browser tests import on top of the demo data: enough to page the action
// list even under a search and two objectives, plus hostile strings that must render as text
// (in an action, its measurable target and its progress updates). Every record follows
// docs/data-format.md.

// A word only these records carry, so a search for it is predictable.
export const SEARCH_WORD = 'neighbourhood';
export const EXTRA_COUNT = 60;

export const HOSTILE = {
  id: 'browser-hostile',
  title: '<script>alert(1)</script>',
  summary: '"><img src=x onerror=alert(1)>',
  government: 'Évry <b>bold</b>',
  country: 'FR',
  indicator: '<img src=x onerror=alert(1)> housed',
  narrative: '<script>alert(2)</script> went well',
};

// The two objectives the journey ticks; the records are spread so that a search for SEARCH_WORD
// with either objective still gives more than one page of 20.
export const OBJECTIVES = [7, 15];

// [name, country] pairs: a few demo governments (matched on name and country) and new ones in
// other regions, so that the region and country facets have several values.
const GOVERNMENTS = [
  ['Kampala', 'UG'], ['Accra', 'GH'], ['Montevideo', 'UY'], ['Milan', 'IT'],
  ['Mechelen', 'BE'], ['São Paulo', 'BR'], ['Dhaka North', 'BD'], ['Freetown', 'SL'],
  ['Lyon', 'FR'], ['Medellín', 'CO'], ['Amman', 'JO'], ['Auckland', 'NZ'],
];
const THEMES = ['housing', 'health', 'education', 'reception', 'employment-livelihoods',
  'social-cohesion', 'participation', 'information'];
const GROUPS = ['migrants', 'refugees', 'youth', 'women', 'children', 'asylum-seekers',
  'host-communities', 'older-people'];
const STATUSES = ['planned', 'in_progress', 'completed', 'discontinued'];

function pad(n) {
  return String(n).padStart(2, '0');
}

/** The extra action records, hostile ones last (so they are the newest). */
export function extraActions() {
  const records = [];
  for (let i = 1; i <= EXTRA_COUNT; i++) {
    const objectives = new Set([(i % 23) + 1]);
    if (i % 2 === 0) objectives.add(OBJECTIVES[0]);
    if (i % 3 === 0) objectives.add(OBJECTIVES[1]);
    const [name, country] = GOVERNMENTS[i % GOVERNMENTS.length];
    const governments = [{ name, country }];
    if (i % 7 === 0) {
      const [n2, c2] = GOVERNMENTS[(i + 5) % GOVERNMENTS.length];
      governments.push({ name: n2, country: c2 });
    }
    records.push({
      type: 'action',
      external_id: `browser-${String(i).padStart(3, '0')}`,
      kind: i % 4 === 0 ? 'pledge' : 'practice',
      title: `${name} ${SEARCH_WORD} programme number ${i}`,
      summary: `A ${SEARCH_WORD} initiative of ${name}, written for the browser tests (${i} of ${EXTRA_COUNT}).`,
      language: 'en',
      governments,
      gcm_objectives: [...objectives].sort((a, b) => a - b),
      guiding_principles: [(i % 10) + 1],
      themes: [THEMES[i % THEMES.length]],
      target_groups: [GROUPS[i % GROUPS.length], GROUPS[(i + 3) % GROUPS.length]],
      start_date: `${2015 + (i % 9)}-${pad((i % 12) + 1)}`,
      implementation_status: STATUSES[i % STATUSES.length],
      publication_state: 'published',
      created_at: `2023-01-${pad((i % 28) + 1)}T10:00:00Z`,
      updated_at: `2023-03-${pad((i % 28) + 1)}T${pad(i % 24)}:${pad(i % 60)}:00Z`,
    });
  }
  records.push({
    type: 'government', name: HOSTILE.government, country: HOSTILE.country, kind: 'municipality',
    subdivision: 'Essonne <i>dept</i>',
  });
  records.push({
    type: 'action',
    external_id: HOSTILE.id,
    kind: 'pledge',
    title: HOSTILE.title,
    summary: HOSTILE.summary,
    description: 'Markup in text: <a href="javascript:alert(1)">link</a> & <style>body{display:none}</style>',
    language: 'fr',
    governments: [{ name: HOSTILE.government, country: HOSTILE.country }],
    gcm_objectives: [16, 17],
    themes: ['social-cohesion'],
    target_groups: ['migrants'],
    partners: ['<b>Partner</b> & Co'],
    start_date: '2024-01',
    implementation_status: 'in_progress',
    publication_state: 'published',
    // a measurable target and its progress, with hostile names and texts too
    indicators: [
      { name: HOSTILE.indicator, unit: '<b>families</b>', baseline: 0, target: 100, deadline: '2030-12-31' },
      { name: 'Days of waiting', unit: 'days', baseline: 30, target: 10, deadline: '2030-12-31' },
    ],
    created_at: '2024-06-01T12:00:00Z',
    updated_at: '2024-06-01T12:00:00Z',
  });
  records.push({
    type: 'progress_update', id: `${HOSTILE.id}-1`, action: HOSTILE.id, date: '2024-09-01',
    implementation_status: 'in_progress', values: '1=20;2=26', narrative: HOSTILE.narrative,
    evidence_url: 'https://example.org/report?a=1&b=2',
  });
  records.push({
    type: 'progress_update', id: `${HOSTILE.id}-2`, action: HOSTILE.id, date: '2025-01-15',
    implementation_status: 'in_progress', values: '1=45;2=21',
  });
  return records;
}

export function toJsonl(records) {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
