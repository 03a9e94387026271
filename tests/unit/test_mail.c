/* Unit tests of src/mail: addresses, RFC 2047 header text, the message format (CRLF, no
 * header injection, long lines), placeholder filling, queuing from the catalogs, back-off and
 * Message-IDs. Sending is tested against a real SMTP server in tests/integration/test_mail.py. */
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "mail/compose.h"
#include "mail/smtp.h"
#include "mail/worker.h"
#include "store/accounts.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/limits.h"
#include "util/text.h"
#include "web/i18n.h"

#define TEST_BUF_LIMIT (1u << 20)

/* ---- addresses ------------------------------------------------------------------------------ */

static void
test_address_ok(void **state)
{
    static const struct {
        const char *s;
        bool ok;
    } cases[] = {
        {"a@example.org", true},
        {"first.last+tag@sub.example.org", true},
        {"", false},
        {"@example.org", false},
        {"a@", false},
        {"a@b@c", false},
        {"no-at-sign", false},
        {"a b@example.org", false},
        {"a@example.org\r\nBcc: evil@example.org", false},
        {"a@example.org\nBcc: evil@example.org", false},
        {"<a@example.org>", false},
        {"a@example.org, b@example.org", false},
        {"\"quoted\"@example.org", false},
        {"é@example.org", false},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        if (smtp_address_ok(cases[i].s) != cases[i].ok)
            fail_msg("smtp_address_ok(%s) should be %d", cases[i].s, cases[i].ok);
    }
    char longest[SMTP_ADDRESS_MAX + 2];
    memset(longest, 'a', sizeof(longest));
    longest[0] = 'b';
    longest[1] = '@';
    longest[SMTP_ADDRESS_MAX] = '\0';
    assert_true(smtp_address_ok(longest));
    longest[SMTP_ADDRESS_MAX] = 'a';
    longest[SMTP_ADDRESS_MAX + 1] = '\0';
    assert_false(smtp_address_ok(longest));
}

/* ---- header text ---------------------------------------------------------------------------- */

/* Decodes header text made by smtp_add_header_text() into @out; checks each encoded word's
 * size and that each holds whole characters. */
static void
decode_header(const char *text, struct buf *out)
{
    const char *p = text;
    while (*p != '\0') {
        assert_true(strncmp(p, "=?UTF-8?B?", 10) == 0);
        const char *end = strstr(p + 10, "?=");
        assert_non_null(end);
        size_t word_len = (size_t)(end + 2 - p);
        assert_true(word_len <= 75);
        unsigned char raw[64];
        size_t n = 0;
        assert_int_equal(sodium_base642bin(raw, sizeof(raw), p + 10, (size_t)(end - p - 10), NULL,
                                           &n, NULL, sodium_base64_VARIANT_ORIGINAL),
                         0);
        assert_true(text_is_utf8((const char *)raw, n));
        buf_add(out, raw, n);
        p = end + 2;
        if (strncmp(p, "\r\n ", 3) == 0)
            p += 3;
        else
            assert_int_equal(*p, '\0');
    }
}

static void
test_header_ascii_is_plain(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, TEST_BUF_LIMIT);
    assert_int_equal(smtp_add_header_text(&b, "Reset your password"), ERR_OK);
    assert_string_equal(b.data, "Reset your password");
    buf_release(&b);
}

static void
test_header_utf8_is_encoded(void **state)
{
    static const char *const subjects[] = {
        "Réinitialisation de votre mot de passe localaction",
        "Restablecimiento de su contraseña de localaction",
        /* long, with two- and three-byte characters at every offset of the 45-byte cut */
        ("ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé€€€€€€€€€€€€€€€€€"
         "a€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€"),
        "ASCII but with =?UTF-8?B?Zm9v?= in it",
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(subjects); i++) {
        struct buf b, decoded;
        buf_init(&b, TEST_BUF_LIMIT);
        buf_init(&decoded, TEST_BUF_LIMIT);
        assert_int_equal(smtp_add_header_text(&b, subjects[i]), ERR_OK);
        assert_true(strncmp(b.data, "=?UTF-8?B?", 10) == 0);
        decode_header(b.data, &decoded);
        assert_string_equal(decoded.data, subjects[i]);
        buf_release(&b);
        buf_release(&decoded);
    }
}

static void
test_header_refuses_control_characters(void **state)
{
    static const char *const bad[] = {
        "Hello\r\nBcc: evil@example.org", "Hello\nBcc: evil@example.org",
        "Hello\rBcc: evil@example.org",   "tab\there",
        "été\r\nBcc: evil@example.org",   "\xff\xfe not UTF-8",
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        struct buf b;
        buf_init(&b, TEST_BUF_LIMIT);
        assert_int_equal(smtp_add_header_text(&b, bad[i]), ERR_INVALID);
        buf_release(&b);
    }
}

