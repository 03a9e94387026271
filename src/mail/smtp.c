/* Mail messages and their delivery. smtp_format() writes a message in which nothing that came
 * from data can start a header: addresses are checked, not rewritten, and header text with a
 * control character is refused. smtp_send() is one libcurl SMTP conversation with bounded
 * time; it keeps no state between calls. */
#include "mail/smtp.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/limits.h"
#include "util/text.h"

#define ENCODED_WORD_BYTES 45  /* raw bytes per encoded word: 60 in base64, 75 with =?UTF-8?B??= */
#define PLAIN_HEADER_MAX   900 /* longer header text is encoded, hence folded */
#define MESSAGE_ID_MAX     250

bool
smtp_address_ok(const char *s)
{
    size_t len = strlen(s);
    const char *at = strchr(s, '@');
    if (len == 0 || len > SMTP_ADDRESS_MAX || at == NULL || at == s || at[1] == '\0' ||
        strchr(at + 1, '@') != NULL)
        return false;
    for (const char *p = s; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c >= 0x7f || strchr("<>()[],;:\"\\", c) != NULL)
            return false;
    }
    return true;
}

static bool
has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p < ' ' || *p == 0x7f)
            return true;
    }
    return false;
}

static bool
is_plain(const char *s)
{
    if (strlen(s) > PLAIN_HEADER_MAX || strstr(s, "=?") != NULL)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p >= 0x80)
            return false;
    }
    return true;
}

enum err
smtp_add_header_text(struct buf *out, const char *s)
{
    size_t len = strlen(s);
    if (has_control(s) || !text_is_utf8(s, len))
        return ERR_INVALID;
    if (is_plain(s)) {
        buf_add(out, s, len);
        return buf_status(out);
    }
    size_t at = 0;
    while (at < len) {
        size_t n = len - at < ENCODED_WORD_BYTES ? len - at : ENCODED_WORD_BYTES;
        /* back off to the start of a character: continuation bytes are 10xxxxxx */
        while (at + n < len && n > 1 && ((unsigned char)s[at + n] & 0xc0) == 0x80)
            n--;
        char b64[sodium_base64_ENCODED_LEN(ENCODED_WORD_BYTES, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s + at, n,
                          sodium_base64_VARIANT_ORIGINAL);
        buf_addf(out, "%s=?UTF-8?B?%s?=", at > 0 ? "\r\n " : "", b64);
        at += n;
    }
    return buf_status(out);
}

/* Appends @body with CRLF line ends, breaking lines longer than LIMIT_MAIL_LINE_BYTES. */
static void
add_body(struct buf *out, const char *body)
{
    size_t len = strlen(body), i = 0;
    while (i < len) {
        size_t line = strcspn(body + i, "\r\n");
        while (line > LIMIT_MAIL_LINE_BYTES) {
            size_t n = LIMIT_MAIL_LINE_BYTES;
            while (n > 1 && ((unsigned char)body[i + n] & 0xc0) == 0x80)
                n--;
            buf_add(out, body + i, n);
            buf_addstr(out, "\r\n");
            i += n;
            line -= n;
        }
        buf_add(out, body + i, line);
        buf_addstr(out, "\r\n");
        i += line;
        if (body[i] == '\r' && body[i + 1] == '\n')
            i += 2;
        else if (body[i] != '\0')
            i++;
    }
}

static bool
message_id_ok(const char *id)
{
    size_t len = strlen(id);
    if (len < 5 || len > MESSAGE_ID_MAX || id[0] != '<' || id[len - 1] != '>' ||
        strchr(id, '@') == NULL)
        return false;
    for (const char *p = id; *p != '\0'; p++) {
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
            return false;
    }
    return true;
}

enum err
smtp_format(struct buf *out, const struct smtp_message *m)
{
    if (!smtp_address_ok(m->from) || !smtp_address_ok(m->to) || !message_id_ok(m->message_id) ||
        !text_is_utf8(m->body, strlen(m->body)))
        return ERR_INVALID;
    char date[64];
    time_t t = (time_t)m->date;
    struct tm tm;
    /* RFC 5322 day and month names are English whatever the locale: write them ourselves */
    static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    gmtime_r(&t, &tm);
    snprintf(date, sizeof(date), "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7],
             tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
             tm.tm_sec);
    buf_addf(out, "Date: %s\r\nFrom: %s\r\nTo: %s\r\nSubject: ", date, m->from, m->to);
    enum err e = smtp_add_header_text(out, m->subject);
    if (e != ERR_OK)
        return e;
    buf_addf(out,
             "\r\nMessage-ID: %s\r\nMIME-Version: 1.0\r\n"
             "Content-Type: text/plain; charset=UTF-8\r\n"
             "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n",
             m->message_id);
    add_body(out, m->body);
    return buf_status(out);
}

enum err
smtp_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? ERR_OK : ERR_IO;
}

struct reader {
    const char *data;
    size_t left;
};

static size_t
read_message(char *out, size_t size, size_t nmemb, void *arg)
{
    struct reader *r = arg;
    size_t room = size * nmemb;
    size_t n = r->left < room ? r->left : room;
    memcpy(out, r->data, n);
    r->data += n;
    r->left -= n;
    return n;
}

enum err
smtp_send(const struct smtp_config *cfg, const char *to, const char *message, size_t len, char *why,
          size_t why_len)
{
    char from_path[SMTP_ADDRESS_MAX + 3], to_path[SMTP_ADDRESS_MAX + 3];
    char error[CURL_ERROR_SIZE] = "";
    struct reader r = {message, len};
    struct curl_slist *rcpt = NULL;
    enum err e = ERR_IO;
    CURL *c = NULL;

    if (!smtp_address_ok(cfg->from) || !smtp_address_ok(to)) {
        snprintf(why, why_len, "refused address");
        return ERR_INVALID;
    }
    snprintf(from_path, sizeof(from_path), "<%s>", cfg->from);
    snprintf(to_path, sizeof(to_path), "<%s>", to);
    c = curl_easy_init();
    rcpt = curl_slist_append(NULL, to_path);
    if (c == NULL || rcpt == NULL) {
        snprintf(why, why_len, "cannot start libcurl");
        goto out;
    }
    long timeout = cfg->timeout_s > 0 ? cfg->timeout_s : LIMIT_MAIL_TIMEOUT_S;
    curl_easy_setopt(c, CURLOPT_URL, cfg->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from_path);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(c, CURLOPT_READDATA, &r);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM for DNS timeouts */
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout < 10 ? timeout : 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
    if (cfg->starttls)
        curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (cfg->user != NULL && cfg->user[0] != '\0') {
        curl_easy_setopt(c, CURLOPT_USERNAME, cfg->user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->password != NULL ? cfg->password : "");
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) {
        e = ERR_OK;
        goto out;
    }
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (code > 0)
        snprintf(why, why_len, "%s (server said %ld)", error[0] ? error : curl_easy_strerror(rc),
                 code);
    else
        snprintf(why, why_len, "%s", error[0] ? error : curl_easy_strerror(rc));
out:
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    return e;
}
