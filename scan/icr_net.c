/* icr_net: the ICR classifier's layers, forward pass and model file format. */
#include "icr_internal.h"
#include "dc_error.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ICR_MAGIC "DCICRNN1"
#define ICR_FORMAT_VERSION 1u
#define ICR_ENSEMBLE_VERSION 2u
#define ICR_CALIBRATED_VERSION 3u   /* version 2 with n_classes f32 class biases after the header */
#define ICR_MARGIN_VERSION 4u       /* version 3 whose threshold applies to the margin (ICR_SCORE_MARGIN) */
#define ICR_MAX_PARAMS (4u * 1024u * 1024u)

/* A net with no input-major copies (icr_net_freeze), without freeing any. */
static void forget_frozen(icr_net *net)
{
    net->frozen = NULL;
    for (int i = 0; i < net->n_layers; i++)
        net->layers[i].wt = NULL;
}

int icr_net_build(icr_net *net)
{
    int c = 1, h = ICR_SIDE, w = ICR_SIDE;
    size_t total = 0;
    if (net->n_layers < 1 || net->n_layers > ICR_MAX_LAYERS)
        return -1;
    for (int i = 0; i < net->n_layers; i++) {
        icr_layer *l = &net->layers[i];
        l->in_c = c; l->in_h = h; l->in_w = w;
        switch (l->type) {
        case ICR_LAYER_CONV:
            if (l->k < 1 || l->k > h || l->k > w || l->out_c < 1 || l->out_c > 1024)
                return -1;
            l->out_h = h - l->k + 1;
            l->out_w = w - l->k + 1;
            l->n_w = (size_t)l->out_c * (size_t)c * (size_t)l->k * (size_t)l->k;
            l->n_b = (size_t)l->out_c;
            break;
        case ICR_LAYER_POOL:
            if (h < 2 || w < 2)
                return -1;
            l->out_c = c; l->out_h = h / 2; l->out_w = w / 2; l->k = 2;
            l->n_w = l->n_b = 0;
            break;
        case ICR_LAYER_FC:
            if (l->out_c < 1 || l->out_c > 4096)
                return -1;
            l->out_h = l->out_w = 1;
            l->k = 0;
            l->n_w = (size_t)l->out_c * (size_t)c * (size_t)h * (size_t)w;
            l->n_b = (size_t)l->out_c;
            break;
        default:
            return -1;
        }
        c = l->out_c; h = l->out_h; w = l->out_w;
        total += l->n_w + l->n_b;
        if (total > ICR_MAX_PARAMS)
            return -1;
    }
    const icr_layer *last = &net->layers[net->n_layers - 1];
    if (last->type != ICR_LAYER_FC || last->out_c < 2 || last->out_c > ICR_MAX_CLASSES)
        return -1;
    net->n_classes = last->out_c;
    forget_frozen(net);   /* the caller's struct may hold anything there */
    net->params = calloc(total ? total : 1, sizeof(float));
    if (!net->params)
        return -1;
    net->n_params = total;
    float *p = net->params;
    for (int i = 0; i < net->n_layers; i++) {
        icr_layer *l = &net->layers[i];
        l->w = l->n_w ? p : NULL; p += l->n_w;
        l->b = l->n_b ? p : NULL; p += l->n_b;
    }
    return 0;
}

static void unfreeze(icr_net *net)
{
    free(net->frozen);
    forget_frozen(net);
}

int icr_net_freeze(icr_net *net)
{
    unfreeze(net);
    size_t total = 0;
    for (int i = 0; i < net->n_layers; i++)
        if (net->layers[i].type == ICR_LAYER_FC)
            total += net->layers[i].n_w;
    if (total == 0)
        return 0;
    net->frozen = malloc(total * sizeof(float));
    if (!net->frozen)
        return -1;
    float *p = net->frozen;
    for (int i = 0; i < net->n_layers; i++) {
        icr_layer *l = &net->layers[i];
        if (l->type != ICR_LAYER_FC)
            continue;
        const size_t n_in = (size_t)l->in_c * l->in_h * l->in_w, n_out = (size_t)l->out_c;
        for (size_t o = 0; o < n_out; o++)
            for (size_t j = 0; j < n_in; j++)
                p[j * n_out + o] = l->w[o * n_in + j];
        l->wt = p;
        p += l->n_w;
    }
    return 0;
}