/* ---- messages ------------------------------------------------------------------------------- */

static const struct smtp_message good = {
    "noreply@example.org",
    "someone@example.org",
    "Réinitialisation",
    "Bonjour,\n\n.a line starting with a dot\r\nend\n",
    0,
    "<localaction.1.abc@example.org>",
};

static size_t
count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void
test_format_message(void **state)
{
    struct buf b;
    (void)state;
    buf_init(&b, TEST_BUF_LIMIT);
    assert_int_equal(smtp_format(&b, &good), ERR_OK);
    const char *want_head = "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"
                            "From: noreply@example.org\r\n"
                            "To: someone@example.org\r\n"
                            "Subject: =?UTF-8?B?";
    assert_true(strncmp(b.data, want_head, strlen(want_head)) == 0);
    assert_non_null(strstr(b.data, "\r\nMessage-ID: <localaction.1.abc@example.org>\r\n"));
    assert_non_null(strstr(b.data, "\r\nMIME-Version: 1.0\r\n"));
    assert_non_null(strstr(b.data, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
    assert_non_null(strstr(b.data, "\r\nContent-Transfer-Encoding: 8bit\r\n"));
    const char *body = strstr(b.data, "\r\n\r\n");
    assert_non_null(body);
    assert_string_equal(body + 4, "Bonjour,\r\n\r\n.a line starting with a dot\r\nend\r\n");
    /* every line ends in CRLF: no bare LF or CR */
    assert_int_equal(count(b.data, "\n"), count(b.data, "\r\n"));
    assert_int_equal(count(b.data, "\r"), count(b.data, "\r\n"));
    buf_release(&b);
}

static void
test_format_refuses_injection(void **state)
{
    struct smtp_message m;
    (void)state;
    const char *bad_to[] = {"someone@example.org\r\nBcc: evil@example.org",
                            "someone@example.org>\r\nRCPT TO:<evil@example.org"};
    for (size_t i = 0; i < ARRAY_LEN(bad_to); i++) {
        struct buf b;
        buf_init(&b, TEST_BUF_LIMIT);
        m = good;
        m.to = bad_to[i];
        assert_int_equal(smtp_format(&b, &m), ERR_INVALID);
        buf_release(&b);
    }
    struct buf b;
    buf_init(&b, TEST_BUF_LIMIT);
    m = good;
    m.subject = "Hi\r\nBcc: evil@example.org";
    assert_int_equal(smtp_format(&b, &m), ERR_INVALID);
    m = good;
    m.from = "noreply@example.org\nBcc: evil@example.org";
    assert_int_equal(smtp_format(&b, &m), ERR_INVALID);
    m = good;
    m.message_id = "<a@b>\r\nBcc: evil@example.org";
    assert_int_equal(smtp_format(&b, &m), ERR_INVALID);
    buf_release(&b);
}

static void
test_format_breaks_long_lines(void **state)
{
    struct buf body, b;
    (void)state;
    buf_init(&body, TEST_BUF_LIMIT);
    buf_init(&b, TEST_BUF_LIMIT);
    for (int i = 0; i < 2000; i++)
        buf_addstr(&body, "é"); /* 4000 bytes, no break */
    buf_addstr(&body, "\nshort\n");
    struct smtp_message m = good;
    m.body = body.data;
    assert_int_equal(smtp_format(&b, &m), ERR_OK);
    const char *p = strstr(b.data, "\r\n\r\n") + 4;
    struct buf joined;
    buf_init(&joined, TEST_BUF_LIMIT);
    size_t lines = 0;
    while (*p != '\0') {
        const char *end = strstr(p, "\r\n");
        assert_non_null(end);
        size_t len = (size_t)(end - p);
        assert_true(len <= LIMIT_MAIL_LINE_BYTES);
        assert_true(text_is_utf8(p, len)); /* never cut inside a character */
        if (strncmp(p, "short", 5) != 0)
            buf_add(&joined, p, len);
        lines++;
        p = end + 2;
    }
    assert_true(lines >= 5);
    buf_addstr(&joined, "\nshort\n");
    assert_string_equal(joined.data, body.data);
    buf_release(&joined);
    buf_release(&body);
    buf_release(&b);
}

/* ---- queuing -------------------------------------------------------------------------------- */

struct seen {
    char subject[LIMIT_MAIL_SUBJECT_BYTES + 1];
    char body[4096];
    char to[SMTP_ADDRESS_MAX + 1];
    size_t n;
};

static void
see(void *ctx, const struct outbox_mail *m)
{
    struct seen *s = ctx;
    snprintf(s->subject, sizeof(s->subject), "%s", m->subject);
    snprintf(s->body, sizeof(s->body), "%s", m->body);
    snprintf(s->to, sizeof(s->to), "%s", m->recipient);
    s->n++;
}

static void
test_queue(void **state)
{
    char why[200], path[] = "/tmp/test_mail_XXXXXX";
    struct store *st = NULL;
    (void)state;
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(i18n_load(why, sizeof(why)), ERR_OK);
    assert_int_equal(store_open(&st, path), ERR_OK);

    const char *vars[] = {
        "name", "Ana\r\nBcc: evil@example.org", "title",  "Un titre\r\nBcc: evil@example.org",
        "link", "http://127.0.0.1/x",           "reason", "because",
        NULL};
    assert_int_equal(mail_queue(st, LANG_FR, "ana@example.org", "published", vars), ERR_OK);
    struct seen s = {0};
    assert_int_equal(store_outbox_due(st, INT64_MAX / 2, 10, see, &s), ERR_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.to, "ana@example.org");
    /* the subject loses its line breaks; the body keeps the value as text */
    assert_string_equal(s.subject, "Publiée : Un titre  Bcc: evil@example.org");
    assert_non_null(strstr(s.body, "Bonjour Ana\r\nBcc: evil@example.org,"));
    assert_non_null(strstr(s.body, "http://127.0.0.1/x"));

    assert_int_equal(mail_queue(st, LANG_EN, "ana@example.org", "no_such_kind", vars), ERR_INVALID);
    const char *few[] = {"name", "Ana", NULL};
    assert_int_equal(mail_queue(st, LANG_EN, "ana@example.org", "reset", few), ERR_INVALID);
    assert_int_equal(
        mail_queue(st, LANG_EN, "ana@example.org\r\nBcc: evil@example.org", "published", vars),
        ERR_INVALID);
    const char *bad_utf8[] = {"name", "\xff", "link", "l", NULL};
    assert_int_equal(mail_queue(st, LANG_EN, "ana@example.org", "reset", bad_utf8), ERR_INVALID);
    s.n = 0;
    assert_int_equal(store_outbox_due(st, INT64_MAX / 2, 10, see, &s), ERR_OK);
    assert_int_equal(s.n, 1); /* nothing more was queued */

    static const char *const kinds[] = {
        "reset", "invitation", "submission_received", "changes_requested", "published", "declined"};
    const char *all[] = {"name",   "N", "link",       "L", "title", "T",
                         "reason", "R", "government", "G", NULL};
    for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
        assert_true(mail_kind_known(kinds[i]));
        for (int lang = 0; lang < LANG_COUNT; lang++)
            assert_int_equal(mail_queue(st, (enum lang)lang, "a@example.org", kinds[i], all),
                             ERR_OK);
    }
    store_close(st);
    unlink(path);
    char side[sizeof(path) + 8];
    snprintf(side, sizeof(side), "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", path);
    unlink(side);
}

/* ---- the worker's pieces -------------------------------------------------------------------- */

static void
test_backoff(void **state)
{
    static const struct {
        int64_t base;
        int attempts;
        int64_t want;
    } cases[] = {
        {30, 0, 30},   {30, 1, 60},        {30, 2, 120},    {30, 6, 1920},
        {30, 7, 3600}, {30, 100, 3600},    {1, 0, 1},       {1, 3, 8},
        {0, 0, 1},     {1, 1000000, 3600}, {3600, 0, 3600}, {5000, 0, 3600},
    };
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++)
        assert_int_equal(mail_backoff(cases[i].base, cases[i].attempts), cases[i].want);
}

