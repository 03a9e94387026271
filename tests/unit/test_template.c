/* Unit tests of web/template: escaping, sections over lists and objects, inverted sections,
 * partials, dotted names, frames, standalone lines and the syntax errors a template author
 * sees at start-up. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/buf.h"
#include "web/template.h"

/* Renders @src with the JSON context @ctx_json and compares with @want. */
static void
expect_render(const char *src, const char *ctx_json, const char *want)
{
    char why[256] = "";
    struct tmpl_set *set = tmpl_set_new();
    assert_int_equal(tmpl_set_add(set, "t", src, strlen(src), why, sizeof(why)), ERR_OK);
    assert_int_equal(tmpl_set_link(set, why, sizeof(why)), ERR_OK);
    json_t *ctx = json_loads(ctx_json, 0, NULL);
    assert_non_null(ctx);
    struct buf out;
    buf_init(&out, 1 << 16);
    const json_t *frames[] = {ctx};
    tmpl_render(set, "t", frames, 1, &out);
    assert_string_equal(out.data, want);
    buf_release(&out);
    json_decref(ctx);
    tmpl_set_free(set);
}

static void
expect_error(const char *src, const char *want_why)
{
    char why[256] = "";
    struct tmpl_set *set = tmpl_set_new();
    assert_int_equal(tmpl_set_add(set, "page.html", src, strlen(src), why, sizeof(why)),
                     ERR_INVALID);
    if (strstr(why, want_why) == NULL)
        fail_msg("'%s' does not say '%s'", why, want_why);
    tmpl_set_free(set);
}

static void
test_variables_are_escaped(void **state)
{
    (void)state;
    expect_render("<p>{{title}}</p>", "{\"title\": \"<script>alert(1)</script>\"}",
                  "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    expect_render("<a title=\"{{t}}\">", "{\"t\": \"\\\"><img onerror=x>'\"}",
                  "<a title=\"&quot;&gt;&lt;img onerror=x&gt;&#39;\">");
    expect_render("{{{svg}}}|{{&svg}}", "{\"svg\": \"<b>\"}", "<b>|<b>");
}

static void
test_numbers_and_missing(void **state)
{
    (void)state;
    expect_render("{{n}} {{m}} {{x}} {{f}}", "{\"n\": 412, \"m\": -7, \"f\": 2.5}", "412 -7  2.5");
}

static void
test_sections(void **state)
{
    (void)state;
    expect_render("{{#items}}<li>{{name}}</li>{{/items}}",
                  "{\"items\": [{\"name\": \"Kampala\"}, {\"name\": \"Nairobi\"}]}",
                  "<li>Kampala</li><li>Nairobi</li>");
    expect_render("{{#gov}}{{name}} ({{country}}){{/gov}}",
                  "{\"gov\": {\"name\": \"Tyre\", \"country\": \"LB\"}}", "Tyre (LB)");
    expect_render("{{#list}}{{.}},{{/list}}", "{\"list\": [7, 15, 16]}", "7,15,16,");
    /* names not found in an item come from the enclosing context */
    expect_render("{{#items}}{{name}}@{{city}} {{/items}}",
                  "{\"city\": \"Freetown\", \"items\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}",
                  "a@Freetown b@Freetown ");
    expect_render("{{#on}}yes{{/on}}{{#off}}no{{/off}}{{#zero}}no{{/zero}}{{#empty}}no{{/empty}}",
                  "{\"on\": true, \"off\": false, \"zero\": 0, \"empty\": \"\"}", "yes");
}

static void
test_inverted_sections(void **state)
{
    (void)state;
    expect_render("{{^items}}Nothing matches.{{/items}}", "{\"items\": []}", "Nothing matches.");
    expect_render("{{^items}}Nothing matches.{{/items}}", "{\"items\": [1]}", "");
    expect_render("{{^missing}}absent{{/missing}}", "{}", "absent");
}