void icr_net_release(icr_net *net)
{
    if (!net)
        return;
    unfreeze(net);
    free(net->params);
    net->params = NULL;
    net->n_params = 0;
}

size_t icr_layer_out_size(const icr_layer *l)
{
    return (size_t)l->out_c * (size_t)l->out_h * (size_t)l->out_w;
}

size_t icr_net_max_act(const icr_net *net)
{
    size_t m = 0;
    for (int i = 0; i < net->n_layers; i++) {
        size_t s = icr_layer_out_size(&net->layers[i]);
        if (s > m)
            m = s;
    }
    return m;
}

/* The two hot loops are also compiled for AVX2 and picked at load time (GCC function
 * multi-versioning, glibc ifunc): eight floats per operation instead of SSE2's four, 1.3x
 * cells/s. Same operations in the same order, and no FMA (scan/CMakeLists.txt), so the bits are
 * those of the default build. -DICR_NO_SIMD_CLONES builds without, as a baseline. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(ICR_NO_SIMD_CLONES)
#define ICR_SIMD_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define ICR_SIMD_CLONES
#endif

/* Valid convolution + ReLU. For speed the input patches are gathered first (im2col, one
 * contiguous row per (ic, ky, kx) over all output pixels), so the inner loop runs over every
 * output pixel of a channel at once. Each output still sums bias, then ic, ky, kx in that
 * order, so the result is bit-identical to the direct loop nest. */
#define ICR_COL_MAX (32 * 1024)
#if defined(__GNUC__) && !defined(__clang__)
#define ICR_NO_MEMCPY_CALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define ICR_NO_MEMCPY_CALLS
#endif

ICR_SIMD_CLONES ICR_NO_MEMCPY_CALLS static void conv_forward(const icr_layer *l, const float *in, float *out)
{
    const int k = l->k, ih = l->in_h, iw = l->in_w, oh = l->out_h, ow = l->out_w;
    const int np = oh * ow, nk = l->in_c * k * k;
    float col[ICR_COL_MAX];
    if ((size_t)np * (size_t)nk <= ICR_COL_MAX) {
        for (int ic = 0; ic < l->in_c; ic++)
            for (int ky = 0; ky < k; ky++)
                for (int kx = 0; kx < k; kx++) {
                    float *c = col + ((size_t)(ic * k + ky) * k + kx) * np;
                    const float *src = in + (size_t)ic * ih * iw + (size_t)ky * iw + kx;
                    for (int oy = 0; oy < oh; oy++)   /* rows of 8-24 floats: a call each cost more */
                        for (int ox = 0; ox < ow; ox++)
                            c[(size_t)oy * ow + ox] = src[(size_t)oy * iw + ox];
                }
        for (int oc = 0; oc < l->out_c; oc++) {
            float *o = out + (size_t)oc * np;
            const float *wk = l->w + (size_t)oc * nk;
            for (int i = 0; i < np; i++)
                o[i] = l->b[oc];
            int j = 0;
            for (; j + 8 <= nk; j += 8) {   /* eight taps per pass; same order per output */
                const float *c0 = col + (size_t)j * np;
                const float *wj = wk + j;
                for (int i = 0; i < np; i++) {
                    float v = o[i];
                    v += wj[0] * c0[i];
                    v += wj[1] * c0[np + i];
                    v += wj[2] * c0[2 * (size_t)np + i];
                    v += wj[3] * c0[3 * (size_t)np + i];
                    v += wj[4] * c0[4 * (size_t)np + i];
                    v += wj[5] * c0[5 * (size_t)np + i];
                    v += wj[6] * c0[6 * (size_t)np + i];
                    v += wj[7] * c0[7 * (size_t)np + i];
                    o[i] = v;
                }
            }
            for (; j + 4 <= nk; j += 4) {   /* four taps per pass; same order per output */
                const float w0 = wk[j], w1 = wk[j + 1], w2 = wk[j + 2], w3 = wk[j + 3];
                const float *c0 = col + (size_t)j * np, *c1 = c0 + np, *c2 = c1 + np, *c3 = c2 + np;
                for (int i = 0; i < np; i++) {
                    float v = o[i];
                    v += w0 * c0[i];
                    v += w1 * c1[i];
                    v += w2 * c2[i];
                    v += w3 * c3[i];
                    o[i] = v;
                }
            }
            for (; j < nk; j++) {
                const float wv = wk[j];
                const float *c = col + (size_t)j * np;
                for (int i = 0; i < np; i++)
                    o[i] += wv * c[i];
            }
            for (int i = 0; i < np; i++)
                if (o[i] < 0.0f)
                    o[i] = 0.0f;
        }
        return;
    }
    for (int oc = 0; oc < l->out_c; oc++) {
        float *o = out + (size_t)oc * oh * ow;
        for (int i = 0; i < oh * ow; i++)
            o[i] = l->b[oc];
        for (int ic = 0; ic < l->in_c; ic++) {
            const float *src = in + (size_t)ic * ih * iw;
            const float *wk = l->w + ((size_t)oc * l->in_c + ic) * k * k;
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    const float wv = wk[ky * k + kx];
                    for (int oy = 0; oy < oh; oy++) {
                        const float *s = src + (size_t)(oy + ky) * iw + kx;
                        float *d = o + (size_t)oy * ow;
                        for (int ox = 0; ox < ow; ox++)
                            d[ox] += wv * s[ox];
                    }
                }
            }
        }
        for (int i = 0; i < oh * ow; i++)
            if (o[i] < 0.0f)
                o[i] = 0.0f;
    }
}

