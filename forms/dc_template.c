/* dc_template: loads and validates form templates (Jansson), and the QR payload format. */
#include "dc_template.h"
#include "dc_error.h"
#include "dc_util.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Validation context: every message names the file and the path to the offending key. */
typedef struct ctx {
    const char *path;
    const char *where; /* e.g. "field \"visit_date\"" */
} ctx;

static int bad(const ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(const ctx *c, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->where)
        return dc_error_set(DC_ERR_TEMPLATE, "%s: %s: %s", c->path, c->where, msg);
    return dc_error_set(DC_ERR_TEMPLATE, "%s: %s", c->path, msg);
}

static int get_number(const ctx *c, json_t *obj, const char *key, double *out, bool required)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            return bad(c, "missing \"%s\"", key);
        return DC_OK;
    }
    if (!json_is_number(v))
        return bad(c, "\"%s\" must be a number", key);
    *out = json_number_value(v);
    return DC_OK;
}

static int get_string(const ctx *c, json_t *obj, const char *key, char **out, bool required)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v) {
        if (required)
            return bad(c, "missing \"%s\"", key);
        return DC_OK;
    }
    if (!json_is_string(v) || json_string_length(v) == 0)
        return bad(c, "\"%s\" must be a non-empty string", key);
    *out = dc_strdup(json_string_value(v));
    return *out ? DC_OK : dc_error_set(DC_ERR_NOMEM, "out of memory");
}

static int get_box(const ctx *c, json_t *obj, const char *key, dc_box_mm *b, const dc_template *t)
{
    json_t *v = key ? json_object_get(obj, key) : obj;
    if (!v)
        return bad(c, "missing \"%s\"", key);
    if (!json_is_object(v))
        return bad(c, "\"%s\" must be an object with x_mm, y_mm, w_mm, h_mm", key ? key : "box");
    int rc;
    if ((rc = get_number(c, v, "x_mm", &b->x, true)) || (rc = get_number(c, v, "y_mm", &b->y, true)) ||
        (rc = get_number(c, v, "w_mm", &b->w, true)) || (rc = get_number(c, v, "h_mm", &b->h, true)))
        return rc;
    if (b->w <= 0 || b->h <= 0)
        return bad(c, "%s has a non-positive size (%.2f x %.2f mm)", key ? key : "box", b->w, b->h);
    if (b->x < 0 || b->y < 0 || b->x + b->w > t->page_w || b->y + b->h > t->page_h)
        return bad(c, "%s (%.2f,%.2f %.2fx%.2f mm) lies outside the %.0fx%.0f mm page",
                   key ? key : "box", b->x, b->y, b->w, b->h, t->page_w, t->page_h);
    return DC_OK;
}

static int get_label(const ctx *c, json_t *obj, const char *key, dc_label *l, bool with_pos, bool required)
{
    json_t *v = json_object_get(obj, key);
    memset(l, 0, sizeof *l);
    if (!v)
        return required ? bad(c, "missing \"%s\"", key) : DC_OK;
    if (!json_is_object(v))
        return bad(c, "\"%s\" must be an object with \"id\" and \"en\"", key);
    int rc;
    if ((rc = get_string(c, v, "id", &l->id, true)) || (rc = get_string(c, v, "en", &l->en, true)))
        return rc;
    if (with_pos) {
        if ((rc = get_number(c, v, "x_mm", &l->x, true)) || (rc = get_number(c, v, "y_mm", &l->y, true)))
            return rc;
    }
    return DC_OK;
}

static void label_free(dc_label *l)
{
    free(l->id);
    free(l->en);
}

static const struct {
    const char *name;
    dc_field_type type;
} field_types[] = {
    {"text", DC_FIELD_TEXT},         {"digits", DC_FIELD_DIGITS},       {"date", DC_FIELD_DATE},
    {"time", DC_FIELD_TIME},         {"choice", DC_FIELD_CHOICE},       {"checkbox", DC_FIELD_CHECKBOX},
    {"signature", DC_FIELD_SIGNATURE},
};

const char *dc_field_type_name(dc_field_type type)
{
    for (size_t i = 0; i < sizeof field_types / sizeof field_types[0]; i++)
        if (field_types[i].type == type)
            return field_types[i].name;
    return "unknown";
}

