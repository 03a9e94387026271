/* Who is asking: a signed-in person (a session cookie) or a script (an API token), with the
 * roles that decide what they may do. Sign-in with throttling, sign-out, and the CSRF token
 * every state-changing form carries. */
#ifndef LOCALACTION_SESSION_H
#define LOCALACTION_SESSION_H

#include <stdbool.h>

#include "auth/secret.h"
#include "http/server.h"
#include "store/accounts.h"

#define SESSION_COOKIE     "la_session"
#define SESSION_IDLE_S     (2 * 3600)  /* unused this long, a session ends */
#define SESSION_ABSOLUTE_S (12 * 3600) /* and after this long in any case */
#define THROTTLE_WINDOW_S  (15 * 60)
#define THROTTLE_ACCOUNT   5  /* failed sign-ins per account per window */
#define THROTTLE_ADDRESS   20 /* failed sign-ins per address per window */

struct viewer {
    bool signed_in;
    bool via_token; /* an API token, not a browser session: no CSRF to check */
    struct user user;
    struct user_role roles[USER_ROLES_MAX];
    size_t n_roles;
    char csrf[SECRET_TEXT_MAX];
    char session_hash[SECRET_HASH_LEN];
};

/** Finds who sent @req (a `la_session` cookie, or `Authorization: Bearer <token>`) in @st.
 * A missing, unknown or expired credential leaves @out signed out; only a database failure is
 * an error. An expired session is deleted through @writer when it is not NULL. */
WARN_UNUSED enum err session_viewer(struct request *req, struct store *st, struct store *writer,
                                    struct viewer *out);

/** Whether @v holds @role; for a role tied to governments, for @government_id (0: any). Admins
 * hold every role. */
bool viewer_can(const struct viewer *v, enum role role, int64_t government_id);

enum login_result {
    LOGIN_OK,
    LOGIN_REFUSED,   /* wrong e-mail or password: the message does not say which */
    LOGIN_THROTTLED, /* too many failures lately for this account or address */
};

/** Checks @email and @password through @writer, with throttling; on success starts a session,
 * sets its cookie on @res and fills @out. */
WARN_UNUSED enum err session_login(struct request *req, struct response *res, struct store *writer,
                                   const char *email, const char *password,
                                   enum login_result *result, struct viewer *out);

/** Ends @v's session (or, with @everywhere, all of its person's sessions) and clears the
 * cookie. */
WARN_UNUSED enum err session_logout(struct request *req, struct response *res, struct store *writer,
                                    const struct viewer *v, bool everywhere);

/** Whether the form field "csrf" of @req is @v's token. API tokens need none. */
bool session_csrf_ok(const struct request *req, const struct viewer *v);

#endif