static void pool_forward(const icr_layer *l, const float *in, float *out)
{
    for (int c = 0; c < l->out_c; c++) {
        const float *src = in + (size_t)c * l->in_h * l->in_w;
        float *d = out + (size_t)c * l->out_h * l->out_w;
        for (int y = 0; y < l->out_h; y++) {
            const float *r0 = src + (size_t)(2 * y) * l->in_w;
            const float *r1 = r0 + l->in_w;
            for (int x = 0; x < l->out_w; x++) {
                float m = r0[2 * x];
                if (r0[2 * x + 1] > m) m = r0[2 * x + 1];
                if (r1[2 * x] > m) m = r1[2 * x];
                if (r1[2 * x + 1] > m) m = r1[2 * x + 1];
                d[y * l->out_w + x] = m;
            }
        }
    }
}

/* Fully connected (+ ReLU except on the last layer). The inputs are ReLU outputs, about half of
 * them zero, and only the nonzero ones are summed: adding w * 0 to a finite sum never changes it
 * (the sum starts at +0, and +0 + -0 is +0), so each output is still its plain loop's sum, bit
 * for bit. A frozen layer (icr_net_freeze) adds input after input to all outputs at once, from
 * its input-major copy (a vector over the outputs, each output still summed in input order);
 * otherwise eight outputs at a time, each summed in input order from its row. */
#define ICR_FC_MAX_IN 8192
ICR_SIMD_CLONES static void fc_forward(const icr_layer *l, const float *in, float *out, int relu)
{
    const size_t n_in = (size_t)l->in_c * l->in_h * l->in_w;
    const int n_out = l->out_c;
    int nz[ICR_FC_MAX_IN];
    int m = 0;
    const int sparse = n_in <= ICR_FC_MAX_IN;
    if (sparse)
        for (size_t i = 0; i < n_in; i++) {
            nz[m] = (int)i;
            m += in[i] != 0.0f;
        }
    if (l->wt && sparse) {
        for (int o = 0; o < n_out; o++)
            out[o] = 0.0f;
        for (int t = 0; t < m; t++) {
            const float x = in[nz[t]];
            const float *row = l->wt + (size_t)nz[t] * n_out;
            for (int o = 0; o < n_out; o++)
                out[o] += row[o] * x;
        }
        for (int o = 0; o < n_out; o++) {
            const float v = out[o] + l->b[o];
            out[o] = (relu && v < 0.0f) ? 0.0f : v;
        }
        return;
    }
    int o = 0;
    for (; o + 8 <= n_out; o += 8) {
        const float *w = l->w + (size_t)o * n_in;
        float s[8] = { 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f };
        if (sparse) {
            for (int t = 0; t < m; t++) {
                const size_t i = (size_t)nz[t];
                const float x = in[i];
                for (int q = 0; q < 8; q++)
                    s[q] += w[(size_t)q * n_in + i] * x;
            }
        } else {
            for (size_t i = 0; i < n_in; i++)
                for (int q = 0; q < 8; q++)
                    s[q] += w[(size_t)q * n_in + i] * in[i];
        }
        for (int q = 0; q < 8; q++) {
            float v = s[q] + l->b[o + q];
            out[o + q] = (relu && v < 0.0f) ? 0.0f : v;
        }
    }
    for (; o < n_out; o++) {
        const float *wr = l->w + (size_t)o * n_in;
        float v = 0.0f;
        if (sparse)
            for (int t = 0; t < m; t++)
                v += wr[nz[t]] * in[nz[t]];
        else
            for (size_t i = 0; i < n_in; i++)
                v += wr[i] * in[i];
        v += l->b[o];
        out[o] = (relu && v < 0.0f) ? 0.0f : v;
    }
}

