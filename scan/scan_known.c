/* scan_known: values a person checked on earlier visits, per field (dc_scan_options.known). */
#include "scan_internal.h"

#include "dc_error.h"
#include "dc_util.h"

#include <stdlib.h>
#include <string.h>

struct scan_known {
    char *form, *field;
    char **values; /* sorted, no repeats */
    size_t n;
};

struct scan_known_set {
    scan_known *lists;
    size_t n;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A value that can be a field's reading: 1 to DC_SCAN_KNOWN_MAX bytes. */
static bool usable(const char *s)
{
    return s && s[0] && strlen(s) <= DC_SCAN_KNOWN_MAX;
}

void scan_known_free(scan_known_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++) {
        scan_known *k = &set->lists[i];
        for (size_t j = 0; j < k->n; j++)
            free(k->values[j]);
        free(k->values);
        free(k->form);
        free(k->field);
    }
    free(set->lists);
    free(set);
}

int scan_known_copy(scan_known_set **out, const dc_scan_known *known, size_t n)
{
    *out = NULL;
    if (!known || n == 0)
        return 0;
    scan_known_set *set = calloc(1, sizeof *set);
    if (!set || !(set->lists = calloc(n, sizeof *set->lists))) {
        free(set);
        return dc_error_set(DC_ERR_NOMEM, "scanner: known values");
    }
    set->n = n;
    for (size_t i = 0; i < n; i++) {
        const dc_scan_known *src = &known[i];
        scan_known *k = &set->lists[i];
        if (!src->form || !src->field || (src->n && !src->values)) {
            scan_known_free(set);
            return dc_error_set(DC_ERR_INVALID_ARG, "dc_scanner_new: known values %zu: no form, field or values", i);
        }
        k->form = dc_strdup(src->form);
        k->field = dc_strdup(src->field);
        k->values = calloc(src->n ? src->n : 1, sizeof *k->values);
        if (!k->form || !k->field || !k->values) {
            scan_known_free(set);
            return dc_error_set(DC_ERR_NOMEM, "scanner: known values");
        }
        for (size_t j = 0; j < src->n; j++) {
            if (!usable(src->values[j]))
                continue;
            if (!(k->values[k->n] = dc_strdup(src->values[j]))) {
                scan_known_free(set);
                return dc_error_set(DC_ERR_NOMEM, "scanner: known values");
            }
            k->n++;
        }
        qsort(k->values, k->n, sizeof *k->values, cmp_str);
        size_t u = 0; /* drop repeats */
        for (size_t j = 0; j < k->n; j++) {
            if (u && strcmp(k->values[u - 1], k->values[j]) == 0)
                free(k->values[j]);
            else
                k->values[u++] = k->values[j];
        }
        k->n = u;
    }
    *out = set;
    return 0;
}

size_t scan_known_count(const scan_known_set *set, const char *form, const char *field)
{
    size_t n = 0;
    for (size_t i = 0; set && form && field && i < set->n; i++)
        if (strcmp(set->lists[i].form, form) == 0 && strcmp(set->lists[i].field, field) == 0)
            n += set->lists[i].n;
    return n;
}

bool scan_known_has(const scan_known_set *set, const char *form, const char *field, const char *value)
{
    if (!set || !form || !field || !usable(value))
        return false;
    for (size_t i = 0; i < set->n; i++) {
        const scan_known *k = &set->lists[i];
        if (strcmp(k->form, form) == 0 && strcmp(k->field, field) == 0 &&
            bsearch(&value, k->values, k->n, sizeof *k->values, cmp_str))
            return true;
    }
    return false;
}

/* ---- a returning visitor's checked values by ID number (dc_scan_options.visitors) ---- */

typedef struct visitor_value {
    char *id_number, *field, *value;
    size_t order; /* position in the caller's array: the first per ID number and field counts */
} visitor_value;

struct scan_visitors {
    visitor_value *v; /* sorted by ID number, field; one per pair */
    size_t n;
};

static int cmp_visitor(const void *a, const void *b)
{
    const visitor_value *x = a, *y = b;
    int c = strcmp(x->id_number, y->id_number);
    if (!c)
        c = strcmp(x->field, y->field);
    if (!c)
        c = (x->order > y->order) - (x->order < y->order);
    return c;
}

void scan_visitors_free(scan_visitors *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].id_number);
        free(s->v[i].field);
        free(s->v[i].value);
    }
    free(s->v);
    free(s);
}

int scan_visitors_copy(scan_visitors **out, const dc_scan_visitor_value *v, size_t n)
{
    *out = NULL;
    if (!v || n == 0)
        return 0;
    scan_visitors *s = calloc(1, sizeof *s);
    if (!s || !(s->v = calloc(n, sizeof *s->v))) {
        free(s);
        return dc_error_set(DC_ERR_NOMEM, "scanner: visitors' values");
    }
    for (size_t i = 0; i < n; i++) {
        if (!v[i].id_number || !v[i].field) {
            scan_visitors_free(s);
            return dc_error_set(DC_ERR_INVALID_ARG, "dc_scanner_new: visitor value %zu: no ID number or field", i);
        }
        if (!v[i].id_number[0] || !usable(v[i].value))
            continue;
        visitor_value *x = &s->v[s->n];
        x->order = i;
        x->id_number = dc_strdup(v[i].id_number);
        x->field = dc_strdup(v[i].field);
        x->value = dc_strdup(v[i].value);
        s->n++; /* counted first, so that scan_visitors_free frees what was copied */
        if (!x->id_number || !x->field || !x->value) {
            scan_visitors_free(s);
            return dc_error_set(DC_ERR_NOMEM, "scanner: visitors' values");
        }
    }
    qsort(s->v, s->n, sizeof *s->v, cmp_visitor);
    size_t u = 0; /* the first given per ID number and field */
    for (size_t i = 0; i < s->n; i++) {
        visitor_value *x = &s->v[i];
        if (u && strcmp(s->v[u - 1].id_number, x->id_number) == 0 && strcmp(s->v[u - 1].field, x->field) == 0) {
            free(x->id_number);
            free(x->field);
            free(x->value);
        } else {
            s->v[u++] = *x;
        }
    }
    s->n = u;
    *out = s;
    return 0;
}

const char *scan_visitors_value(const scan_visitors *s, const char *id_number, const char *field)
{
    if (!s || !id_number || !field)
        return NULL;
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(s->v[mid].id_number, id_number);
        if (!c)
            c = strcmp(s->v[mid].field, field);
        if (!c)
            return s->v[mid].value;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t scan_visitors_count(const scan_visitors *s)
{
    return s ? s->n : 0;
}
