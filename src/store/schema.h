/* The SQLite schema as numbered migrations; each is applied in one transaction and recorded in
 * PRAGMA user_version. Never edit a released migration: add the next one. */
#ifndef LOCALACTION_SCHEMA_H
#define LOCALACTION_SCHEMA_H

static const char *const schema_migrations[] = {
    /* 1: governments, actions, classifications, indicators, full-text search */
    "CREATE TABLE governments ("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  name_key TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  country TEXT NOT NULL,"
    "  subdivision TEXT,"
    "  population INTEGER,"
    "  latitude REAL,"
    "  longitude REAL,"
    "  website TEXT,"
    "  UNIQUE (name_key, country)"
    ");"
    "CREATE TABLE government_networks ("
    "  government_id INTEGER NOT NULL REFERENCES governments(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  network TEXT NOT NULL,"
    "  PRIMARY KEY (government_id, position)"
    ");"
    "CREATE TABLE endorsements ("
    "  government_id INTEGER NOT NULL REFERENCES governments(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  declaration TEXT NOT NULL,"
    "  date TEXT,"
    "  signatory_name TEXT,"
    "  signatory_title TEXT,"
    "  PRIMARY KEY (government_id, position)"
    ");"
    /* Small columns first: SQLite reaches a column stored after a long text only by walking
     * the text's overflow pages, and the API reads card_json for every list item. */
    "CREATE TABLE actions ("
    "  id INTEGER PRIMARY KEY,"
    "  external_id TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL,"
    "  language TEXT NOT NULL,"
    "  start_date TEXT,"
    "  end_date TEXT,"
    "  end_tbc INTEGER NOT NULL DEFAULT 0,"
    "  budget_cents INTEGER,"
    "  funding_secured_cents INTEGER,"
    "  funding_sought_cents INTEGER,"
    "  currency TEXT,"
    "  source_url TEXT,"
    "  publication_state TEXT NOT NULL,"
    "  implementation_status TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  content_hash TEXT NOT NULL,"
    /* classifications: codes separated by ';' ("7;15;16"), as in CSV files; the server
     * filters and counts them in memory, so they need no table of their own */
    "  gcm_objectives TEXT NOT NULL DEFAULT '',"
    "  guiding_principles TEXT NOT NULL DEFAULT '',"
    "  gcr_objectives TEXT NOT NULL DEFAULT '',"
    "  sdg_targets TEXT NOT NULL DEFAULT '',"
    "  themes TEXT NOT NULL DEFAULT '',"
    "  target_groups TEXT NOT NULL DEFAULT '',"
    "  card_json TEXT NOT NULL," /* the API's list item */
    "  api_rest TEXT NOT NULL,"  /* the API's JSON after the description */
    "  title TEXT NOT NULL,"
    "  summary TEXT,"
    "  source TEXT,"
    "  government_names TEXT NOT NULL DEFAULT '',"
    "  description TEXT"
    ");"
    "CREATE TABLE action_governments ("
    "  action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  government_id INTEGER NOT NULL REFERENCES governments(id),"
    "  PRIMARY KEY (action_id, position)"
    ");"
    "CREATE INDEX action_governments_by_government ON action_governments(government_id);"
    "CREATE TABLE action_partners ("
    "  action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  PRIMARY KEY (action_id, position)"
    ");"
    "CREATE TABLE indicators ("
    "  id INTEGER PRIMARY KEY,"
    "  action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  unit TEXT,"
    "  baseline REAL,"
    "  target REAL,"
    "  deadline TEXT,"
    "  UNIQUE (action_id, position)"
    ");"
    /* External content: the text lives in actions and the import keeps the index in step.
     * detail=none keeps only which words each action holds (searches AND words, never
     * phrases), and a 64 MB buffer makes fewer segments to merge: together they index
     * about twice as fast as the defaults. */
    "CREATE VIRTUAL TABLE action_search USING fts5("
    "  title, summary, description, government_names,"
    "  content='actions', content_rowid='id', detail=none,"
    "  tokenize='unicode61 remove_diacritics 2'"
    ");"
    "INSERT INTO action_search (action_search, rank) VALUES ('hashsize', 67108864);"
    /* titles alone, for relevance: actions whose title holds every word come first */
    "CREATE VIRTUAL TABLE action_title_search USING fts5("
    "  title, content='actions', content_rowid='id', detail=none,"
    "  tokenize='unicode61 remove_diacritics 2'"
    ");",
};

#endif
