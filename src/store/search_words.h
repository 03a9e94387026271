/* The text a full-text index needs from an action: each distinct word once. The search index
 * keeps only which words a document holds (FTS5 detail=none), so a word's second occurrence
 * adds nothing to it but costs the indexer a hash lookup, and the tokenizer a pass over its
 * bytes: about a third of an action's words are such repeats. Pure functions, so the
 * importer's reader thread can make an action's words while the writer stores others. */
#ifndef LOCALACTION_SEARCH_WORDS_H
#define LOCALACTION_SEARCH_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "util/buf.h"

struct search_word_slot;

/** The words seen since the last search_words_reset(). Fields are private to search_words.c. */
struct search_words {
    struct search_word_slot *slots;
    size_t cap, count;   /* cap is a power of two, at least twice count */
    uint32_t generation; /* a slot of another generation is empty */
    char *scratch;       /* where search_words_add() assembles its output */
    size_t scratch_cap;
};

void search_words_init(struct search_words *w);
/** Forgets the words seen, keeping the memory for the next document. */
void search_words_reset(struct search_words *w);
void search_words_release(struct search_words *w);

/** Appends to @out, each preceded by a space when @out is not empty, the words of @s (@len
 * bytes of UTF-8) not seen since the last reset, and remembers them; @s must stay as it is
 * until the next reset, as the set points into it. A word is a run of bytes other than ASCII
 * separators (ASCII other than letters and digits); two words are the same when they are equal
 * once ASCII letters are lower-cased. The FTS5 unicode61 tokenizer splits at every ASCII
 * separator and folds ASCII case, so it finds in @out exactly the set of tokens it finds in
 * @s, whatever else it does with the bytes of a word. @out's limit must allow @len + 1 more
 * bytes. */
void search_words_add(struct search_words *w, struct buf *out, const char *s, size_t len);

/* The searchable columns of an action, in the order of the search index's columns. */
enum search_column {
    SEARCH_TITLE,
    SEARCH_SUMMARY,
    SEARCH_DESCRIPTION,
    SEARCH_GOVERNMENTS, /* the names of its governments */
    SEARCH_COLUMNS
};

/** An action's words for the search index: each distinct word once, in the first column that
 * has it (the index does not keep columns), so the title's part is the title's own words. */
struct search_text {
    struct buf text;
    size_t offset[SEARCH_COLUMNS], len[SEARCH_COLUMNS]; /* each column's words in text */
};

void search_text_init(struct search_text *t);
void search_text_release(struct search_text *t);

/** Fills @t with the words of the columns @col (NULL for an empty one) of @len bytes, using
 * @w as scratch. */
void search_text_columns(struct search_text *t, struct search_words *w,
                         const char *const col[SEARCH_COLUMNS], const size_t len[SEARCH_COLUMNS]);

/** search_text_columns() for @a, whose governments carry their stored names. */
void search_text_action(struct search_text *t, struct search_words *w, const struct action *a);

#endif