void icr_net_forward(const icr_net *net, const float *input, float *const *acts)
{
    const float *in = input;
    for (int i = 0; i < net->n_layers; i++) {
        const icr_layer *l = &net->layers[i];
        switch (l->type) {
        case ICR_LAYER_CONV: conv_forward(l, in, acts[i]); break;
        case ICR_LAYER_POOL: pool_forward(l, in, acts[i]); break;
        case ICR_LAYER_FC: fc_forward(l, in, acts[i], i != net->n_layers - 1); break;
        default: break;
        }
        in = acts[i];
    }
}

void icr_softmax_n(const float *logits, int n, float temperature, float *probs)
{
    float t = temperature > 0.0f ? temperature : 1.0f;
    float m = logits[0];
    for (int i = 1; i < n; i++)
        if (logits[i] > m)
            m = logits[i];
    float s = 0.0f;
    for (int i = 0; i < n; i++) {
        probs[i] = expf((logits[i] - m) / t);
        s += probs[i];
    }
    for (int i = 0; i < n; i++)
        probs[i] /= s;
}

void icr_softmax(const float *logits, float temperature, float *probs)
{
    icr_softmax_n(logits, ICR_CLASSES, temperature, probs);
}

/* ---- file format: little-endian; see scan/models/README.md ---- */

static uint32_t fnv1a(uint32_t h, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24);
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_f32(unsigned char *p, float f)
{
    uint32_t v;
    memcpy(&v, &f, 4);
    put_u32(p, v);
}

static float get_f32(const unsigned char *p)
{
    uint32_t v = get_u32(p);
    float f;
    memcpy(&f, &v, 4);
    return f;
}

void icr_top2(const float *probs, int *best, int *second)
{
    icr_top2_n(probs, ICR_CLASSES, best, second);
}

void icr_top2_n(const float *probs, int n, int *best, int *second)
{
    int b = 0, s = 1;
    if (probs[1] > probs[0]) {
        b = 1;
        s = 0;
    }
    for (int c = 2; c < n; c++) {
        if (probs[c] > probs[b]) {
            s = b;
            b = c;
        } else if (probs[c] > probs[s]) {
            s = c;
        }
    }
    *best = b;
    *second = s;
}

float icr_score(const float *probs, int best, int second, unsigned score)
{
    return score == ICR_SCORE_MARGIN ? probs[best] - probs[second] : probs[best];
}

/* header: magic[8] version n_classes side temperature threshold n_layers, then n_layers x
 * (type out_c k reserved), then params as f32, then fnv1a-32 of everything before it. */
#define HEADER_FIXED 32u
#define LAYER_REC 16u

static int layers_valid(uint32_t nl)
{
    return nl >= 1 && nl <= ICR_MAX_LAYERS;
}

