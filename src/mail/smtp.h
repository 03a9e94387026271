/* One mail message: its text (headers and body, RFC 5322 with MIME, UTF-8) built by a pure
 * function, and its delivery to an SMTP server through libcurl. Nothing here knows about the
 * outbox: the mail worker (worker.h) decides what to send and when. */
#ifndef LOCALACTION_SMTP_H
#define LOCALACTION_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

#define SMTP_ADDRESS_MAX 254 /* RFC 5321's path limit, less the angle brackets */

/** Where and how to send. Strings are borrowed and must outlive every smtp_send() call. */
struct smtp_config {
    const char *url;      /* smtp://host:port (plain, or STARTTLS when @starttls) or smtps:// */
    const char *user;     /* NULL or "": no authentication */
    const char *password; /* with @user */
    const char *from;     /* the sender's address, envelope and From: header */
    bool starttls;        /* on smtp://, refuse to send unless STARTTLS succeeds */
    long timeout_s;       /* one whole conversation; 0: LIMIT_MAIL_TIMEOUT_S */
};

/** Whether @s is a plain address we are willing to write into a header and an SMTP command:
 * local@domain, printable ASCII without spaces, quotes, brackets, commas or semicolons, at
 * most SMTP_ADDRESS_MAX bytes. Addresses with anything else are refused, never rewritten. */
bool smtp_address_ok(const char *s);

/** Appends the header value @s (valid UTF-8, no control characters) to @out: as it is when it
 * is printable ASCII, else as RFC 2047 encoded words (=?UTF-8?B?...?=) of at most 75 bytes,
 * never splitting a character, folded with CRLF SP. ERR_INVALID for control characters (CR
 * and LF among them: a header value never starts a new header) or bad UTF-8. */
WARN_UNUSED enum err smtp_add_header_text(struct buf *out, const char *s);

/** What one message says. Strings are borrowed. */
struct smtp_message {
    const char *from, *to;  /* addresses (smtp_address_ok) */
    const char *subject;    /* UTF-8, no control characters */
    const char *body;       /* UTF-8; lines end in LF, CRLF or CR */
    int64_t date;           /* seconds since the epoch, for the Date: header */
    const char *message_id; /* "<...@...>", printable ASCII */
};

/** Appends the whole message @m to @out: Date, From, To, Subject, Message-ID, MIME-Version,
 * Content-Type text/plain; charset=UTF-8, Content-Transfer-Encoding 8bit, Auto-Submitted,
 * then the body with CRLF line ends and lines broken before LIMIT_MAIL_LINE_BYTES (on a
 * character boundary). Dot-stuffing is left to libcurl. ERR_INVALID when an address, the
 * subject, the id or the body is refused; the limit of @out otherwise (buf_status()). */
WARN_UNUSED enum err smtp_format(struct buf *out, const struct smtp_message *m);

/** Calls curl_global_init(); once, before any thread sends. */
WARN_UNUSED enum err smtp_global_init(void);

/** Sends @message (@len bytes, as smtp_format() made it) to @to through @cfg. ERR_IO when the
 * server cannot be reached or refuses (the reason, without credentials, in @why). */
WARN_UNUSED enum err smtp_send(const struct smtp_config *cfg, const char *to, const char *message,
                               size_t len, char *why, size_t why_len);

#endif
