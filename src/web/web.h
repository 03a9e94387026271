/* The public website's request handlers (docs/website.md). Each renders one kind of page from
 * the same index and store the API uses, in the visitor's language. */
#ifndef LOCALACTION_WEB_H
#define LOCALACTION_WEB_H

#include "http/server.h"

struct page;
struct json_t;

void web_home(struct request *req, struct response *res);
void web_actions(struct request *req, struct response *res);
void web_action(struct request *req, struct response *res);
void web_governments(struct request *req, struct response *res);
void web_government(struct request *req, struct response *res);
/** Finishes @p as the page of government @slug (as GET /governments/{slug}); a 404 page when
 * there is none. */
void web_government_show(struct page *p, const char *slug);
void web_objectives(struct request *req, struct response *res);
void web_objective(struct request *req, struct response *res);
void web_principle(struct request *req, struct response *res);
void web_gcr_objective(struct request *req, struct response *res);
void web_forums(struct request *req, struct response *res);
void web_forum(struct request *req, struct response *res);
void web_declaration(struct request *req, struct response *res);
void web_declaration_paragraph(struct request *req, struct response *res);
void web_statistics(struct request *req, struct response *res);
void web_statistics_csv(struct request *req, struct response *res);
void web_open_data(struct request *req, struct response *res);
void web_static(struct request *req, struct response *res);
void web_login_form(struct request *req, struct response *res);
void web_login(struct request *req, struct response *res);
void web_logout(struct request *req, struct response *res);
void web_account(struct request *req, struct response *res);
void web_token_create(struct request *req, struct response *res);
void web_account_lang(struct request *req, struct response *res);
void web_token_revoke(struct request *req, struct response *res);
void web_join_form(struct request *req, struct response *res);
void web_join(struct request *req, struct response *res);
void web_join_thanks(struct request *req, struct response *res);
void web_review_joins(struct request *req, struct response *res);
void web_join_approve(struct request *req, struct response *res);
void web_join_decline(struct request *req, struct response *res);
void web_endorsement(struct request *req, struct response *res);
/** Adds to the government page @p the form recording the endorsement of the Marrakech Mayors
 * Declaration, as "endorse", when its viewer may record it for @gov (the API's JSON of the
 * government, with "slug" and, when endorsed, "marrakech"); a refused form's values and errors
 * come from "endorse_refused" of the page's context. */
void web_endorsement_form(struct page *p, struct json_t *gov);
void web_reset_form(struct request *req, struct response *res);
void web_reset_request(struct request *req, struct response *res);
void web_reset_link(struct request *req, struct response *res);
void web_reset_set(struct request *req, struct response *res);
void web_submit_form(struct request *req, struct response *res);
void web_submit(struct request *req, struct response *res);
void web_submission_edit_form(struct request *req, struct response *res);
void web_submission_edit(struct request *req, struct response *res);
void web_submissions(struct request *req, struct response *res);
void web_submission(struct request *req, struct response *res);
void web_submission_move(struct request *req, struct response *res);
void web_submission_comment(struct request *req, struct response *res);
void web_versions(struct request *req, struct response *res);
void web_progress_form(struct request *req, struct response *res);
void web_progress_submit(struct request *req, struct response *res);
/** Adds to the action page @p its progress, as "tracking": each target's bar and status, the
 * action's status and stale flag, the chart and table of its updates, and the link to report
 * one when the viewer may. */
void web_progress_section(struct page *p, const char *external_id);
void web_version(struct request *req, struct response *res);
/* The reports (web_report.c): the forum report and the government profile, as pages, PDF
 * and Markdown */
void web_forum_report(struct request *req, struct response *res);
void web_forum_report_pdf(struct request *req, struct response *res);
void web_forum_report_md(struct request *req, struct response *res);
void web_government_profile(struct request *req, struct response *res);
void web_government_profile_pdf(struct request *req, struct response *res);
void web_government_profile_md(struct request *req, struct response *res);
/** The HTML error page for a request the router refused (404, 405, unknown parameter). */
void web_refused(struct request *req, struct response *res);

#endif