int icr_model_write(const icr_net *nets, int n_nets, const char *path)
{
    if (n_nets < 1 || n_nets > ICR_MAX_NETS)
        return dc_error_set(DC_ERR_INVALID_ARG, "%s: %d nets in an ICR model", path, n_nets);
    /* version 1: header (32 bytes, ending in n_layers), layers, params, fnv.
     * version 2: header (32 bytes, ending in n_nets), then per net: u32 n_layers, layers,
     * params; then fnv. version 3 (a class bias is nonzero): version 2 with n_classes f32
     * biases after the header. version 4: version 3 (biases written even when all 0) whose
     * threshold applies to the margin (ICR_SCORE_MARGIN). */
    if (nets[0].score != ICR_SCORE_PROB && nets[0].score != ICR_SCORE_MARGIN)
        return dc_error_set(DC_ERR_INVALID_ARG, "%s: unknown ICR confidence score %u", path, nets[0].score);
    const int nc = nets[0].n_classes;
    for (int k = 0; k < n_nets; k++)
        if (nets[k].n_classes != nc || nc < 2 || nc > ICR_MAX_CLASSES)
            return dc_error_set(DC_ERR_INVALID_ARG, "%s: the nets of an ICR model have different classes", path);
    const int margin = nets[0].score == ICR_SCORE_MARGIN;
    int biased = margin;   /* version 4 always has the bias block */
    for (int c = 0; c < nc; c++)
        biased |= nets[0].class_bias[c] != 0.0f;
    const int per_net_count = n_nets > 1 || biased;   /* versions 2, 3 and 4 */
    size_t n = HEADER_FIXED + 4u + (biased ? 4u * (size_t)nc : 0u);
    for (int k = 0; k < n_nets; k++)
        n += (per_net_count ? 4u : 0u) + LAYER_REC * (size_t)nets[k].n_layers + 4u * nets[k].n_params;
    unsigned char *buf = calloc(n, 1);
    if (!buf)
        return dc_error_set(DC_ERR_NOMEM, "%s: model buffer", path);
    unsigned char *p = buf;
    memcpy(p, ICR_MAGIC, 8); p += 8;
    put_u32(p, margin ? ICR_MARGIN_VERSION
               : biased ? ICR_CALIBRATED_VERSION
               : n_nets > 1 ? ICR_ENSEMBLE_VERSION : ICR_FORMAT_VERSION); p += 4;
    put_u32(p, (uint32_t)nc); p += 4;
    put_u32(p, ICR_SIDE); p += 4;
    put_f32(p, nets[0].temperature); p += 4;
    put_f32(p, nets[0].threshold); p += 4;
    put_u32(p, (uint32_t)(per_net_count ? n_nets : nets[0].n_layers)); p += 4;
    if (biased)
        for (int c = 0; c < nc; c++, p += 4)
            put_f32(p, nets[0].class_bias[c]);
    for (int k = 0; k < n_nets; k++) {
        const icr_net *net = &nets[k];
        if (per_net_count) {
            put_u32(p, (uint32_t)net->n_layers);
            p += 4;
        }
        for (int i = 0; i < net->n_layers; i++) {
            put_u32(p, (uint32_t)net->layers[i].type);
            put_u32(p + 4, (uint32_t)net->layers[i].out_c);
            put_u32(p + 8, (uint32_t)net->layers[i].k);
            put_u32(p + 12, i == 0 ? net->norm_flags : 0u);
            p += LAYER_REC;
        }
        for (size_t i = 0; i < net->n_params; i++, p += 4)
            put_f32(p, net->params[i]);
    }
    put_u32(p, fnv1a(2166136261u, buf, n - 4));
    FILE *f = fopen(path, "wb");
    int rc = 0;
    if (!f) {
        rc = dc_error_set(DC_ERR_IO, "%s: %s", path, strerror(errno));
    } else {
        if (fwrite(buf, 1, n, f) != n)
            rc = dc_error_set(DC_ERR_IO, "%s: write failed", path);
        if (fclose(f) != 0 && rc == 0)
            rc = dc_error_set(DC_ERR_IO, "%s: %s", path, strerror(errno));
    }
    free(buf);
    return rc;
}

int icr_net_write(const icr_net *net, const char *path)
{
    return icr_model_write(net, 1, path);
}

/* Parses one net's layer records at *pp (nl of them) and builds it; *pp advances. */
static int parse_layers(icr_net *net, const unsigned char **pp, uint32_t nl, const char *path)
{
    const unsigned char *p = *pp;
    net->n_layers = (int)nl;
    for (uint32_t i = 0; i < nl; i++, p += LAYER_REC) {
        uint32_t t = get_u32(p), oc = get_u32(p + 4), k = get_u32(p + 8), extra = get_u32(p + 12);
        if (t < 1 || t > 3 || oc > 4096 || k > 64)
            return dc_error_set(DC_ERR_MODEL, "%s: malformed ICR layer %u", path, (unsigned)i);
        if (i == 0 ? (extra & ~ICR_NORM_KNOWN) != 0 : extra != 0)
            return dc_error_set(DC_ERR_MODEL, "%s: ICR layer %u has unknown options 0x%x (a newer model?)",
                                path, (unsigned)i, (unsigned)extra);
        if (i == 0)
            net->norm_flags = extra;
        net->layers[i].type = (int)t;
        net->layers[i].out_c = (int)oc;
        net->layers[i].k = (int)k;
    }
    if (icr_net_build(net) != 0) {
        net->params = NULL;
        return dc_error_set(DC_ERR_MODEL, "%s: inconsistent ICR layer shapes", path);
    }
    *pp = p;
    return 0;
}

