/* Composing mail for the outbox: a kind of mail ("reset", "published", ...) is two catalog
 * texts, mail_<kind>_subject and mail_<kind>_body, in the recipient's language, with {name}
 * placeholders filled from the caller's values. Queuing is part of the caller's transaction,
 * so a mail exists exactly when what it tells of was committed; the mail worker sends it. */
#ifndef LOCALACTION_COMPOSE_H
#define LOCALACTION_COMPOSE_H

#include "store/store.h"
#include "web/i18n.h"

/** Queues mail @kind to address @to in @lang through @writer, which should be inside the
 * caller's transaction (store_begin() ... store_commit()); nothing is sent before it commits.
 * @vars is NULL or a NULL-terminated list of name, value pairs ("link", url, "title", t, NULL):
 * every placeholder of the kind's texts must have a value (extra values are ignored).
 *
 * Kinds and their placeholders:
 *   reset                {name} {link}             a password-reset link (expires in 1 hour)
 *   invitation           {name} {government} {link} an account was made for you: set a password
 *   submission_received  {name} {title} {link}     to the submitter: we received it
 *   changes_requested    {name} {title} {reason} {link}
 *   published            {name} {title} {link}
 *   declined             {name} {title} {reason} {link}
 *
 * Values are inserted as they are (no escaping: mail is plain text); CR, LF and other control
 * characters in the subject become spaces. Errors: ERR_INVALID for an unknown kind, a missing
 * placeholder value, a value that is not UTF-8 or an address smtp_address_ok() refuses;
 * ERR_TOO_BIG past LIMIT_MAIL_BODY_BYTES; the store's error otherwise. */
WARN_UNUSED enum err mail_queue(struct store *writer, enum lang lang, const char *to,
                                const char *kind, const char *const *vars);

/** Whether @kind is one of the kinds above. */
bool mail_kind_known(const char *kind);

#endif
