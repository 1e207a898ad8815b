/* dc_icr: loads a digit or letter model, reads comb cells and decides accept/review per field. */
#include "dc_icr.h"
#include "icr_internal.h"
#include "dc_error.h"
#include "dc_util.h"

#include <stdlib.h>
#include <string.h>

_Static_assert(ICR_CLASSES == DC_ICR_DIGIT_SYMBOLS + 1 && ICR_LETTERS == DC_ICR_LETTER_SYMBOLS,
               "the public symbol counts are the models' classes less empty");

struct dc_icr {
    icr_net nets[ICR_MAX_NETS];   /* one net, or an ensemble whose logits are averaged */
    int n_nets;
    size_t max_act;               /* largest activation of any net */
    int max_layers;
};

int dc_icr_load(dc_icr **out, const char *model_path)
{
    if (!out)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_icr_load: out is NULL");
    *out = NULL;
    if (!model_path)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_icr_load: model path is NULL");
    dc_icr *m = calloc(1, sizeof *m);
    if (!m)
        return dc_error_set(DC_ERR_NOMEM, "dc_icr_load");
    int rc = icr_model_read(m->nets, &m->n_nets, model_path);
    if (rc != 0) {
        free(m);
        return rc;
    }
    if (m->nets[0].n_classes != ICR_CLASSES && m->nets[0].n_classes != ICR_LETTERS + 1) {
        rc = dc_error_set(DC_ERR_MODEL, "%s: an ICR model of %d classes is neither a digit model (%d) nor a "
                          "letter model (%d)", model_path, m->nets[0].n_classes, ICR_CLASSES, ICR_LETTERS + 1);
        dc_icr_free(m);
        return rc;
    }
    for (int k = 0; k < m->n_nets; k++) {
        size_t a = icr_net_max_act(&m->nets[k]);
        if (a > m->max_act)
            m->max_act = a;
        if (m->nets[k].n_layers > m->max_layers)
            m->max_layers = m->nets[k].n_layers;
    }
    *out = m;
    return 0;
}

void dc_icr_free(dc_icr *m)
{
    if (!m)
        return;
    for (int k = 0; k < m->n_nets; k++)
        icr_net_release(&m->nets[k]);
    free(m);
}

float dc_icr_threshold(const dc_icr *m)
{
    return m ? m->nets[0].threshold : 1.0f;
}

int dc_icr_symbols(const dc_icr *m)
{
    return m ? m->nets[0].n_classes - 1 : 0;
}

/* Tiny isolated marks (a dot, a short tick) far smaller than any written digit. */
static int is_tiny_mark(const icr_norm_info *info)
{
    return info->ink_h_frac < 0.22f && info->ink_w_frac < 0.22f;
}

/* What the second look for light ink (icr_normalize_faint) must find to be writing: ink of a
 * digit's size, at least 2% of the cell (the paper's noise and the printed border's broken
 * rim, which also pass its lower ink level, leave less). */
static int is_faint_writing(const icr_norm_info *fi)
{
    return fi->has_ink && !is_tiny_mark(fi) && fi->ink_pixels * 50 >= fi->cell_pixels;
}

int icr_cell_grey(PIX *cell, uint8_t **grey, int *wp, int *hp)
{
    *grey = NULL;
    l_int32 w = pixGetWidth(cell), h = pixGetHeight(cell), d = pixGetDepth(cell);
    if (w < 4 || h < 4 || w > 4000 || h > 4000)
        return dc_error_set(DC_ERR_IMAGE, "ICR cell of %dx%d pixels", (int)w, (int)h);
    if (d != 1 && d != 8 && d != 32)
        return dc_error_set(DC_ERR_IMAGE, "ICR cell of depth %d", (int)d);
    PIX *g = NULL;
    if (d == 32)
        g = pixConvertRGBToLuminance(cell);
    else if (d == 1 || pixGetColormap(cell))
        g = pixConvertTo8(cell, 0);
    else
        g = pixClone(cell);
    uint8_t *b = g ? malloc((size_t)w * h) : NULL;
    if (!b) {
        pixDestroy(&g);
        return dc_error_set(DC_ERR_NOMEM, "ICR cell conversion");
    }
    l_uint32 *data = pixGetData(g);
    l_int32 wpl = pixGetWpl(g);
    for (l_int32 y = 0; y < h; y++) {
        l_uint32 *line = data + (size_t)y * wpl;
        for (l_int32 x = 0; x < w; x++)
            b[(size_t)y * w + x] = (uint8_t)GET_DATA_BYTE(line, x);
    }
    pixDestroy(&g);
    *grey = b;
    *wp = (int)w;
    *hp = (int)h;
    return 0;
}