static bool boxes_overlap(const dc_box_mm *a, const dc_box_mm *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static int load_field(const ctx *outer, json_t *jf, size_t index, dc_field *f, const dc_template *t)
{
    char where[160];
    json_t *jid = json_object_get(jf, "id");
    if (json_is_string(jid))
        snprintf(where, sizeof where, "field \"%s\"", json_string_value(jid));
    else
        snprintf(where, sizeof where, "fields[%zu]", index);
    ctx c = {outer->path, where};
    if (!json_is_object(jf))
        return bad(&c, "must be an object");
    int rc;
    if ((rc = get_string(&c, jf, "id", &f->id, true)))
        return rc;
    for (const char *p = f->id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return bad(&c, "id may only hold a-z, 0-9 and _");
    char *type = NULL;
    if ((rc = get_string(&c, jf, "type", &type, true)))
        return rc;
    size_t k;
    for (k = 0; k < sizeof field_types / sizeof field_types[0]; k++)
        if (strcmp(type, field_types[k].name) == 0)
            break;
    if (k == sizeof field_types / sizeof field_types[0]) {
        rc = bad(&c, "unknown type \"%s\" (text, digits, date, time, choice, checkbox, signature)", type);
        free(type);
        return rc;
    }
    free(type);
    f->type = field_types[k].type;
    json_t *req = json_object_get(jf, "required");
    if (req && !json_is_boolean(req))
        return bad(&c, "\"required\" must be true or false");
    f->required = req ? json_is_true(req) : false;
    if ((rc = get_label(&c, jf, "label", &f->label, true, false)) ||
        (rc = get_string(&c, jf, "charset", &f->charset, false)) ||
        (rc = get_string(&c, jf, "lang", &f->lang, false)))
        return rc;
    char *lexicon = NULL;
    if ((rc = get_string(&c, jf, "lexicon", &lexicon, false)))
        return rc;
    if (lexicon) {
        bool staff = strcmp(lexicon, "staff") == 0;
        rc = staff ? 0 : bad(&c, "unknown lexicon \"%s\" (staff)", lexicon);
        free(lexicon);
        if (rc)
            return rc;
        if (f->type != DC_FIELD_TEXT)
            return bad(&c, "a lexicon is for text fields only");
        f->lexicon = DC_LEXICON_STAFF;
    }
    json_t *row = json_object_get(jf, "row");
    if (row) {
        if (!json_is_integer(row) || json_integer_value(row) < 1)
            return bad(&c, "\"row\" must be a positive integer");
        f->row = (int)json_integer_value(row);
    }

    json_t *cells = json_object_get(jf, "cells");
    json_t *zone = json_object_get(jf, "zone");
    switch (f->type) {
    case DC_FIELD_DIGITS:
    case DC_FIELD_DATE:
    case DC_FIELD_TIME:
    case DC_FIELD_TEXT:
        if (f->type == DC_FIELD_TEXT && zone && !cells) {
            f->has_zone = true;
            return get_box(&c, jf, "zone", &f->zone, t);
        }
        if (!json_is_array(cells) || json_array_size(cells) == 0)
            return bad(&c, "needs a non-empty \"cells\" array%s", f->type == DC_FIELD_TEXT ? " or a \"zone\"" : "");
        f->ncells = json_array_size(cells);
        if (f->type == DC_FIELD_DATE && f->ncells != 8)
            return bad(&c, "a date needs 8 cells (DDMMYYYY), found %zu", f->ncells);
        if (f->type == DC_FIELD_TIME && f->ncells != 4)
            return bad(&c, "a time needs 4 cells (HHMM), found %zu", f->ncells);
        if (f->type == DC_FIELD_DIGITS && f->ncells > DC_TEMPLATE_MAX_DIGIT_CELLS)
            return bad(&c, "a digit comb has at most %d cells, found %zu", DC_TEMPLATE_MAX_DIGIT_CELLS, f->ncells);
        f->cells = calloc(f->ncells, sizeof *f->cells);
        if (!f->cells)
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < f->ncells; i++) {
            char w2[200];
            snprintf(w2, sizeof w2, "%s: cells[%zu]", where, i);
            ctx cc = {c.path, w2};
            if ((rc = get_box(&cc, json_array_get(cells, i), NULL, &f->cells[i], t)))
                return rc;
            if (i > 0 && f->cells[i].x <= f->cells[i - 1].x && f->cells[i].y <= f->cells[i - 1].y)
                return bad(&cc, "is not in reading order");
            if (i > 0 && boxes_overlap(&f->cells[i], &f->cells[i - 1]))
                return bad(&cc, "overlaps the cell before it");
        }
        return DC_OK;
    case DC_FIELD_CHOICE: {
        json_t *opts = json_object_get(jf, "options");
        if (!json_is_array(opts) || json_array_size(opts) < 2)
            return bad(&c, "a choice needs an \"options\" array of at least 2");
        f->noptions = json_array_size(opts);
        f->options = calloc(f->noptions, sizeof *f->options);
        if (!f->options)
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < f->noptions; i++) {
            json_t *o = json_array_get(opts, i);
            char w2[200];
            snprintf(w2, sizeof w2, "%s: options[%zu]", where, i);
            ctx oc = {c.path, w2};
            if (!json_is_object(o))
                return bad(&oc, "must be an object with \"value\" and \"box\"");
            if ((rc = get_string(&oc, o, "value", &f->options[i].value, true)) ||
                (rc = get_label(&oc, o, "label", &f->options[i].label, false, false)) ||
                (rc = get_box(&oc, o, "box", &f->options[i].box, t)))
                return rc;
            for (size_t j = 0; j < i; j++)
                if (strcmp(f->options[j].value, f->options[i].value) == 0)
                    return bad(&oc, "duplicate value \"%s\"", f->options[i].value);
        }
        return DC_OK;
    }
    case DC_FIELD_CHECKBOX:
        return get_box(&c, jf, "box", &f->box, t);
    case DC_FIELD_SIGNATURE:
        f->has_zone = true;
        return get_box(&c, jf, "zone", &f->zone, t);
    }
    return bad(&c, "unhandled type");
}

