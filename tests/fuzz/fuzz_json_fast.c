/* Differential fuzz target for util/json_fast: json_fast_load() must give what json_loadb()
 * with JSON_REJECT_DUPLICATES gives, the same value or the same error message, for any bytes.
 * Built with libFuzzer by `make fuzz`; `ctest` replays the corpus through replay_main.c. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_fast.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    json_error_t want_err, got_err;
    json_t *want = json_loadb(s, size, JSON_REJECT_DUPLICATES, &want_err);
    json_t *got = json_fast_load(s, size, &got_err);
    if ((want == NULL) != (got == NULL))
        abort();
    if (want == NULL && strcmp(want_err.text, got_err.text) != 0)
        abort();
    if (want != NULL) {
        /* json_equal() ignores key order, so compare the text too */
        char *a = json_dumps(want, JSON_COMPACT);
        char *b = json_dumps(got, JSON_COMPACT);
        if (!json_equal(want, got) || a == NULL || b == NULL || strcmp(a, b) != 0)
            abort();
        free(a);
        free(b);
    }
    json_decref(want);
    json_decref(got);
    return 0;
}
