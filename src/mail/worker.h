/* The mail worker: a thread that sends the outbox through SMTP, about once a second, on its
 * own read-write connection. A mail is marked sent right after the server accepts it, or failed
 * with its next attempt pushed back (base * 2^attempts, at most an hour), so mail survives a
 * server that is down and a restart. A crash between the server's acceptance and the mark can
 * send one mail twice; its Message-ID is the same both times, so a receiver can drop it. */
#ifndef LOCALACTION_WORKER_H
#define LOCALACTION_WORKER_H

#include <stdint.h>

#include "mail/smtp.h"

#define MAIL_RETRY_DEFAULT_S 30
#define MAIL_RETRY_MAX_S     3600 /* the longest wait between two attempts */

struct mail_config {
    struct smtp_config smtp; /* smtp.url NULL or "": nothing is sent, mail stays queued */
    int64_t retry_s;         /* the back-off base, in seconds (at least 1) */
    const char *base_url;    /* the site's address; its host names the Message-IDs */
};

struct mail_worker;

/** Starts sending the outbox of database @dsn as @cfg says (its strings are copied). Without
 * an SMTP URL, says once in the log that mail stays queued and starts no thread (*out is then
 * NULL, and that is not an error). ERR_IO when the thread cannot start. */
WARN_UNUSED enum err mail_worker_start(struct mail_worker **out, const char *dsn,
                                       const struct mail_config *cfg);

/** Stops the worker and waits for it: a mail being sent is finished and marked first (at most
 * LIMIT_MAIL_TIMEOUT_S). NULL does nothing. */
void mail_worker_stop(struct mail_worker *w);

/** Seconds to wait after a mail's failed attempt number @attempts + 1 (0-based @attempts):
 * @base * 2^@attempts, at most MAIL_RETRY_MAX_S. */
int64_t mail_backoff(int64_t base, int attempts);

/** The Message-ID of outbox row @id: "<localaction.ID.HASH@HOST>", HOST from @base_url and
 * HASH from the row's content, so a retry of the same row has the same id and a row of
 * another database with the same number does not. */
void mail_message_id(int64_t id, const char *to, const char *subject, const char *body,
                     const char *base_url, char *out, size_t out_len);

#endif