static void field_free(dc_field *f)
{
    free(f->id);
    label_free(&f->label);
    free(f->charset);
    free(f->lang);
    free(f->cells);
    for (size_t i = 0; i < f->noptions; i++) {
        free(f->options[i].value);
        label_free(&f->options[i].label);
    }
    free(f->options);
}

void dc_template_free(dc_template *t)
{
    if (!t)
        return;
    free(t->path);
    free(t->form);
    label_free(&t->title);
    free(t->marks);
    for (size_t i = 0; i < t->ntexts; i++) {
        free(t->texts[i].style);
        free(t->texts[i].id);
        free(t->texts[i].en);
    }
    free(t->texts);
    for (size_t i = 0; i < t->table.ncolumns; i++) {
        free(t->table.columns[i].key);
        free(t->table.columns[i].id);
        free(t->table.columns[i].en);
    }
    free(t->table.columns);
    for (size_t i = 0; i < t->nfields; i++)
        field_free(&t->fields[i]);
    free(t->fields);
    free(t);
}

static const struct {
    const char *name;
    dc_mark_role role;
} mark_roles[] = {
    {"top_left", DC_MARK_TOP_LEFT},       {"top_right", DC_MARK_TOP_RIGHT},
    {"bottom_left", DC_MARK_BOTTOM_LEFT}, {"bottom_right", DC_MARK_BOTTOM_RIGHT},
    {"orientation", DC_MARK_ORIENTATION},
};

static int load_marks(const ctx *c0, json_t *root, dc_template *t)
{
    json_t *marks = json_object_get(root, "marks");
    if (!json_is_array(marks))
        return bad(c0, "missing \"marks\" array");
    t->nmarks = json_array_size(marks);
    t->marks = calloc(t->nmarks ? t->nmarks : 1, sizeof *t->marks);
    if (!t->marks)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    unsigned seen = 0;
    for (size_t i = 0; i < t->nmarks; i++) {
        char where[64];
        snprintf(where, sizeof where, "marks[%zu]", i);
        ctx c = {c0->path, where};
        json_t *m = json_array_get(marks, i);
        json_t *role = json_object_get(m, "role");
        if (!json_is_string(role))
            return bad(&c, "missing \"role\"");
        size_t k;
        for (k = 0; k < sizeof mark_roles / sizeof mark_roles[0]; k++)
            if (strcmp(json_string_value(role), mark_roles[k].name) == 0)
                break;
        if (k == sizeof mark_roles / sizeof mark_roles[0])
            return bad(&c, "unknown role \"%s\"", json_string_value(role));
        if (seen & (1u << k))
            return bad(&c, "role \"%s\" given twice", mark_roles[k].name);
        seen |= 1u << k;
        t->marks[i].role = mark_roles[k].role;
        int rc = get_box(&c, m, NULL, &t->marks[i].box, t);
        if (rc)
            return rc;
    }
    if (seen != 0x1f)
        return bad(c0, "\"marks\" needs exactly one each of top_left, top_right, bottom_left, bottom_right, orientation");
    return DC_OK;
}

