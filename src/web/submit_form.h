/* The submit form of an action: every field of the import format (docs/data-format.md) as
 * inputs, read back into a record that workflow_propose() validates with the importer's own
 * rules. The form and the record meet in "values" (field name -> text, or a list of codes for
 * the checkboxes), so what was typed is shown again exactly, errors next to their fields. */
#ifndef LOCALACTION_SUBMIT_FORM_H
#define LOCALACTION_SUBMIT_FORM_H

#include <jansson.h>

#include "domain/validate.h"
#include "web/page.h"

/** The values of the form POSTed to @p (a new object). */
json_t *submit_values_read(const struct page *p);
/** The values that show @record (an action in the import format, or as the API writes it). */
json_t *submit_values_from_record(const struct page *p, const json_t *record);
/** The record in the import format that @values stand for (a new object). */
json_t *submit_values_record(const struct page *p, const json_t *values);
/** Whether @values name a lead government that exists; otherwise adds "choose the lead
 * government" to @errs (under "governments", said next to the lead). */
bool submit_lead_check(const struct page *p, const json_t *values, struct field_errors *errs);

/** Adds "form" to the page's context: the inputs with @values and @errs (each next to its
 * field, or at the top when it names none), the choices (lead governments: the viewer's, or
 * for an administrator the chosen one and those the "lead_search" value finds, at most 50),
 * posting to @action_url; @external_id (may be NULL) says which action an edit is of. */
void submit_form_context(struct page *p, const json_t *values, const struct field_errors *errs,
                         const char *action_url, const char *external_id);

#endif
