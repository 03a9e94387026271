/* Percent of target, status and staleness from an action and its updates (progress.h). Dates
 * are whole days since 1970-01-01, so the rules read as arithmetic on days; a partial date
 * stands for its first day as a start and its last day as a deadline. */
#include "domain/progress.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/parse.h"

const char *const progress_status_codes[PROGRESS_STATUS_COUNT] = {
    "no_data", "on_track", "behind", "overdue", "achieved",
};

const char *
progress_grf_status(enum impl_status s)
{
    switch (s) {
    case IMPL_PLANNED:
        return "In the planning stage";
    case IMPL_IN_PROGRESS:
        return "In progress";
    case IMPL_COMPLETED:
        return "Fulfilled";
    default:
        return NULL; /* discontinued: the GRF has no such status, and it is neither of these */
    }
}

void
progress_update_init(struct progress_update *u)
{
    memset(u, 0, sizeof(*u));
}

void
progress_update_release(struct progress_update *u)
{
    free(u->narrative);
    free(u->evidence_url);
    u->narrative = u->evidence_url = NULL;
}

bool
progress_percent(const struct indicator *ind, double value, double *percent)
{
    if (!ind->has_target)
        return false;
    double baseline = ind->has_baseline ? ind->baseline : 0;
    double span = ind->target - baseline;
    double p;
    if (span == 0)
        p = value == ind->target ? 100 : 0;
    else
        p = (value - baseline) / span * 100;
    if (p > PROGRESS_PERCENT_BOUND)
        p = PROGRESS_PERCENT_BOUND;
    if (p < -PROGRESS_PERCENT_BOUND)
        p = -PROGRESS_PERCENT_BOUND;
    /* + 0.0 turns a -0 into 0, which JSON writers would print as "-0" */
    *percent = round(p * 10) / 10 + 0.0;
    return true;
}

/* The day of @date (as start or as end), or false when it is absent or not a date. */
static bool
day_of(const char *date, bool as_start, int64_t *day)
{
    return date != NULL && date[0] != '\0' && date_days(date, as_start, day) == ERR_OK;
}

/* Whether update @b comes after update @a: later date, or the same date and later in the list
 * (@bi > @ai). */
static bool
is_later(const struct progress_update *a, size_t ai, const struct progress_update *b, size_t bi)
{
    int c = strcmp(b->date, a->date);
    return c > 0 || (c == 0 && bi > ai);
}

/* The latest value of indicator @position (1-based) among @updates. */
static bool
latest_value(const struct progress_update *updates, size_t n, int position, double *value,
             char date[11])
{
    const struct progress_update *best = NULL;
    size_t best_i = 0;
    for (size_t i = 0; i < n; i++) {
        const struct progress_update *u = &updates[i];
        for (size_t k = 0; k < u->n_values; k++) {
            if (u->values[k].indicator != position)
                continue;
            if (best == NULL || is_later(best, best_i, u, i)) {
                best = u;
                best_i = i;
                *value = u->values[k].value;
            }
        }
    }
    if (best != NULL)
        memcpy(date, best->date, 11);
    return best != NULL;
}

/* The first day progress is measured from: the action's start, else its first update. */
static bool
start_day(const struct action *a, const struct progress_update *updates, size_t n, int64_t *day)
{
    if (day_of(a->start_date, true, day))
        return true;
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        int64_t d;
        if (day_of(updates[i].date, true, &d) && (!found || d < *day)) {
            *day = d;
            found = true;
        }
    }
    return found;
}

static void
judge_indicator(const struct action *a, const struct indicator *ind, bool has_start, int64_t start,
                int64_t today, struct progress_indicator *out)
{
    out->status = PROGRESS_NO_DATA;
    if (!out->has_latest)
        return;
    out->has_percent = progress_percent(ind, out->latest, &out->percent);
    if (!out->has_percent)
        return;
    if (out->percent >= 100) {
        out->status = PROGRESS_ACHIEVED;
        return;
    }
    int64_t deadline;
    bool has_deadline = day_of(ind->deadline, false, &deadline) ||
                        (!a->end_tbc && day_of(a->end_date, false, &deadline));
    if (!has_deadline)
        return;
    if (today > deadline) {
        out->status = PROGRESS_OVERDUE;
        return;
    }
    /* the share of the time elapsed; all of it when the deadline is not after the start */
    double expected = 1;
    if (has_start && deadline > start)
        expected = today <= start ? 0 : (double)(today - start) / (double)(deadline - start);
    out->status =
        out->percent >= expected * 100 - PROGRESS_TOLERANCE ? PROGRESS_ON_TRACK : PROGRESS_BEHIND;
}