static int load_table(const ctx *c0, json_t *root, dc_template *t)
{
    json_t *tb = json_object_get(root, "table");
    if (!tb)
        return DC_OK;
    ctx c = {c0->path, "table"};
    double rows = 0;
    int rc;
    if ((rc = get_number(&c, tb, "x_mm", &t->table.x, true)) || (rc = get_number(&c, tb, "y_mm", &t->table.y, true)) ||
        (rc = get_number(&c, tb, "header_h_mm", &t->table.header_h, true)) ||
        (rc = get_number(&c, tb, "row_h_mm", &t->table.row_h, true)) || (rc = get_number(&c, tb, "rows", &rows, true)))
        return rc;
    if (rows < 1 || rows > 50 || t->table.row_h <= 0 || t->table.header_h <= 0)
        return bad(&c, "rows, row_h_mm and header_h_mm must be positive");
    t->table.rows = (int)rows;
    json_t *cols = json_object_get(tb, "columns");
    if (!json_is_array(cols) || json_array_size(cols) == 0)
        return bad(&c, "missing \"columns\" array");
    t->table.ncolumns = json_array_size(cols);
    t->table.columns = calloc(t->table.ncolumns, sizeof *t->table.columns);
    if (!t->table.columns)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < t->table.ncolumns; i++) {
        json_t *col = json_array_get(cols, i);
        dc_table_column *tc = &t->table.columns[i];
        if ((rc = get_string(&c, col, "key", &tc->key, true)) || (rc = get_string(&c, col, "id", &tc->id, true)) ||
            (rc = get_string(&c, col, "en", &tc->en, true)) || (rc = get_number(&c, col, "w_mm", &tc->w, true)))
            return rc;
    }
    t->table.present = true;
    return DC_OK;
}

static int load_root(const ctx *c, json_t *root, dc_template *t)
{
    int rc;
    if (!json_is_object(root))
        return bad(c, "top level must be an object");
    if ((rc = get_string(c, root, "form", &t->form, true)))
        return rc;
    json_t *ver = json_object_get(root, "version");
    if (!json_is_integer(ver) || json_integer_value(ver) < 1)
        return bad(c, "\"version\" must be an integer >= 1");
    t->version = (int)json_integer_value(ver);
    json_t *sp = json_object_get(root, "sheet_page");
    if (!json_is_integer(sp) || json_integer_value(sp) < 1)
        return bad(c, "\"sheet_page\" must be an integer >= 1");
    t->sheet_page = (int)json_integer_value(sp);
    json_t *page = json_object_get(root, "page");
    if (!json_is_object(page))
        return bad(c, "missing \"page\" object with w_mm and h_mm");
    if ((rc = get_number(c, page, "w_mm", &t->page_w, true)) || (rc = get_number(c, page, "h_mm", &t->page_h, true)))
        return rc;
    if (t->page_w < 50 || t->page_h < 50 || t->page_w > 1000 || t->page_h > 1000)
        return bad(c, "page size %.1fx%.1f mm is not plausible", t->page_w, t->page_h);
    if ((rc = get_label(c, root, "title", &t->title, false, true)) || (rc = load_marks(c, root, t)))
        return rc;
    ctx qc = {c->path, "qr"};
    if ((rc = get_box(&qc, root, "qr", &t->qr, t)))
        return rc;
    if (t->qr.w < 15 || t->qr.h < 15)
        return bad(&qc, "the QR must be at least 15 mm");

    json_t *texts = json_object_get(root, "texts");
    if (texts) {
        if (!json_is_array(texts))
            return bad(c, "\"texts\" must be an array");
        t->ntexts = json_array_size(texts);
        t->texts = calloc(t->ntexts ? t->ntexts : 1, sizeof *t->texts);
        if (!t->texts)
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < t->ntexts; i++) {
            char where[32];
            snprintf(where, sizeof where, "texts[%zu]", i);
            ctx tc = {c->path, where};
            json_t *jt = json_array_get(texts, i);
            if ((rc = get_string(&tc, jt, "style", &t->texts[i].style, true)) ||
                (rc = get_string(&tc, jt, "id", &t->texts[i].id, true)) ||
                (rc = get_string(&tc, jt, "en", &t->texts[i].en, true)) ||
                (rc = get_box(&tc, jt, NULL, &t->texts[i].box, t)))
                return rc;
        }
    }
    if ((rc = load_table(c, root, t)))
        return rc;

    json_t *fields = json_object_get(root, "fields");
    if (!json_is_array(fields) || json_array_size(fields) == 0)
        return bad(c, "missing or empty \"fields\" array");
    t->nfields = json_array_size(fields);
    t->fields = calloc(t->nfields, sizeof *t->fields);
    if (!t->fields)
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < t->nfields; i++) {
        if ((rc = load_field(c, json_array_get(fields, i), i, &t->fields[i], t)))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(t->fields[j].id, t->fields[i].id) == 0) {
                ctx fc = {c->path, NULL};
                return bad(&fc, "field \"%s\" is defined twice", t->fields[i].id);
            }
    }
    return DC_OK;
}

