// A small reader of the gettext catalogs in data/i18n (msgctxt is the key), to know what the
// pages should say in each language without repeating the translations here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

function unquote(s) {
  return JSON.parse(s.replace(/\\t/g, '\t'));
}

/** {key: text} of @file: msgstr, or msgid when @english (the .pot). Null when the file is absent. */
export function readCatalog(file, english = false) {
  if (!existsSync(file)) return null;
  const out = {};
  let entry = {};
  let field = null;
  const flush = () => {
    if (entry.msgctxt !== undefined) {
      const text = english ? entry.msgid : entry.msgstr;
      if (text) out[entry.msgctxt] = text;
    }
    entry = {};
    field = null;
  };
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '') {
      flush();
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^(msgctxt|msgid|msgstr)\s+(".*")$/.exec(line);
    if (m) {
      if (m[1] === 'msgctxt' && entry.msgstr !== undefined) flush();
      field = m[1];
      entry[field] = unquote(m[2]);
    } else if (line.startsWith('"') && field) {
      entry[field] += unquote(line);
    }
  }
  flush();
  return out;
}

export function uiCatalog(repo, lang) {
  const dir = path.join(repo, 'data', 'i18n');
  return lang === 'en' ? readCatalog(path.join(dir, 'ui.pot'), true)
    : readCatalog(path.join(dir, lang, 'ui.po'));
}