int icr_model_read(icr_net *nets, int *n_nets, const char *path)
{
    int rc = 0, got = 0;
    unsigned char *buf = NULL;
    *n_nets = 0;
    memset(nets, 0, sizeof *nets);
    FILE *f = fopen(path, "rb");
    if (!f)
        return dc_error_set(DC_ERR_MODEL, "%s: cannot open ICR model: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {   /* opens, and its end is the largest long */
        rc = dc_error_set(DC_ERR_MODEL, "%s: is a folder, not an ICR model file: name the model file itself", path);
        goto out;
    }
    if (fseek(f, 0, SEEK_END) != 0) {
        rc = dc_error_set(DC_ERR_MODEL, "%s: cannot read ICR model", path);
        goto out;
    }
    long len = ftell(f);
    if (len < (long)(HEADER_FIXED + 4) || len > (long)(64u * 1024u * 1024u)) {
        rc = dc_error_set(DC_ERR_MODEL, "%s: not an ICR model (size %ld)", path, len);
        goto out;
    }
    rewind(f);
    buf = malloc((size_t)len);
    if (!buf) {
        rc = dc_error_set(DC_ERR_NOMEM, "%s: model buffer", path);
        goto out;
    }
    if (fread(buf, 1, (size_t)len, f) != (size_t)len) {
        rc = dc_error_set(DC_ERR_MODEL, "%s: short read", path);
        goto out;
    }
    const unsigned char *p = buf;
    const unsigned char *end = buf + len - 4;   /* the checksum */
    if (memcmp(p, ICR_MAGIC, 8) != 0) {
        rc = dc_error_set(DC_ERR_MODEL, "%s: not an ICR model (bad magic)", path);
        goto out;
    }
    uint32_t version = get_u32(p + 8);
    if ((version != ICR_FORMAT_VERSION && version != ICR_ENSEMBLE_VERSION &&
         version != ICR_CALIBRATED_VERSION && version != ICR_MARGIN_VERSION) ||
        get_u32(p + 12) < 2 || get_u32(p + 12) > ICR_MAX_CLASSES || get_u32(p + 16) != ICR_SIDE) {
        rc = dc_error_set(DC_ERR_MODEL, "%s: unsupported ICR model version or shape", path);
        goto out;
    }
    float temperature = get_f32(p + 20), threshold = get_f32(p + 24);
    uint32_t count = get_u32(p + 28);
    uint32_t nn = version == ICR_FORMAT_VERSION ? 1u : count;
    const int nc = (int)get_u32(p + 12);
    const size_t n_bias = version >= ICR_CALIBRATED_VERSION ? (size_t)nc : 0u;
    if (!(temperature > 0.01f && temperature < 100.0f) || !(threshold >= 0.0f && threshold <= 1.0f) ||
        nn < 1 || nn > ICR_MAX_NETS || (version == ICR_FORMAT_VERSION && !layers_valid(count)) ||
        (size_t)len < HEADER_FIXED + 4u * n_bias + 4u) {
        rc = dc_error_set(DC_ERR_MODEL, "%s: malformed ICR model header", path);
        goto out;
    }
    float bias[ICR_MAX_CLASSES] = { 0 };
    for (size_t c = 0; c < n_bias; c++) {
        bias[c] = get_f32(p + HEADER_FIXED + 4u * c);
        if (!(bias[c] > -100.0f && bias[c] < 100.0f)) {
            rc = dc_error_set(DC_ERR_MODEL, "%s: ICR model has a bad class bias", path);
            goto out;
        }
    }
    p += HEADER_FIXED + 4u * n_bias;
    /* shapes first (sizes are checked before any weight is read) */
    size_t want = HEADER_FIXED + 4u * n_bias + 4u;
    const unsigned char *q = p;
    for (uint32_t k = 0; k < nn; k++) {
        uint32_t nl = count;
        if (version != ICR_FORMAT_VERSION) {
            if (q + 4 > end) {
                rc = dc_error_set(DC_ERR_MODEL, "%s: ICR model is truncated", path);
                goto out;
            }
            nl = get_u32(q);
            q += 4;
            want += 4;
        }
        if (!layers_valid(nl) || q + LAYER_REC * (size_t)nl > end) {
            rc = dc_error_set(DC_ERR_MODEL, "%s: malformed ICR model header", path);
            goto out;
        }
        memset(&nets[k], 0, sizeof nets[k]);
        rc = parse_layers(&nets[k], &q, nl, path);
        if (rc != 0)
            goto out;
        got = (int)k + 1;
        if (nets[k].n_classes != nc) {
            rc = dc_error_set(DC_ERR_MODEL, "%s: ICR net %u has %d outputs for %d classes", path, (unsigned)k,
                              nets[k].n_classes, nc);
            goto out;
        }
        want += LAYER_REC * nl + 4u * nets[k].n_params;
        if ((size_t)len < want) {
            rc = dc_error_set(DC_ERR_MODEL, "%s: ICR model is %ld bytes, expected at least %zu (truncated?)",
                              path, len, want);
            goto out;
        }
        q += 4u * nets[k].n_params;
    }
    if ((size_t)len != want) {
        rc = dc_error_set(DC_ERR_MODEL, "%s: ICR model is %ld bytes, expected %zu (truncated?)",
                          path, len, want);
        goto out;
    }
    if (fnv1a(2166136261u, buf, want - 4) != get_u32(buf + want - 4)) {
        rc = dc_error_set(DC_ERR_MODEL, "%s: ICR model checksum mismatch", path);
        goto out;
    }
    for (uint32_t k = 0; k < nn; k++) {
        if (version != ICR_FORMAT_VERSION)
            p += 4;
        p += LAYER_REC * (size_t)nets[k].n_layers;
        for (size_t i = 0; i < nets[k].n_params; i++, p += 4) {
            nets[k].params[i] = get_f32(p);
            if (!isfinite(nets[k].params[i])) {
                rc = dc_error_set(DC_ERR_MODEL, "%s: ICR model has a non-finite weight", path);
                goto out;
            }
        }
        if (icr_net_freeze(&nets[k]) != 0) {
            rc = dc_error_set(DC_ERR_NOMEM, "%s: ICR model copy", path);
            goto out;
        }
        nets[k].temperature = temperature;
        nets[k].threshold = threshold;
        nets[k].score = version == ICR_MARGIN_VERSION ? ICR_SCORE_MARGIN : ICR_SCORE_PROB;
        memcpy(nets[k].class_bias, bias, sizeof bias);
    }
    *n_nets = (int)nn;
out:
    if (rc != 0)
        for (int k = 0; k < got; k++)
            icr_net_release(&nets[k]);
    free(buf);
    fclose(f);
    return rc;
}

int icr_net_read(icr_net *net, const char *path)
{
    icr_net nets[ICR_MAX_NETS];
    int n = 0;
    int rc = icr_model_read(nets, &n, path);
    if (rc != 0) {
        memset(net, 0, sizeof *net);
        return rc;
    }
    for (int k = 1; k < n; k++)
        icr_net_release(&nets[k]);
    *net = nets[0];
    if (n != 1) {
        icr_net_release(net);
        return dc_error_set(DC_ERR_MODEL, "%s: an ensemble of %d nets, one expected", path, n);
    }
    return 0;
}

void icr_model_logits(const icr_net *nets, int n_nets, const float *const *inputs, float *const *acts,
                      float *logits)
{
    const int nc = nets[0].n_classes;
    for (int c = 0; c < nc; c++)
        logits[c] = 0.0f;
    for (int k = 0; k < n_nets; k++) {
        icr_net_forward(&nets[k], inputs[k], acts);
        const float *l = acts[nets[k].n_layers - 1];
        for (int c = 0; c < nc; c++)
            logits[c] += l[c];
    }
    for (int c = 0; c < nc; c++)
        logits[c] = logits[c] / (float)n_nets + nets[0].class_bias[c];
}