int dc_template_load(dc_template **out, const char *path)
{
    *out = NULL;
    json_error_t jerr;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);   /* a key twice: which was meant? */
    if (!root) {
        if (jerr.line < 0 || strstr(jerr.text, "unable to open"))
            return dc_error_set(DC_ERR_IO, "%s: %s", path, jerr.text);
        return dc_error_set(DC_ERR_JSON, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
    }
    dc_template *t = calloc(1, sizeof *t);
    if (!t) {
        json_decref(root);
        return dc_error_set(DC_ERR_NOMEM, "out of memory");
    }
    t->path = dc_strdup(path);
    ctx c = {path, NULL};
    int rc = t->path ? load_root(&c, root, t) : dc_error_set(DC_ERR_NOMEM, "out of memory");
    json_decref(root);
    if (rc) {
        dc_template_free(t);
        return rc;
    }
    *out = t;
    return DC_OK;
}

const dc_field *dc_template_field(const dc_template *t, const char *id)
{
    for (size_t i = 0; i < t->nfields; i++)
        if (strcmp(t->fields[i].id, id) == 0)
            return &t->fields[i];
    return NULL;
}

/* The top of a field's writing areas (mm). */
void dc_field_each_area(const dc_field *f, void (*fn)(void *u, dc_box_mm area), void *u)
{
    for (size_t c = 0; c < f->ncells; c++)
        fn(u, f->cells[c]);
    for (size_t o = 0; o < f->noptions; o++)
        fn(u, f->options[o].box);
    if (f->type == DC_FIELD_CHECKBOX)
        fn(u, f->box);
    if (f->has_zone)
        fn(u, f->zone);
}

static void keep_top(void *u, dc_box_mm a)
{
    double *top = u;
    if (a.y < *top)
        *top = a.y;
}

static double field_top(const dc_field *f)
{
    double top = 1e9;
    dc_field_each_area(f, keep_top, &top);
    return top;
}

size_t dc_template_section_of(const dc_template *t, const dc_field *f)
{
    const double top = field_top(f);
    size_t k = 0;
    for (size_t i = 0; i < t->ntexts; i++)
        if (t->texts[i].style && strcmp(t->texts[i].style, "section") == 0 && t->texts[i].box.y <= top)
            k++;
    return k;
}

/* ---- template sets ---- */

struct dc_template_set {
    size_t n;
    dc_template **items;
};

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

/* Every JSON file but a hidden one (an editor's lock ".#access.v1.json", a Mac's "._access.v1.json"):
 * one named otherwise than <form>.v<N>.json ("access.json", "access.V1.json") is loaded, and its name
 * refused with the name it needs, not left out without a word (its pages were "unknown template") */
static int is_template_name(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return n > 5 && d->d_name[0] != '.' && strcasecmp(d->d_name + n - 5, ".json") == 0;
}

