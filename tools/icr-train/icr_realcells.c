/* icr_realcells: real handwritten digits (IDX) placed into comb cells as a scanned form shows them. */
#include "icr_realcells.h"
#include "dc_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

double icr_rc_urand(uint64_t *s)
{
    return (double)(dc_splitmix64(s) >> 11) * (1.0 / 9007199254740992.0);
}

double icr_rc_grand(uint64_t *s)
{
    double u = icr_rc_urand(s), v = icr_rc_urand(s);
    if (u < 1e-12)
        u = 1e-12;
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

static unsigned char *read_idx(const char *path, int want_dims, int *count, int *rows, int *cols)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char hdr[16];
    int hlen = 4 + 4 * want_dims;
    unsigned char *data = NULL;
    if (gzread(f, hdr, (unsigned)hlen) != hlen || hdr[2] != 0x08 || hdr[3] != want_dims)
        goto out;
    uint32_t dim[3] = { 1, 1, 1 };
    for (int i = 0; i < want_dims; i++)
        dim[i] = (uint32_t)hdr[4 + 4 * i] << 24 | (uint32_t)hdr[5 + 4 * i] << 16 |
                 (uint32_t)hdr[6 + 4 * i] << 8 | hdr[7 + 4 * i];
    size_t n = (size_t)dim[0] * dim[1] * dim[2];
    if (n == 0 || n > (size_t)1 << 30)
        goto out;
    data = malloc(n);
    if (!data || gzread(f, data, (unsigned)n) != (int)n) {
        free(data);
        data = NULL;
        goto out;
    }
    *count = (int)dim[0];
    *rows = (int)dim[1];
    *cols = (int)dim[2];
out:
    gzclose(f);
    return data;
}

int icr_idx_load(const char *dir, unsigned char **img, unsigned char **lab, int *n)
{
    char ip[1024], lp[1024];
    snprintf(ip, sizeof ip, "%s/dev-images-idx3-ubyte.gz", dir);
    snprintf(lp, sizeof lp, "%s/dev-labels-idx1-ubyte.gz", dir);
    int ni = 0, rows = 0, cols = 0, nl = 0, r1, c1;
    unsigned char *i = read_idx(ip, 3, &ni, &rows, &cols);
    unsigned char *l = read_idx(lp, 1, &nl, &r1, &c1);
    if (!i || !l || ni != nl || rows != 28 || cols != 28) {
        free(i);
        free(l);
        return -1;
    }
    for (int k = 0; k < nl; k++)
        if (l[k] > 9) {
            free(i);
            free(l);
            return -1;
        }
    *img = i;
    *lab = l;
    *n = ni;
    return 0;
}

const icr_cell_variant ICR_CELL_VARIANTS[ICR_N_CELL_VARIANTS] = { { 200, 0, 0 }, { 200, 1, 0 }, { 300, 0, 0 }, { 300, 1, 0 } };

void icr_blur3(float *img, int w, int h, double sigma)
{
    double k1 = exp(-1.0 / (2 * sigma * sigma));
    float c0 = (float)(1 / (1 + 2 * k1)), c1 = (float)(k1 / (1 + 2 * k1));
    float *t = malloc(sizeof(float) * w * h);
    if (!t)
        return;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            t[y * w + x] = c0 * img[y * w + x] +
                           c1 * (img[y * w + (x ? x - 1 : x)] + img[y * w + (x < w - 1 ? x + 1 : x)]);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            img[y * w + x] = c0 * t[y * w + x] +
                             c1 * (t[(y ? y - 1 : y) * w + x] + t[(y < h - 1 ? y + 1 : y) * w + x]);
    free(t);
}

PIX *icr_real_cell(uint64_t *rng, const unsigned char *digit28, icr_cell_variant v)
{
    const double mm = v.dpi / 25.4;
    const int w = (int)lround(5.0 * mm), h = (int)lround(6.0 * mm);
    float *ink = calloc((size_t)w * h, sizeof(float));
    if (!ink)
        return NULL;
    if (digit28) {
        /* MNIST's digit box is 20 px: make it 60-80% of the cell height */
        double s = h * (0.60 + 0.20 * icr_rc_urand(rng)) / 20.0;
        double cx = w / 2.0 + icr_rc_grand(rng) * 0.04 * w, cy = h / 2.0 + icr_rc_grand(rng) * 0.03 * h;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double sx = (x + 0.5 - cx) / s + 14.0 - 0.5, sy = (y + 0.5 - cy) / s + 14.0 - 0.5;
                if (sx < 0 || sy < 0 || sx >= 27 || sy >= 27)
                    continue;
                int x0 = (int)sx, y0 = (int)sy;
                double fx = sx - x0, fy = sy - y0;
                double a = digit28[y0 * 28 + x0] * (1 - fx) + digit28[y0 * 28 + x0 + 1] * fx;
                double b = digit28[(y0 + 1) * 28 + x0] * (1 - fx) + digit28[(y0 + 1) * 28 + x0 + 1] * fx;
                ink[y * w + x] = (float)((a * (1 - fy) + b * fy) / 255.0);
            }
    }
    /* dust specks */
    int specks = (int)(icr_rc_urand(rng) * 4);
    for (int k = 0; k < specks; k++) {
        int x = (int)(icr_rc_urand(rng) * w), y = (int)(icr_rc_urand(rng) * h);
        ink[y * w + x] = (float)(0.5 + 0.5 * icr_rc_urand(rng));
    }
    icr_blur3(ink, w, h, 0.5 + 0.3 * icr_rc_urand(rng));
    const double paper = 238 + 12 * icr_rc_urand(rng), pen_drawn = 30 + 50 * icr_rc_urand(rng);
    const double pen = v.fade > 0 ? 255 - v.fade * (255 - pen_drawn) : pen_drawn;
    const double border_grey = 170 + 30 * icr_rc_urand(rng);
    const int bt = v.dpi >= 300 ? 2 : 1;
    int sides[4];
    for (int i = 0; i < 4; i++)
        sides[i] = icr_rc_urand(rng) < 0.5;
    PIX *pix = pixCreate(w, h, 8);
    if (!pix) {
        free(ink);
        return NULL;
    }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double g = paper * (1 - ink[y * w + x]) + pen * ink[y * w + x];
            int on_border = (sides[0] && y < bt) || (sides[1] && y >= h - bt) ||
                            (sides[2] && x < bt) || (sides[3] && x >= w - bt);
            if (on_border && g > border_grey)
                g = border_grey;
            g += icr_rc_grand(rng) * 5.0;
            pixSetPixel(pix, x, y, (l_uint32)(g < 0 ? 0 : g > 255 ? 255 : g));
        }
    free(ink);
    if (v.binary) {
        PIX *b = pixThresholdToBinary(pix, 128);
        pixDestroy(&pix);
        return b;
    }
    return pix;
}

