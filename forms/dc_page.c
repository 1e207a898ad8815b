/* dc_page: page results: names, freeing, lookup and the JSON Lines form. */
#include "dc_page.h"
#include "dc_error.h"
#include "dc_util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *dc_page_status_name(dc_page_status s)
{
    switch (s) {
    case DC_PAGE_FORM: return "form";
    case DC_PAGE_BLANK: return "blank";
    case DC_PAGE_DUPLICATE: return "duplicate";
    case DC_PAGE_REJECTED: return "rejected";
    }
    return "unknown";
}

const char *dc_field_state_name(dc_field_state s)
{
    switch (s) {
    case DC_STATE_EMPTY: return "empty";
    case DC_STATE_ACCEPTED: return "accepted";
    case DC_STATE_REVIEW: return "review";
    }
    return "unknown";
}

const char *dc_field_basis_name(dc_field_basis b)
{
    switch (b) {
    case DC_BASIS_NONE: return NULL;
    case DC_BASIS_READING: return "reading";
    case DC_BASIS_BATCH_DATE: return "batch_date";
    case DC_BASIS_CHECKED_BEFORE: return "checked_before";
    case DC_BASIS_ROSTER: return "roster";
    case DC_BASIS_SAME_VISITOR: return "same_visitor";
    case DC_BASIS_LETTERS: return "letters";
    }
    return NULL;
}

int dc_field_basis_parse(dc_field_basis *out, const char *name)
{
    *out = DC_BASIS_NONE;
    if (!name || !*name)
        return DC_OK;
    for (dc_field_basis b = DC_BASIS_READING; b <= DC_BASIS_LETTERS; b++)
        if (strcmp(name, dc_field_basis_name(b)) == 0) {
            *out = b;
            return DC_OK;
        }
    return dc_error_set(DC_ERR_INVALID_ARG, "unknown basis of acceptance \"%s\"", name);
}

static const struct {
    dc_review_why why;
    const char *name, *text;
} review_whys[] = {
    { DC_WHY_UNSURE, "unsure", "read, but not sure enough of every cell, box or letter" },
    { DC_WHY_GAP, "gap", "a cell inside the value is empty or holds ink that is not a digit" },
    { DC_WHY_INVALID, "invalid", "the reading is not a valid value for this field" },
    { DC_WHY_DISAGREE, "disagree", "two readers read it differently (the suggestion is the likelier one)" },
    { DC_WHY_UNCLEAR_BOX, "unclear_box", "a box is neither clearly empty nor clearly ticked" },
    { DC_WHY_NO_CHOICE, "no_choice", "no box is ticked" },
    { DC_WHY_SEVERAL, "several", "more than one box is ticked" },
    { DC_WHY_FAINT, "faint", "light writing (pencil?) on a form written in pen: it may be a stain" },
    { DC_WHY_LINE, "line", "a line runs across the zone (a fold or a crossing-out?)" },
    { DC_WHY_STRAY, "stray", "a stray mark or a single letter among or beside the writing" },
    { DC_WHY_BESIDE, "beside", "the boxes are empty but there is writing just above or below them" },
    { DC_WHY_CROSSED, "crossed", "the writing runs over the cells' outlines" },
    { DC_WHY_ZERO_OR_O, "zero_or_o", "a ring that may be a 0 or an O" },
    { DC_WHY_UNREAD, "unread", "there is writing, but it could not be read" },
};

const char *dc_review_why_name(dc_review_why w)
{
    for (size_t i = 0; i < sizeof review_whys / sizeof review_whys[0]; i++)
        if (review_whys[i].why == w)
            return review_whys[i].name;
    return NULL;
}

const char *dc_review_why_text(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof review_whys / sizeof review_whys[0]; i++)
        if (strcmp(review_whys[i].name, name) == 0)
            return review_whys[i].text;
    return name;
}

bool dc_page_has_writing(const dc_page_result *r)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const dc_field_value *f = &r->fields[i];
        if (f->state == DC_STATE_ACCEPTED && f->value && strcmp(f->value, "false") != 0)
            return true;
        if (f->state == DC_STATE_REVIEW && f->why != DC_WHY_NO_CHOICE)
            return true;
    }
    return false;
}

void dc_field_values_free(dc_field_value *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].id);
        free(v[i].value);
        free(v[i].read_as);
        free(v[i].crop_png);
    }
    free(v);
}