int dc_template_set_load(dc_template_set **out, const char *dir)
{
    *out = NULL;
    char *owned = NULL;
    if (!dir) {
        owned = dc_asprintf("%s/forms", dc_data_dir());
        if (!owned)
            return dc_error_set(DC_ERR_NOMEM, "out of memory");
        dir = owned;
    }
    struct dirent **names = NULL;
    int n = scandir(dir, &names, is_template_name, by_name);
    if (n < 0) {
        int rc = dc_error_set(DC_ERR_IO, "%s: cannot list templates", dir);
        free(owned);
        return rc;
    }
    dc_template_set *s = calloc(1, sizeof *s);
    int rc = DC_OK;
    if (!s || !(s->items = calloc(n ? (size_t)n : 1, sizeof *s->items)))
        rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
    for (int i = 0; i < n; i++) {
        if (rc == DC_OK) {
            char *p = dc_asprintf("%s/%s", dir, names[i]->d_name);
            rc = p ? dc_template_load(&s->items[s->n], p) : dc_error_set(DC_ERR_NOMEM, "out of memory");
            if (rc == DC_OK) {
                /* the name is how people find a version (and remove one): it says what the file holds,
                 * so no two files of a folder hold the same form and version */
                const dc_template *t = s->items[s->n];
                char *want = dc_asprintf("%s.v%d.json", t->form, t->version);
                if (!want)
                    rc = dc_error_set(DC_ERR_NOMEM, "out of memory");
                else if (strcmp(names[i]->d_name, want) != 0)
                    rc = dc_error_set(DC_ERR_TEMPLATE, "%s: holds form \"%s\" version %d, so its name must be %s", p,
                                      t->form, t->version, want);
                free(want);
                s->n++;
            }
            free(p);
        }
        free(names[i]);
    }
    free(names);
    if (rc == DC_OK && s->n == 0)
        rc = dc_error_set(DC_ERR_TEMPLATE, "%s: no form templates (<form>.v<N>.json) found", dir);
    free(owned);
    if (rc) {
        dc_template_set_free(s);
        return rc;
    }
    *out = s;
    return DC_OK;
}

void dc_template_set_free(dc_template_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        dc_template_free(s->items[i]);
    free(s->items);
    free(s);
}

const dc_template *dc_template_set_find(const dc_template_set *s, const char *form, int version)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->items[i]->form, form) == 0 && s->items[i]->version == version)
            return s->items[i];
    return NULL;
}

const dc_template *dc_template_set_latest(const dc_template_set *s, const char *form)
{
    const dc_template *best = NULL;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->items[i]->form, form) == 0 && (!best || s->items[i]->version > best->version))
            best = s->items[i];
    return best;
}

size_t dc_template_set_count(const dc_template_set *s) { return s->n; }

const dc_template *dc_template_set_at(const dc_template_set *s, size_t i) { return i < s->n ? s->items[i] : NULL; }

const char *dc_data_dir(void)
{
    const char *env = getenv("DCACCESS_DATA_DIR");
    return (env && *env) ? env : DC_SOURCE_DIR;
}

/* ---- QR payload ---- */

int dc_qr_format(char *buf, size_t len, const char *form, int version, const char *serial, int page)
{
    int n = snprintf(buf, len, "DCACCESS;form=%s;v=%d;serial=%s;page=%d", form, version, serial, page);
    if (n < 0 || (size_t)n >= len)
        return dc_error_set(DC_ERR_INVALID_ARG, "QR payload too long");
    return DC_OK;
}

int dc_qr_parse(const char *text, char *form, size_t form_len, int *version, char *serial, size_t serial_len,
                int *page)
{
    char f[32], s[32];
    int v, p, consumed = 0;
    if (sscanf(text, "DCACCESS;form=%31[a-z];v=%d;serial=%31[A-Za-z0-9-];page=%d%n", f, &v, s, &p, &consumed) != 4 ||
        text[consumed] != '\0' || v < 1 || p < 1)
        return dc_error_set(DC_ERR_NOT_FORM, "QR code \"%.60s\" is not a dcaccess form code", text);
    if (strlen(f) >= form_len || strlen(s) >= serial_len)
        return dc_error_set(DC_ERR_INVALID_ARG, "QR field too long");
    strcpy(form, f);
    strcpy(serial, s);
    *version = v;
    *page = p;
    return DC_OK;
}