static void
test_dotted_names(void **state)
{
    (void)state;
    expect_render("{{a.b.c}}|{{a.x.c}}", "{\"a\": {\"b\": {\"c\": \"deep\"}}}", "deep|");
    expect_render("{{#a.b}}{{c}}{{/a.b}}", "{\"a\": {\"b\": {\"c\": 1}}}", "1");
    /* a number indexes a list: "is there a first item" */
    expect_render("{{#l.0}}<ul>{{#l}}<li>{{.}}{{/l}}</ul>{{/l.0}}{{^l.0}}none{{/l.0}}|{{l.1}}",
                  "{\"l\": [\"x\", \"y\"]}", "<ul><li>x<li>y</ul>|y");
    expect_render("{{#l.0}}x{{/l.0}}{{^l.0}}none{{/l.0}}", "{\"l\": []}", "none");
}

static void
test_standalone_lines_leave_no_trace(void **state)
{
    (void)state;
    expect_render("<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n</ul>\n",
                  "{\"items\": [\"a\", \"b\"]}", "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n");
    expect_render("a\n{{! a comment }}\nb", "{}", "a\nb");
    /* a tag sharing its line with text is not standalone */
    expect_render("x {{#on}}y{{/on}}\n", "{\"on\": true}", "x y\n");
}

static void
test_partials_and_frames(void **state)
{
    (void)state;
    char why[256] = "";
    struct tmpl_set *set = tmpl_set_new();
    const char *layout = "<title>{{t.site}}</title>{{>body}}";
    const char *body = "<h1>{{heading}}</h1>";
    assert_int_equal(tmpl_set_add(set, "layout", layout, strlen(layout), why, sizeof(why)), ERR_OK);
    assert_int_equal(tmpl_set_add(set, "body", body, strlen(body), why, sizeof(why)), ERR_OK);
    assert_int_equal(tmpl_set_link(set, why, sizeof(why)), ERR_OK);
    json_t *shared = json_pack("{s{ss}}", "t", "site", "Action locale");
    json_t *page = json_pack("{ss}", "heading", "Kampala");
    const json_t *frames[] = {shared, page};
    struct buf out;
    buf_init(&out, 4096);
    tmpl_render(set, "layout", frames, 2, &out);
    assert_string_equal(out.data, "<title>Action locale</title><h1>Kampala</h1>");
    buf_release(&out);
    json_decref(shared);
    json_decref(page);
    tmpl_set_free(set);
}

static void
test_missing_partial_fails_link(void **state)
{
    (void)state;
    char why[256] = "";
    struct tmpl_set *set = tmpl_set_new();
    const char *src = "{{>nowhere}}";
    assert_int_equal(tmpl_set_add(set, "page", src, strlen(src), why, sizeof(why)), ERR_OK);
    assert_int_equal(tmpl_set_link(set, why, sizeof(why)), ERR_INVALID);
    assert_non_null(strstr(why, "nowhere"));
    tmpl_set_free(set);
}

static void
test_a_partial_that_includes_itself_stops(void **state)
{
    (void)state;
    char why[256] = "";
    struct tmpl_set *set = tmpl_set_new();
    const char *src = "x{{>loop}}";
    assert_int_equal(tmpl_set_add(set, "loop", src, strlen(src), why, sizeof(why)), ERR_OK);
    struct buf out;
    buf_init(&out, 4096);
    json_t *ctx = json_object();
    const json_t *frames[] = {ctx};
    tmpl_render(set, "loop", frames, 1, &out);
    assert_true(out.len > 1 && out.len < 64);
    buf_release(&out);
    json_decref(ctx);
    tmpl_set_free(set);
}

static void
test_syntax_errors_name_the_line(void **state)
{
    (void)state;
    expect_error("a\nb {{title", "page.html:2: a tag is not closed");
    expect_error("{{#a}}\n{{/b}}", "page.html:2: a closing tag does not match");
    expect_error("{{#a}}x", "section 'a' is never closed");
    expect_error("x\n\n{{/a}}", "page.html:3: a closing tag has no section");
    expect_error("{{}}", "has no name");
    expect_error("{{a b}}", "may hold only");
    expect_error("{{a..b}}", "malformed");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_variables_are_escaped),
        cmocka_unit_test(test_numbers_and_missing),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_inverted_sections),
        cmocka_unit_test(test_dotted_names),
        cmocka_unit_test(test_standalone_lines_leave_no_trace),
        cmocka_unit_test(test_partials_and_frames),
        cmocka_unit_test(test_missing_partial_fails_link),
        cmocka_unit_test(test_a_partial_that_includes_itself_stops),
        cmocka_unit_test(test_syntax_errors_name_the_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