/* One cell read by the model, whatever it reads: `sym` is the symbol's class (0 .. symbols-1),
 * -1 for an empty cell, or DC_ICR_UNREADABLE; `second` likewise; probs[] (the model's n_classes)
 * all 0 when the cell was decided without the classifier. */
typedef struct cell_reading {
    int sym;
    float confidence;
    int second;
    float second_conf;
    float probs[ICR_MAX_CLASSES];
} cell_reading;

static int read_cell(const dc_icr *m, PIX *cell, cell_reading *out)
{
    memset(out, 0, sizeof *out);
    const int empty_class = m->nets[0].n_classes - 1;
    uint8_t *grey = NULL;
    int w = 0, h = 0;
    int rc = icr_cell_grey(cell, &grey, &w, &h);
    if (rc != 0)
        return rc;
    /* inputs: the cell normalised as each net of the ensemble wants it (one buffer per
     * distinct option set, at most ICR_NORM_VARIANTS), for the normal look and for the light
     * look (ICR_LOOKS sets), then the activations */
    enum { ICR_LOOKS = 2 };
    const size_t inputs_len = (size_t)ICR_LOOKS * ICR_NORM_VARIANTS * ICR_SIDE * ICR_SIDE;
    float *buf = malloc(sizeof(float) * (inputs_len + m->max_act * (size_t)m->max_layers));
    if (!buf) {
        rc = dc_error_set(DC_ERR_NOMEM, "ICR cell buffers");
        goto out;
    }
    /* the distinct option sets of the nets, nets[0]'s first; each net's input is one of them */
    unsigned flags[ICR_NORM_VARIANTS];
    float *x[ICR_NORM_VARIANTS], *xf[ICR_NORM_VARIANTS];   /* the normal look's, the light look's */
    int n_flags = 0, which[ICR_MAX_NETS];
    for (int k = 0; k < m->n_nets; k++) {
        int j = 0;
        while (j < n_flags && flags[j] != m->nets[k].norm_flags)
            j++;
        if (j == n_flags) {   /* norm_flags <= ICR_NORM_KNOWN (checked by the loader) */
            flags[n_flags] = m->nets[k].norm_flags;
            x[n_flags] = buf + (size_t)n_flags * ICR_SIDE * ICR_SIDE;
            xf[n_flags] = x[n_flags] + (size_t)ICR_NORM_VARIANTS * ICR_SIDE * ICR_SIDE;
            n_flags++;
        }
        which[k] = j;
    }
    icr_norm_info info;
    rc = icr_normalize_multi(grey, w, h, w, flags, x, n_flags, &info);
    if (rc != 0) {
        rc = dc_error_set(rc, "ICR cell normalisation");
        goto out;
    }
    int faint = 0;
    const int digit_sized = info.has_ink && !is_tiny_mark(&info);
    if (!digit_sized || info.ink_span < ICR_FAINT_SPAN) {
        /* No digit-sized ink at the normal ink level, or only the darker middle of strokes
         * much lighter than a pen's. Faint writing (pencil, a light or drying pen) may be
         * there, wholly or partly lighter than that level: look again for ink just darker
         * than the paper's noise, and read what that finds (the drawing the classifier gets
         * is scaled to the pen's own darkness, so faint writing reads like dark). */
        icr_norm_info fi;
        rc = icr_normalize_faint(grey, w, h, w, flags, xf, n_flags, &fi);
        if (rc == 0 && (faint = is_faint_writing(&fi)))   /* the light look's drawing is read */
            memcpy(x, xf, sizeof x);
        if (rc != 0) {
            rc = dc_error_set(rc, "ICR cell normalisation");
            goto out;
        }
    }
    if (!faint && !digit_sized) {
        /* Clean paper, or a few dust specks: confidently empty. Larger dropped specks or a
         * kept tiny mark may be a faint or broken digit: unreadable ink, so the field goes to
         * review with a '?' where the digit may be instead of silently losing it. */
        int doubt = info.has_ink || info.speck_pixels * 1000 >= info.cell_pixels * 3;
        out->sym = doubt ? DC_ICR_UNREADABLE : -1;
        out->confidence = doubt ? 0.0f : 1.0f;
        out->second = doubt ? -1 : 1;   /* decided by rule: no runner-up was scored */
        out->second_conf = 0.0f;
        goto out;
    }
    {
        float *acts[ICR_MAX_LAYERS];
        for (int i = 0; i < m->max_layers; i++)
            acts[i] = buf + inputs_len + m->max_act * (size_t)i;
        const float *inputs[ICR_MAX_NETS];
        for (int k = 0; k < m->n_nets; k++)
            inputs[k] = x[which[k]];
        float logits[ICR_MAX_CLASSES];
        float *probs = out->probs;
        icr_model_logits(m->nets, m->n_nets, inputs, acts, logits);
        icr_softmax_n(logits, m->nets[0].n_classes, m->nets[0].temperature, probs);
        int best, second;
        icr_top2_n(probs, m->nets[0].n_classes, &best, &second);
        if (best == empty_class) {
            /* The normaliser kept ink that is more than dust or a tiny mark, so something is
             * written here; the classifier seeing no digit in it must not make it an empty cell
             * (a digit silently dropped from a number). Unreadable ink: the field goes to
             * review, and the most probable digit (the runner-up to "empty") stays as a
             * suggestion. */
            out->sym = DC_ICR_UNREADABLE;
            out->confidence = 0.0f;
            out->second = second == empty_class ? -1 : second;
            out->second_conf = probs[second];
        } else {
            out->sym = best;
            out->confidence = icr_score(probs, best, second, m->nets[0].score);
            out->second = second == empty_class ? -1 : second;
            out->second_conf = probs[second];
        }
    }
out:
    free(grey);
    free(buf);
    return rc;
}

