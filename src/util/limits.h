/* Every limit on what comes from outside, in one place. */
#ifndef LOCALACTION_LIMITS_H
#define LOCALACTION_LIMITS_H

/* HTTP */
#define LIMIT_URL_BYTES      4096       /* request line path and query */
#define LIMIT_QUERY_PARAMS   64         /* query arguments per request */
#define LIMIT_PARAM_BYTES    512        /* one query argument value */
#define LIMIT_RESPONSE_BYTES (8u << 20) /* one generated response */
#define LIMIT_PAGE_SIZE      200        /* items per list page */
#define LIMIT_CONNECTIONS    1024       /* open client connections */
#define LIMIT_CONN_TIMEOUT_S 30         /* idle seconds before a connection is closed */
#define LIMIT_BODY_BYTES     (1u << 20) /* one request body (a form or a JSON record) */
#define LIMIT_FORM_FIELDS    200        /* fields in one submitted form */
/* libmicrohttpd's memory per connection: the request line and headers, and its own replies.
 * It zeroes it for every request, so it costs time as well as memory; 32 KiB answers the same
 * requests as 64 KiB did (docs/architecture.md, "Serving"). */
#define LIMIT_CONN_POOL_BYTES 32768

/* Import */
#define LIMIT_IMPORT_FILE_BYTES (1u << 30)   /* 1 GiB per imported file */
#define LIMIT_IMPORT_ROWS       2000000      /* records per imported file */
#define LIMIT_CSV_FIELD_BYTES   (256u << 10) /* one CSV cell */
#define LIMIT_CSV_COLUMNS       100          /* columns in a CSV header */
#define LIMIT_JSON_RECORD_BYTES (1u << 20)   /* one JSON record */
#define LIMIT_ERRORS_SHOWN      50           /* rejected rows printed before "and N more" */

/* Records (in characters, i.e. Unicode code points) */
#define LIMIT_EXTERNAL_ID 100
#define LIMIT_TITLE       300
#define LIMIT_SUMMARY     1000
#define LIMIT_DESCRIPTION 20000
#define LIMIT_NAME        200
#define LIMIT_SHORT_TEXT  200 /* unit, signatory, subdivision, network, partner */
#define LIMIT_SOURCE      500
#define LIMIT_URL         2000
#define LIMIT_LIST_ITEMS  50   /* partners, governments, networks, indicators per record */
#define LIMIT_NARRATIVE   5000 /* a progress update's narrative */
/* a forum record: its delegation, programme and each session's participants */
#define LIMIT_FORUM_GOVERNMENTS    500
#define LIMIT_FORUM_SESSIONS       300
#define LIMIT_SESSION_PARTICIPANTS 100
#define LIMIT_SLUG                 64 /* a forum's or session's slug: a-z, 0-9 and '-' */
#define LIMIT_MONEY_CENTS          100000000000000000LL /* 10^15 in currency units */

/* Reports (localaction report, /forums/{slug}/report) */
#define LIMIT_REPORT_BYTES   (64u << 20) /* one generated report, in any format */
#define LIMIT_REPORT_ACTIONS 100000      /* actions one report lists */

/* Mail */
#define LIMIT_MAIL_SUBJECT_BYTES 400         /* a subject, filled in (cut on a code point) */
#define LIMIT_MAIL_BODY_BYTES    (64u << 10) /* a body, filled in */
#define LIMIT_MAIL_LINE_BYTES    990 /* body lines are broken before SMTP's 998 (RFC 5321) */
#define LIMIT_MAIL_TIMEOUT_S     20  /* one SMTP conversation, connection included */

#endif
