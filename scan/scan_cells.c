/* scan_cells: the cells of a stored digit field, and what a checked value says each one holds. */
#include "scan_internal.h"

#include "dc_error.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool dc_scan_is_digit_comb(const dc_field *f)
{
    return f && (f->type == DC_FIELD_DIGITS || f->type == DC_FIELD_DATE || f->type == DC_FIELD_TIME) &&
           f->ncells > 0 && !f->has_zone;
}

void dc_scan_cells_free(PIX **cells, size_t n)
{
    for (size_t i = 0; cells && i < n; i++)
        pixDestroy(&cells[i]);
    free(cells);
}

int dc_scan_field_cells(const dc_field *f, const unsigned char *png, size_t len, PIX ***cells, int **ink)
{
    if (!cells || !ink || !dc_scan_is_digit_comb(f) || !png)
        return dc_error_set(DC_ERR_INVALID_ARG, "%s is not a field of digit cells with a crop",
                            f && f->id ? f->id : "(null)");
    *cells = NULL;
    *ink = NULL;
    double ox, oy;
    int w, h;
    scan_comb_crop_geometry(f, DC_SCAN_PX_PER_MM, &ox, &oy, &w, &h);
    char *why = NULL;
    PIX *crop = scan_read_png_mem(png, len, &why);
    if (!crop) {
        int rc = why ? dc_error_set(DC_ERR_IMAGE, "the crop of %s is not a readable PNG: %s", f->id, why)
                     : dc_error_set(DC_ERR_NOMEM, "the crop of %s", f->id);
        free(why);
        return rc;
    }
    /* a person's crop (writing over or beside the comb) has the readers' crop at its centre */
    const int dw = pixGetWidth(crop) - w, dh = pixGetHeight(crop) - h;
    if (pixGetDepth(crop) != 8 || pixGetColormap(crop) || dw != dh || dw < 0 || dw % 2 != 0) {
        int rc = dc_error_set(DC_ERR_IMAGE, "the crop of %s is %dx%d px, %d bpp; this template's field "
                              "crop is %dx%d px, 8 bpp (or wider by the same even number of px each way)",
                              f->id, pixGetWidth(crop), pixGetHeight(crop), pixGetDepth(crop), w, h);
        pixDestroy(&crop);
        return rc;
    }
    if (dw > 0) {
        BOX *mid = boxCreate(dw / 2, dh / 2, w, h);
        PIX *inner = mid ? pixClipRectangle(crop, mid, NULL) : NULL;
        boxDestroy(&mid);
        pixDestroy(&crop);
        if (!inner)
            return dc_error_set(DC_ERR_NOMEM, "cells of %s", f->id);
        crop = inner;
    }
    PIX **c = calloc(f->ncells, sizeof *c);
    int *k = calloc(f->ncells, sizeof *k);
    int rc = c && k ? scan_comb_cells(crop, ox, oy, f, true, c, k, NULL) : dc_error_set(DC_ERR_NOMEM, "cells of %s", f->id);
    pixDestroy(&crop);
    if (rc) {
        dc_scan_cells_free(c, f->ncells);
        free(k);
        return rc;
    }
    *cells = c;
    *ink = k;
    return 0;
}

/* "DD", "MM" ... copied as cell labels; false when a character is not a digit */
static bool put_digits(int *labels, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        labels[i] = s[i] - '0';
    }
    return true;
}

int dc_scan_cell_labels(const dc_field *f, const char *value, const int *ink, int *labels)
{
    if (!dc_scan_is_digit_comb(f) || !ink || !labels)
        return dc_error_set(DC_ERR_INVALID_ARG, "%s is not a field of digit cells",
                            f && f->id ? f->id : "(null)");
    const size_t n = f->ncells;
    const char *v = value ? value : "";
    const size_t k = strlen(v);
    size_t inked = 0, first = n, last = 0;
    for (size_t i = 0; i < n; i++) {
        labels[i] = -1;
        if (ink[i]) {
            inked++;
            if (first == n)
                first = i;
            last = i;
        }
    }
    if (k == 0) {
        if (inked)
            return dc_error_set(DC_ERR_VALUE, "%s: nothing written, but %zu cell(s) hold ink", f->id, inked);
        return 0;
    }
    if (f->type == DC_FIELD_DATE || f->type == DC_FIELD_TIME) {
        const bool date = f->type == DC_FIELD_DATE;
        /* YYYY-MM-DD -> DD MM YYYY; HH:MM -> HH MM */
        bool ok = date ? n == 8 && k == 10 && v[4] == '-' && v[7] == '-' && put_digits(labels, v + 8, 2) &&
                             put_digits(labels + 2, v + 5, 2) && put_digits(labels + 4, v, 4)
                       : n == 4 && k == 5 && v[2] == ':' && put_digits(labels, v, 2) && put_digits(labels + 2, v + 3, 2);
        if (!ok) {
            for (size_t i = 0; i < n; i++)
                labels[i] = -1;
            return dc_error_set(DC_ERR_VALUE, "%s: \"%s\" is not a %s for %zu cells", f->id, v,
                                date ? "date YYYY-MM-DD" : "time HH:MM", n);
        }
        if (inked + 1 < n) {
            for (size_t i = 0; i < n; i++)
                labels[i] = -1;
            return dc_error_set(DC_ERR_VALUE, "%s: \"%s\" fills %zu cells, but only %zu hold ink (written "
                                "another way?)", f->id, v, n, inked);
        }
        return 0;
    }
    for (size_t i = 0; i < k; i++)
        if (!isdigit((unsigned char)v[i]))
            return dc_error_set(DC_ERR_VALUE, "%s: \"%s\" is not a digit string", f->id, v);
    size_t at;
    if (inked == k && last - first + 1 == k)
        at = first;
    else if (k == n && inked + 1 >= n)
        at = 0;
    else
        return dc_error_set(DC_ERR_VALUE, "%s: \"%s\" has %zu digits, but the cells holding ink are %zu of %zu%s",
                            f->id, v, k, inked, n, inked == k ? " and not side by side" : "");
    put_digits(labels + at, v, k);
    return 0;
}