void dc_page_result_clear(dc_page_result *r)
{
    if (!r)
        return;
    free(r->file);
    free(r->reason);
    dc_field_values_free(r->fields, r->nfields);
    free(r->thumb_png);
    memset(r, 0, sizeof *r);
}

/* A malloc'd copy of n bytes (NULL for NULL or 0); *ok false when memory ran out. */
static void *dup_bytes(const void *p, size_t n, bool *ok)
{
    if (!p || !n)
        return NULL;
    void *c = malloc(n);
    if (!c)
        *ok = false;
    else
        memcpy(c, p, n);
    return c;
}

/* A malloc'd copy of s (NULL for NULL); *ok false when memory ran out. */
static char *dup_str(const char *s, bool *ok)
{
    return s ? dup_bytes(s, strlen(s) + 1, ok) : NULL;
}

int dc_page_result_copy(dc_page_result *out, const dc_page_result *r)
{
    *out = *r;
    out->file = NULL;
    out->reason = NULL;
    out->fields = NULL;
    out->nfields = 0;
    out->thumb_png = NULL;
    bool ok = true;
    out->file = dup_str(r->file, &ok);
    out->reason = dup_str(r->reason, &ok);
    out->thumb_png = dup_bytes(r->thumb_png, r->thumb_png_len, &ok);
    if (ok && r->nfields) {
        out->fields = calloc(r->nfields, sizeof *out->fields);
        ok = out->fields != NULL;
    }
    for (size_t i = 0; ok && i < r->nfields; i++) {
        const dc_field_value *f = &r->fields[i];
        dc_field_value *g = &out->fields[i];
        *g = *f;
        g->id = dup_str(f->id, &ok);
        g->value = dup_str(f->value, &ok);
        g->read_as = dup_str(f->read_as, &ok);
        g->crop_png = dup_bytes(f->crop_png, f->crop_png_len, &ok);
        out->nfields = i + 1;
    }
    if (!ok) {
        dc_page_result_clear(out);
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    }
    return DC_OK;
}

const dc_field_value *dc_page_result_field(const dc_page_result *r, const char *id)
{
    for (size_t i = 0; i < r->nfields; i++)
        if (strcmp(r->fields[i].id, id) == 0)
            return &r->fields[i];
    return NULL;
}

static bool sure(const dc_field_value *f)
{
    return f->state == DC_STATE_ACCEPTED || f->state == DC_STATE_EMPTY;
}

static const char *written(const dc_field_value *f)
{
    return f->state == DC_STATE_EMPTY || !f->value ? "" : f->value;
}

/* Whether two readings of one field show other writing:
 * - both sure (accepted, or nothing written): the values differ;
 * - one sure that nothing is written, the other a value (accepted or in review): ink against none;
 * - one accepted, the other a value in review: they share less than half their characters in
 *   place (edit distance over half the longer), as two names do, where a misread letter or digit
 *   does not. Two readings in review are not compared (two garbled readings of one name differ as
 *   much as two names), nor a field in review with nothing read. */
static bool fields_differ(const dc_field_value *x, const dc_field_value *y)
{
    const bool xv = x->state != DC_STATE_EMPTY && x->value && *x->value;
    const bool yv = y->state != DC_STATE_EMPTY && y->value && *y->value;
    if (sure(x) && sure(y))
        return strcmp(written(x), written(y)) != 0;
    if ((x->state == DC_STATE_EMPTY && yv) || (y->state == DC_STATE_EMPTY && xv))
        return true;
    if (!xv || !yv || (x->state != DC_STATE_ACCEPTED && y->state != DC_STATE_ACCEPTED))
        return false;
    const size_t lx = strlen(x->value), ly = strlen(y->value), longer = lx > ly ? lx : ly;
    if (lx > 500 || ly > 500)
        return strcmp(x->value, y->value) != 0;
    return (size_t)dc_edit_half(x->value, y->value) > longer;   /* edits over half the longer */
}

bool dc_page_other_writing(const dc_field_value *a, size_t na, const dc_field_value *b, size_t nb, char *which,
                           size_t len)
{
    size_t differ = 0, shown = 0, at = 0;
    if (len)
        which[0] = 0;
    for (size_t i = 0; i < na; i++) {
        const dc_field_value *o = NULL;
        for (size_t j = 0; j < nb && !o; j++)
            if (strcmp(a[i].id, b[j].id) == 0)
                o = &b[j];
        if (!o || !fields_differ(&a[i], o))
            continue;
        differ++;
        if (shown < 3 && at < len) {
            int k = snprintf(which + at, len - at, "%s%s", shown ? ", " : "", a[i].id);
            at = k < 0 ? len : at + (size_t)k;
            shown++;
        }
    }
    if (differ > shown && at < len)
        snprintf(which + at, len - at, " and %zu more", differ - shown);
    return differ >= DC_PAGE_OTHER_MIN;
}