void icr_site_cells_free(icr_site_cells *s)
{
    for (int i = 0; s->cell && i < s->n; i++)
        pixDestroy(&s->cell[i]);
    free(s->cell);
    free(s->label);
    free(s->field);
    free(s->kind);
    memset(s, 0, sizeof *s);
}

int icr_site_cells_load(const char *dir, icr_site_cells *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    char path[4096];
    snprintf(path, sizeof path, "%s/cells.tsv", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open (a folder written by `dcaccess cells -o DIR`?)", path);
        return -1;
    }
    char line[8192], prev_key[1024] = "";
    int cap = 0, lineno = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (lineno == 1) {
            static const char hdr[] = "file\tlabel\tink\tserial\tform\tfield\tkind\tcell";
            if (strncmp(line, hdr, sizeof hdr - 1) != 0) {
                snprintf(err, errlen, "%s:1: not a cells manifest (header)", path);
                rc = -1;
            }
            continue;
        }
        char *col[8] = { 0 }, *save = NULL;
        int nc = 0;
        for (char *t = strtok_r(line, "\t", &save); t && nc < 8; t = strtok_r(NULL, "\t", &save))
            col[nc++] = t;
        /* file label ink serial form field kind cell */
        int label = -1, known_kind = 0;
        dc_icr_kind kind = DC_ICR_DIGITS;
        if (nc == 8) {
            if (!strcmp(col[1], "empty"))
                label = 10;
            else if (col[1][0] >= '0' && col[1][0] <= '9' && !col[1][1])
                label = col[1][0] - '0';
            static const struct { const char *name; dc_icr_kind kind; } kinds[] = {
                { "digits", DC_ICR_DIGITS }, { "date", DC_ICR_DATE_DDMMYYYY }, { "time", DC_ICR_TIME_HHMM } };
            for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
                if (!strcmp(col[6], kinds[k].name)) {
                    kind = kinds[k].kind;
                    known_kind = 1;
                }
        }
        if (label < 0 || !known_kind) {
            snprintf(err, errlen, "%s:%d: malformed line (label, kind or column count)", path, lineno);
            rc = -1;
            break;
        }
        if (out->n == cap) {
            cap = cap ? cap * 2 : 256;
            PIX **c = realloc(out->cell, sizeof *c * (size_t)cap);
            if (c)
                out->cell = c;
            int *l = realloc(out->label, sizeof *l * (size_t)cap);
            if (l)
                out->label = l;
            int *fi = realloc(out->field, sizeof *fi * (size_t)cap);
            if (fi)
                out->field = fi;
            dc_icr_kind *k = realloc(out->kind, sizeof *k * (size_t)cap);
            if (k)
                out->kind = k;
            if (!c || !l || !fi || !k) {
                snprintf(err, errlen, "out of memory");
                rc = -1;
                break;
            }
        }
        char cellpath[8192];
        snprintf(cellpath, sizeof cellpath, "%s/%s", dir, col[0]);
        PIX *p = access(cellpath, R_OK) == 0 ? pixRead(cellpath) : NULL;   /* no Leptonica message */
        PIX *g = p ? pixConvertTo8(p, 0) : NULL;
        pixDestroy(&p);
        if (!g) {
            snprintf(err, errlen, "%s (line %d of %s): cannot read the cell image", cellpath, lineno, path);
            rc = -1;
            break;
        }
        char key[1024];
        snprintf(key, sizeof key, "%s\t%s\t%s", col[3], col[4], col[5]);
        if (strcmp(key, prev_key) != 0) {
            out->n_fields++;
            snprintf(prev_key, sizeof prev_key, "%s", key);
        }
        out->cell[out->n] = g;
        out->label[out->n] = label;
        out->kind[out->n] = kind;
        out->field[out->n] = out->n_fields - 1;
        out->n++;
    }
    fclose(f);
    if (rc == 0 && lineno == 0) {
        snprintf(err, errlen, "%s: empty", path);
        rc = -1;
    }
    if (rc != 0)
        icr_site_cells_free(out);
    return rc;
}
