/* What the forum pages and the action page share: a Progress Declaration paragraph's topic in
 * the page's language, and an action's forums and paragraphs as links. */
#include "web/forum_view.h"

#include <stdio.h>
#include <string.h>

#include "domain/taxonomy.h"

const char *
forum_view_paragraph_topic(const struct page *p, int index)
{
    char key[32];
    snprintf(key, sizeof(key), "paragraph.%d", taxonomy_paragraph(index)->number);
    const char *s = i18n_find(p->lang, key);
    return s != NULL ? s : taxonomy_paragraph(index)->topic;
}

void
forum_view_action_links(struct page *p, json_t *a)
{
    json_t *forums = json_array(), *paragraphs = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(a, "forums"), i, v)
    {
        const char *slug = json_string_value(v);
        if (slug == NULL)
            continue;
        int value = p->ix != NULL ? index_forum_find(p->ix, slug, strlen(slug)) : -1;
        char href[128];
        snprintf(href, sizeof(href), "/forums/%s", slug);
        json_array_append_new(forums,
                              json_pack("{ssss}", "href", href, "name",
                                        value >= 0 ? index_forum_name(p->ix, value) : slug));
    }
    json_array_foreach(json_object_get(a, "declaration_paragraphs"), i, v)
    {
        int index = taxonomy_paragraph_index((int)json_integer_value(v));
        if (index < 0)
            continue;
        char href[48];
        snprintf(href, sizeof(href), "/progress-declaration/%d", taxonomy_paragraph(index)->number);
        json_array_append_new(
            paragraphs, json_pack("{sissss}", "number", taxonomy_paragraph(index)->number, "topic",
                                  forum_view_paragraph_topic(p, index), "href", href));
    }
    json_object_set_new(a, "forum_list", forums);
    json_object_set_new(a, "paragraph_list", paragraphs);
}
