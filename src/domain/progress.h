/* Progress against an action's measurable targets: the updates a focal point reports (a date,
 * an implementation status, a value for some indicators, a narrative, an evidence link), and
 * what the platform computes from them and the date: the percent of each target reached, whether
 * it is on track, behind, overdue or achieved, and whether the action has gone a year without
 * an update. Pure functions: "today" is an argument (progress_today() reads the clock). */
#ifndef LOCALACTION_PROGRESS_H
#define LOCALACTION_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "util/limits.h"

/* Percentage points an indicator may lag the share of its time elapsed and still be on track. */
#define PROGRESS_TOLERANCE 10.0
/* Months without an update after which a published, unfinished action is flagged stale. */
#define PROGRESS_STALE_MONTHS 12
/* Percents are reported within +-this: a target a hair from its baseline makes absurd ones. */
#define PROGRESS_PERCENT_BOUND 1000.0

enum progress_status {
    PROGRESS_NO_DATA,  /* nothing to judge: no target, no value, or no deadline */
    PROGRESS_ON_TRACK, /* at least the share of time elapsed, less the tolerance */
    PROGRESS_BEHIND,   /* further behind than that */
    PROGRESS_OVERDUE,  /* the deadline has passed and the target is not reached */
    PROGRESS_ACHIEVED, /* 100% or more of the target */
    PROGRESS_STATUS_COUNT
};

/* "no_data", "on_track", "behind", "overdue", "achieved" */
extern const char *const progress_status_codes[PROGRESS_STATUS_COUNT];

/** The Global Refugee Forum's name of implementation status @s ("In the planning stage",
 * "In progress", "Fulfilled"), or NULL for discontinued, which has none. */
const char *progress_grf_status(enum impl_status s);

/* One indicator's value in an update; @indicator is its 1-based position in the action. */
struct progress_value {
    int indicator;
    double value;
};

/* One progress update. Strings marked "owned" are heap copies freed by
 * progress_update_release(); NULL is an absent value. */
struct progress_update {
    int64_t id; /* 0 until stored */
    char external_id[LIMIT_EXTERNAL_ID + 1];
    int64_t action_id;                              /* 0 until resolved */
    char action_external_id[LIMIT_EXTERNAL_ID + 1]; /* the action it reports on */
    char date[11];                                  /* YYYY-MM-DD */
    enum impl_status status;
    char *narrative;                                /* owned */
    char *evidence_url;                             /* owned */
    struct progress_value values[LIMIT_LIST_ITEMS]; /* in indicator order, each once */
    size_t n_values;
    int64_t author_id;              /* the account that first reported it; 0 for an import */
    int64_t created_at, updated_at; /* seconds since the epoch; 0 when not given */
};

void progress_update_init(struct progress_update *u);
void progress_update_release(struct progress_update *u);

/* What is computed for one indicator. */
struct progress_indicator {
    bool has_latest;
    char latest_date[11]; /* of the latest update that gives a value */
    double latest;
    bool has_percent;
    double percent; /* of the way from baseline to target; not clamped to 0-100 */
    enum progress_status status;
};

/* What is computed for an action. */
struct progress {
    bool has_percent;
    double percent; /* the mean of its indicators' percents, each first clamped to 0-100 */
    enum progress_status status;
    char last_update[11]; /* the date of its latest update; "" when none */
    bool stale;
    struct progress_indicator indicators[LIMIT_LIST_ITEMS];
    size_t n_indicators;
};

/** The percent of @ind's target that @value reaches: (value - baseline) / (target - baseline)
 * x 100, baseline 0 when absent, so a decreasing target works the same way; when the target
 * equals the baseline, 100 if @value equals it and 0 otherwise. Rounded to 0.1 and bounded to
 * +-PROGRESS_PERCENT_BOUND. False when @ind has no target. */
bool progress_percent(const struct indicator *ind, double value, double *percent);

/** Computes @out for action @a (its indicators, dates, states, creation) from its @n updates
 * (in any order) on day @today (days since 1970-01-01). See docs/data-format.md, "Progress":
 *
 * - An indicator's latest value is the one of the latest-dated update giving one (of two on
 *   the same date, the later in @updates). Its status is achieved at 100% or more; else overdue
 *   once its deadline (its own, else the action's end date) has passed; else on track when its
 *   percent is at least the share of the time elapsed between the action's start (else its
 *   first update) and the deadline, less PROGRESS_TOLERANCE points, and behind otherwise. Without
 *   a target, a value or a deadline it is no_data.
 * - The action's status ignores no_data indicators: achieved when all the others are, else the
 *   worst of them (overdue, then behind, then on track); no_data when none is left.
 * - stale: published, neither the action nor its latest update says completed or discontinued,
 *   and the latest update (else the action's creation) is more than PROGRESS_STALE_MONTHS old. */
void progress_compute(const struct action *a, const struct progress_update *updates, size_t n,
                      int64_t today, struct progress *out);

/** Today in days since 1970-01-01 (UTC), or the date LOCALACTION_TODAY holds (YYYY-MM-DD):
 * tests set it to check statuses that depend on the date. */
int64_t progress_today(void);

#endif
