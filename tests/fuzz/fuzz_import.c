/* Fuzz target for the importer: every input is imported as CSV, as JSON Lines and as a JSON
 * array into one in-memory database, through the same code path `localaction import` takes.
 * Built with libFuzzer by `make fuzz`; `ctest` replays the corpus through replay_main.c. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "domain/taxonomy.h"
#include "io/import.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct store *st;
    static const enum import_format formats[] = {IMPORT_CSV, IMPORT_JSONL, IMPORT_JSON};

    if (st == NULL) {
        if (taxonomy_init() != ERR_OK || store_open(&st, ":memory:") != ERR_OK)
            abort();
    }
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
        struct import_options opt = {.format = formats[i], .partial = i == 1};
        struct import_summary sum;
        enum err e = import_buffer(st, "fuzz", (const char *)data, size, &opt, &sum);
        /* bad input is rejected, never a database error */
        if (e != ERR_OK && e != ERR_INVALID && e != ERR_TOO_BIG)
            abort();
    }
    return 0;
}
