/* The public website's request handlers (docs/website.md). Each renders one kind of page from
 * the same index and store the API uses, in the visitor's language. */
#ifndef LOCALACTION_WEB_H
#define LOCALACTION_WEB_H

#include "http/server.h"

void web_home(struct request *req, struct response *res);
void web_actions(struct request *req, struct response *res);
void web_action(struct request *req, struct response *res);
void web_governments(struct request *req, struct response *res);
void web_government(struct request *req, struct response *res);
void web_objectives(struct request *req, struct response *res);
void web_objective(struct request *req, struct response *res);
void web_principle(struct request *req, struct response *res);
void web_gcr_objective(struct request *req, struct response *res);
void web_statistics(struct request *req, struct response *res);
void web_statistics_csv(struct request *req, struct response *res);
void web_open_data(struct request *req, struct response *res);
void web_static(struct request *req, struct response *res);
void web_login_form(struct request *req, struct response *res);
void web_login(struct request *req, struct response *res);
void web_logout(struct request *req, struct response *res);
void web_account(struct request *req, struct response *res);
void web_token_create(struct request *req, struct response *res);
void web_token_revoke(struct request *req, struct response *res);
void web_reset_form(struct request *req, struct response *res);
void web_reset_request(struct request *req, struct response *res);
void web_reset_link(struct request *req, struct response *res);
void web_reset_set(struct request *req, struct response *res);
/** The HTML error page for a request the router refused (404, 405, unknown parameter). */
void web_refused(struct request *req, struct response *res);

#endif
