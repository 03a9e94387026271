/* Dates as people write them in spreadsheets, read when their meaning is unambiguous. */
#ifndef LOCALACTION_WRITTEN_DATE_H
#define LOCALACTION_WRITTEN_DATE_H

#include <stddef.h>

#include "util/err.h"

/** A date as parse_date() reads it, or written another way that can be read only one way:
 * `2022/05/01`, `2022-5-1`, `2022/5`, `05/2022`, `25/12/2022` and `12/25/2022` (a day over 12
 * says which is the day), `May 2022`, `1 May 2022`, `May 1, 2022`, `1er mai 2022`,
 * `1 de mayo de 2022` (month names in English, French and Spanish, whole or cut to three
 * letters). `01/05/2022` is refused: the 1st of May or the 5th of January. Copies the
 * canonical `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into @out (11 bytes). */
WARN_UNUSED enum err parse_date_written(const char *s, size_t len, char out[11]);

#endif