int dc_icr_classify(const dc_icr *m, PIX *cell, dc_icr_result *out)
{
    if (!m || !cell || !out)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_icr_classify: NULL argument");
    memset(out, 0, sizeof *out);
    if (m->nets[0].n_classes != ICR_CLASSES)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_icr_classify: the model reads letters, not digits");
    cell_reading r;
    int rc = read_cell(m, cell, &r);
    if (rc != 0)
        return rc;
    out->digit = r.sym;
    out->confidence = r.confidence;
    out->second = r.second;
    out->second_conf = r.second_conf;
    for (int c = 0; c < 10; c++)
        out->p[c] = r.probs[c];
    return 0;
}

int dc_icr_classify_letter(const dc_icr *m, PIX *cell, dc_icr_letter *out)
{
    if (!m || !cell || !out)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_icr_classify_letter: NULL argument");
    memset(out, 0, sizeof *out);
    if (m->nets[0].n_classes != ICR_LETTERS + 1)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_icr_classify_letter: the model reads digits, not letters");
    cell_reading r;
    int rc = read_cell(m, cell, &r);
    if (rc != 0)
        return rc;
    out->letter = r.sym >= 0 ? (char)('A' + r.sym) : r.sym == -1 ? ' ' : '?';
    out->confidence = r.confidence;
    out->second = r.second >= 0 && r.second_conf > 0.0f ? (char)('A' + r.second) : ' ';
    out->second_conf = r.second_conf;
    return 0;
}