/* The worse of two statuses for the action: overdue, behind, on track, achieved. */
static int
severity(enum progress_status s)
{
    switch (s) {
    case PROGRESS_OVERDUE:
        return 3;
    case PROGRESS_BEHIND:
        return 2;
    case PROGRESS_ON_TRACK:
        return 1;
    default:
        return 0;
    }
}

static bool
is_finished(enum impl_status s)
{
    return s == IMPL_COMPLETED || s == IMPL_DISCONTINUED;
}

static bool
is_stale(const struct action *a, const struct progress_update *latest, int64_t today)
{
    if (a->publication != PUB_PUBLISHED || is_finished(a->status) ||
        (latest != NULL && is_finished(latest->status)))
        return false;
    int64_t since;
    if (latest != NULL) {
        if (!day_of(latest->date, true, &since))
            return false;
    } else if (a->created_at > 0) {
        since = a->created_at / 86400;
    } else if (!day_of(a->start_date, true, &since)) {
        return false;
    }
    return date_add_months(since, PROGRESS_STALE_MONTHS) < today;
}

void
progress_compute(const struct action *a, const struct progress_update *updates, size_t n,
                 int64_t today, struct progress *out)
{
    memset(out, 0, sizeof(*out));
    const struct progress_update *latest = NULL;
    size_t latest_i = 0;
    for (size_t i = 0; i < n; i++) {
        if (latest == NULL || is_later(latest, latest_i, &updates[i], i)) {
            latest = &updates[i];
            latest_i = i;
        }
    }
    if (latest != NULL)
        memcpy(out->last_update, latest->date, sizeof(out->last_update));
    int64_t start = 0;
    bool has_start = start_day(a, updates, n, &start);

    size_t judged = 0, achieved = 0, with_percent = 0;
    double sum = 0;
    int worst = 0;
    out->n_indicators = a->n_indicators < LIMIT_LIST_ITEMS ? a->n_indicators : LIMIT_LIST_ITEMS;
    for (size_t i = 0; i < out->n_indicators; i++) {
        struct progress_indicator *pi = &out->indicators[i];
        pi->has_latest = latest_value(updates, n, (int)i + 1, &pi->latest, pi->latest_date);
        judge_indicator(a, &a->indicators[i], has_start, start, today, pi);
        if (pi->has_percent) {
            with_percent++;
            sum += pi->percent < 0 ? 0 : pi->percent > 100 ? 100 : pi->percent;
        }
        if (pi->status == PROGRESS_NO_DATA)
            continue;
        judged++;
        achieved += pi->status == PROGRESS_ACHIEVED;
        if (severity(pi->status) > worst)
            worst = severity(pi->status);
    }
    if (with_percent > 0) {
        out->has_percent = true;
        out->percent = round(sum / (double)with_percent * 10) / 10 + 0.0;
    }
    if (judged == 0)
        out->status = PROGRESS_NO_DATA;
    else if (achieved == judged)
        out->status = PROGRESS_ACHIEVED;
    else
        out->status = worst == 3   ? PROGRESS_OVERDUE
                      : worst == 2 ? PROGRESS_BEHIND
                                   : PROGRESS_ON_TRACK;
    out->stale = is_stale(a, latest, today);
}

int64_t
progress_today(void)
{
    const char *fixed = getenv("LOCALACTION_TODAY");
    int64_t day;
    if (fixed != NULL && strlen(fixed) == 10 && date_days(fixed, true, &day) == ERR_OK)
        return day;
    return (int64_t)time(NULL) / 86400;
}
