/* Mail texts from the catalogs, filled in and queued in the outbox. The kinds are a fixed
 * table, so every text a mail can use is a known catalog key (checked by
 * tests/integration/test_i18n_catalogs.py). Nothing here sends: the worker does. */
#include "mail/compose.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mail/smtp.h"
#include "store/accounts.h"
#include "util/limits.h"
#include "util/text.h"

static const char *const mail_kinds[] = {
    "reset", "invitation", "submission_received", "changes_requested", "published", "declined",
};

bool
mail_kind_known(const char *kind)
{
    for (size_t i = 0; i < ARRAY_LEN(mail_kinds); i++) {
        if (strcmp(kind, mail_kinds[i]) == 0)
            return true;
    }
    return false;
}

/* The subject @in into @out with control characters (a name with a line break) as spaces,
 * cut on a character boundary when too long. */
static void
clean_subject(const char *in, char out[LIMIT_MAIL_SUBJECT_BYTES + 1])
{
    size_t len = strlen(in);
    if (len > LIMIT_MAIL_SUBJECT_BYTES) {
        len = LIMIT_MAIL_SUBJECT_BYTES;
        while (len > 0 && ((unsigned char)in[len] & 0xc0) == 0x80)
            len--;
    }
    for (size_t i = 0; i < len; i++)
        out[i] = (unsigned char)in[i] < ' ' || in[i] == 0x7f ? ' ' : in[i];
    out[len] = '\0';
}

static bool
values_are_utf8(const char *const *vars)
{
    for (size_t i = 0; vars != NULL && vars[i] != NULL; i++) {
        if (!text_is_utf8(vars[i], strlen(vars[i])))
            return false;
    }
    return true;
}

enum err
mail_queue(struct store *writer, enum lang lang, const char *to, const char *kind,
           const char *const *vars)
{
    struct buf subject, body;
    char key[64];
    enum err e = ERR_INVALID;
    buf_init(&subject, LIMIT_MAIL_BODY_BYTES);
    buf_init(&body, LIMIT_MAIL_BODY_BYTES);
    if (!mail_kind_known(kind) || !smtp_address_ok(to) || !values_are_utf8(vars))
        goto out;
    snprintf(key, sizeof(key), "mail_%s_subject", kind);
    e = text_fill(&subject, i18n_get(lang, key), vars);
    if (e != ERR_OK)
        goto out;
    snprintf(key, sizeof(key), "mail_%s_body", kind);
    e = text_fill(&body, i18n_get(lang, key), vars);
    if (e != ERR_OK)
        goto out;
    char clean[LIMIT_MAIL_SUBJECT_BYTES + 1];
    clean_subject(subject.data, clean);
    e = store_outbox_add(writer, to, clean, body.data, (int64_t)time(NULL));
out:
    buf_release(&subject);
    buf_release(&body);
    return e;
}