static int is_digits(const char *s, size_t len)
{
    if (strlen(s) != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int dc_icr_value_valid(const char *s, dc_icr_kind kind)
{
    if (!s)
        return 0;
    switch (kind) {
    case DC_ICR_DIGITS: {
        size_t len = strlen(s);
        return len > 0 && is_digits(s, len);
    }
    case DC_ICR_TIME_HHMM:
        return is_digits(s, 4) && num(s, 2) <= 23 && num(s + 2, 2) <= 59;
    case DC_ICR_DATE_DDMMYYYY: {
        if (!is_digits(s, 8))
            return 0;
        int d = num(s, 2), mo = num(s + 2, 2), y = num(s + 4, 4);
        return y >= 1900 && y <= 2099 && d >= 1 && d <= dc_days_in_month(y, mo);
    }
    }
    return 0;
}

/* ---- valid-value decoding of dates and times ---- */

/* marg[i][d]: probability mass of the valid values whose cell i is d (unnormalised) */
typedef struct field_post {
    double marg[8][10];
    double z;           /* mass of all valid values (0: none is possible) */
    double best;        /* mass of the most probable valid value */
    int map[8];         /* its digits */
} field_post;

static void post_add(field_post *fp, const int *dig, int n, double w)
{
    if (w <= 0)
        return;
    fp->z += w;
    for (int i = 0; i < n; i++)
        fp->marg[i][dig[i]] += w;
    if (w > fp->best) {
        fp->best = w;
        memcpy(fp->map, dig, sizeof(int) * (size_t)n);
    }
}

/* Two-digit number `lo..hi` in cells c, c+1 (hours 00-23, minutes 00-59). */
static void post_pair(field_post *fp, const dc_icr_result *cells, int lo, int hi)
{
    for (int v = lo; v <= hi; v++) {
        int dig[2] = { v / 10, v % 10 };
        post_add(fp, dig, 2, (double)cells[0].p[dig[0]] * cells[1].p[dig[1]]);
    }
}

/* DDMMYYYY: every calendar date of 1900-2099. The day/month and year parts are scored
 * separately and combined, Feb 29 only with leap years. */
static void post_date(field_post *fp, const dc_icr_result *c)
{
    for (int y = 1900; y <= 2099; y++) {
        double wy = (double)c[4].p[y / 1000] * c[5].p[y / 100 % 10] * c[6].p[y / 10 % 10] * c[7].p[y % 10];
        if (wy <= 0)
            continue;
        for (int m = 1; m <= 12; m++) {
            double wm = wy * c[2].p[m / 10] * c[3].p[m % 10];
            if (wm <= 0)
                continue;
            int md = dc_days_in_month(y, m);
            for (int d = 1; d <= md; d++) {
                int dig[8] = { d / 10, d % 10, m / 10, m % 10, y / 1000, y / 100 % 10, y / 10 % 10, y % 10 };
                post_add(fp, dig, 8, wm * c[0].p[dig[0]] * c[1].p[dig[1]]);
            }
        }
    }
}

int dc_icr_constrain(dc_icr_result *cells, int n, dc_icr_kind kind, int *changed)
{
    if (changed)
        *changed = 0;
    if (!cells || n < 1 || n > DC_ICR_MAX_CELLS)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_icr_constrain: bad arguments (n=%d)", n);
    if ((kind == DC_ICR_TIME_HHMM && n != 4) || (kind == DC_ICR_DATE_DDMMYYYY && n != 8) ||
        kind == DC_ICR_DIGITS)
        return DC_OK;
    for (int i = 0; i < n; i++) {
        float s = 0;
        for (int d = 0; d < 10; d++)
            s += cells[i].p[d];
        if (cells[i].digit == -1 || s <= 0)
            return DC_OK;   /* an empty cell, or no classifier output: nothing to decode
                               (ink the classifier saw no digit in has its p[]: decoded) */
    }
    field_post parts[2];
    int nparts = 0;
    memset(parts, 0, sizeof parts);
    if (kind == DC_ICR_TIME_HHMM) {
        post_pair(&parts[0], cells, 0, 23);
        post_pair(&parts[1], cells + 2, 0, 59);
        nparts = 2;
    } else {
        post_date(&parts[0], cells);
        nparts = 1;
    }
    const int width = kind == DC_ICR_TIME_HHMM ? 2 : 8;
    for (int k = 0; k < nparts; k++) {
        if (parts[k].z <= 0)
            return DC_OK;
        for (int i = 0; i < width; i++)
            if (cells[k * width + i].p[parts[k].map[i]] < 0.25f)
                return DC_OK;   /* the valid reading needs a digit the classifier hardly saw */
    }
    for (int k = 0; k < nparts; k++)
        for (int i = 0; i < width; i++) {
            dc_icr_result *c = &cells[k * width + i];
            const double *mg = parts[k].marg[i];
            int best = parts[k].map[i], second = best == 0 ? 1 : 0;
            for (int d = 0; d < 10; d++)
                if (d != best && mg[d] > mg[second])
                    second = d;
            /* The reading becomes the most probable valid value. A cell keeps the classifier's
             * own confidence when that is its digit; a digit the classifier did not choose first
             * is not confident (0). Renormalised confidences (mg[best] over the valid values'
             * mass) would accept more, but the classifier is over-confident on real pens: on
             * mnist-dev time fields they raised accepted-but-wrong from 0 to 0.6%
             * (scan/models/README.md, round 3). */
            if (c->digit != best)
                c->confidence = 0.0f;
            c->digit = best;
            c->second = second;
            c->second_conf = c->p[second];
        }
    if (changed)
        *changed = 1;
    return DC_OK;
}

int dc_icr_decide(const dc_icr_result *cells, int n, dc_icr_kind kind, float threshold,
                  dc_icr_validator valid, void *ctx, dc_icr_field *out)
{
    if (!cells || !out || n < 1 || n > DC_ICR_MAX_CELLS)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_icr_decide: bad arguments (n=%d)", n);
    memset(out, 0, sizeof *out);
    out->min_conf = 1.0f;
    /* a time's hour, a date's day and month below 10 written as one digit, in either cell of the
     * pair, the other cell confidently empty: the leading zero the writer left out */
    dc_icr_result pad[DC_ICR_MAX_CELLS];
    const int pairs = kind == DC_ICR_TIME_HHMM && n == 4 ? 1 : kind == DC_ICR_DATE_DDMMYYYY && n == 8 ? 2 : 0;
    if (pairs) {
        memcpy(pad, cells, (size_t)n * sizeof *pad);
        for (int g = 0; g < pairs; g++) {
            dc_icr_result *a = &pad[2 * g], *b = &pad[2 * g + 1];
            const int a_empty = a->digit == -1 && a->confidence >= threshold;
            const int b_empty = b->digit == -1 && b->confidence >= threshold;
            if (a_empty && b->digit >= 0 && b->digit <= 9) {
                a->digit = 0;
            } else if (b_empty && a->digit >= 0 && a->digit <= 9) {
                const dc_icr_result written = *a;
                *a = *b;
                a->digit = 0;
                *b = written;
            }
        }
        cells = pad;
    }
    int first = -1, last = -1, unconfident = 0;
    for (int i = 0; i < n; i++) {
        if (cells[i].confidence < out->min_conf) {
            out->min_conf = cells[i].confidence;
            out->weakest_cell = i;
        }
        if (cells[i].confidence < threshold)
            unconfident = 1;
        if (cells[i].digit != -1) {   /* a digit, or unreadable ink (-2) */
            if (first < 0)
                first = i;
            last = i;
        }
    }
    if (first < 0) {
        /* every cell reads empty: a confidently empty field is "empty", else review */
        out->decision = unconfident ? DC_ICR_REVIEW : DC_ICR_EMPTY;
        out->why = unconfident ? 1 : 0;
        return 0;
    }
    int gap = 0, k = 0;
    for (int i = first; i <= last; i++) {
        if (cells[i].digit >= 0 && cells[i].digit <= 9) {
            out->value[k++] = (char)('0' + cells[i].digit);
        } else {
            out->value[k++] = '?';
            gap = 1;
        }
    }
    out->value[k] = '\0';
    /* fixed-length kinds need every cell written */
    int fixed_ok = kind == DC_ICR_DIGITS || (first == 0 && last == n - 1);
    int ok = !gap && fixed_ok && dc_icr_value_valid(out->value, kind) &&
             (!valid || valid(out->value, ctx));
    if (unconfident) {
        out->decision = DC_ICR_REVIEW;
        out->why = 1;
    } else if (gap) {
        out->decision = DC_ICR_REVIEW;
        out->why = 2;
    } else if (!ok) {
        out->decision = DC_ICR_REVIEW;
        out->why = 3;
    } else {
        out->decision = DC_ICR_ACCEPT;
        out->why = 0;
    }
    return 0;
}

int dc_icr_decide_expecting(const dc_icr_result *cells, int n, dc_icr_kind kind, float threshold,
                            const char *expected, float expected_threshold, dc_icr_validator valid, void *ctx,
                            dc_icr_field *out)
{
    int rc = dc_icr_decide(cells, n, kind, threshold, valid, ctx, out);
    if (rc || !expected || !*expected || out->decision != DC_ICR_REVIEW || out->why != 1 ||
        strcmp(out->value, expected) != 0)
        return rc;
    dc_icr_field again;
    rc = dc_icr_decide(cells, n, kind, expected_threshold, valid, ctx, &again);
    if (!rc && again.decision == DC_ICR_ACCEPT && strcmp(again.value, out->value) == 0) {
        out->decision = DC_ICR_ACCEPT;
        out->why = 0;
        out->by_expected = 1;
    }
    return rc;
}

int dc_icr_read_field(const dc_icr *m, PIX *const *cells, int n, dc_icr_kind kind,
                      dc_icr_validator valid, void *ctx, dc_icr_field *out,
                      dc_icr_result *results)
{
    if (!m || !cells || !out || n < 1 || n > DC_ICR_MAX_CELLS)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_icr_read_field: bad arguments (n=%d)", n);
    dc_icr_result local[DC_ICR_MAX_CELLS];
    dc_icr_result *r = results ? results : local;
    for (int i = 0; i < n; i++) {
        int rc = dc_icr_classify(m, cells[i], &r[i]);
        if (rc != 0)
            return dc_error_wrap(rc, "cell %d: ", i);
    }
    int rc = dc_icr_constrain(r, n, kind, NULL);
    if (rc != 0)
        return rc;
    return dc_icr_decide(r, n, kind, m->nets[0].threshold, valid, ctx, out);
}