json_t *dc_json_text(const char *s)
{
    if (!s)
        return json_null();
    json_t *j = json_string(s);
    if (!j) {
        char *clean = dc_text_clean(s, 1);
        j = clean ? json_string(clean) : NULL;
        free(clean);
    }
    return j;
}

const char *dc_page_reason_advice(const char *reason, const char *batch_date, char *buf, size_t len)
{
    static const char *const advised[] = {"scan it again", "again into a new file", "keep its paper apart",
                                          "keep it with that paper", "take it out", "save or scan", "save the scan"};
    if (!reason)
        return NULL;
    const char *date = batch_date && batch_date[0] ? batch_date : "(the date of its stack)";
    /* one of our forms, its QR read: its set's checklist joins it when scanned with its stack's date */
    if (dc_starts_with(reason, DC_PAGE_MARKS_NOT_FOUND_START)) {
        snprintf(buf, len, ", into a new file, with --batch-date %s (its stack's date: its set's checklist then joins it)",
                 date);
        return buf;
    }
    if (dc_starts_with(reason, DC_PAGE_VERSION_MARKS_START)) {
        snprintf(buf, len, ": if the sheet is whole and flat, the template of that version in forms/ may not be the one "
                           "it was printed with; else flatten it and scan it again into a new file with --batch-date %s",
                 date);
        return buf;
    }
    for (size_t i = 0; i < sizeof advised / sizeof advised[0]; i++)
        if (strstr(reason, advised[i]))
            return NULL;
    if (dc_starts_with(reason, DC_PAGE_NOT_A_SCAN_START))
        snprintf(buf, len, ": take it out of the scan folder, or save the scan again as an image or a PDF");
    else if (dc_starts_with(reason, DC_PAGE_UNKNOWN_TEMPLATE_START))
        snprintf(buf, len, ": put that template in forms/, or update dcaccess, then scan it again with --batch-date %s",
                 date);
    else
        snprintf(buf, len, ": scan a good copy of the sheet, or take out a page that is not a form");
    return buf;
}

int dc_page_result_to_json(const dc_page_result *r, const char *batch_date, char **out)
{
    *out = NULL;
    json_t *o = json_object();
    if (!o)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    json_object_set_new(o, "file", dc_json_text(r->file ? r->file : ""));
    json_object_set_new(o, "page", json_integer(r->page));
    json_object_set_new(o, "status", json_string(dc_page_status_name(r->status)));
    json_object_set_new(o, "reason", dc_json_text(r->reason));
    char advice[256];
    const char *adv = r->status == DC_PAGE_REJECTED && batch_date
                          ? dc_page_reason_advice(r->reason, batch_date, advice, sizeof advice)
                          : NULL;
    if (adv)
        json_object_set_new(o, "advice", dc_json_text(adv + 2));   /* without its ": " or ", " */
    if (r->form[0]) {
        json_object_set_new(o, "form", json_string(r->form));
        json_object_set_new(o, "template_version", json_integer(r->template_version));
        json_object_set_new(o, "serial", json_string(r->serial));
        json_object_set_new(o, "sheet_page", json_integer(r->sheet_page));
    }
    if (r->status == DC_PAGE_FORM) {
        json_t *fields = json_object();
        for (size_t i = 0; i < r->nfields; i++) {
            const dc_field_value *f = &r->fields[i];
            const char *basis = dc_field_basis_name(f->basis);
            json_t *jf = json_pack("{s:o, s:f, s:s, s:o}", "value", dc_json_text(f->value),
                                   "confidence", (double)((long)(f->confidence * 1000 + 0.5)) / 1000.0, "state",
                                   dc_field_state_name(f->state), "basis", basis ? json_string(basis) : json_null());
            if (jf && f->read_as)
                json_object_set_new(jf, "read", dc_json_text(f->read_as));
            if (jf && f->state == DC_STATE_REVIEW && dc_review_why_name(f->why))
                json_object_set_new(jf, "why", json_string(dc_review_why_name(f->why)));
            json_object_set_new(fields, f->id, jf);
        }
        json_object_set_new(o, "fields", fields);
    }
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(6));
    json_decref(o);
    if (!s)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    *out = s;
    return DC_OK;
}
