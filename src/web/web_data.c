/* /data: the open data on offer (exports of every published action, the directory, the
 * taxonomy, the statistics), with the API's address for programs. */
#include "web/page.h"
#include "web/web.h"

void
web_open_data(struct request *req, struct response *res)
{
    struct page p;
    page_begin(&p, req, res, "data");
    json_object_set_new(p.ctx, "action_count", page_count(&p, index_size(p.ix)));
    page_finish(&p, "data", page_t(&p, "data_title"));
}