static void
test_message_id(void **state)
{
    char a[200], b[200], c[200], d[200];
    (void)state;
    mail_message_id(7, "x@example.org", "s", "b", "https://registry.example.org:8443/", a,
                    sizeof(a));
    mail_message_id(7, "x@example.org", "s", "b", "https://registry.example.org:8443/", b,
                    sizeof(b));
    mail_message_id(7, "x@example.org", "s", "other body", "https://registry.example.org", c,
                    sizeof(c));
    mail_message_id(7, "x@example.org", "s", "b", "http://bad host\r\n/", d, sizeof(d));
    assert_string_equal(a, b); /* a retry of the same row has the same id */
    assert_string_not_equal(a, c);
    assert_true(strncmp(a, "<localaction.7.", 15) == 0);
    assert_non_null(strstr(a, "@registry.example.org>"));
    assert_non_null(strstr(d, "@localaction.invalid>"));
}

int
main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_address_ok),
        cmocka_unit_test(test_header_ascii_is_plain),
        cmocka_unit_test(test_header_utf8_is_encoded),
        cmocka_unit_test(test_header_refuses_control_characters),
        cmocka_unit_test(test_format_message),
        cmocka_unit_test(test_format_refuses_injection),
        cmocka_unit_test(test_format_breaks_long_lines),
        cmocka_unit_test(test_queue),
        cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_message_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
