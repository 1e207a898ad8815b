/* icr_net: the ICR classifier's layers, forward pass and model file format. */
#include "icr_internal.h"
#include "dc_error.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ICR_MAGIC "DCICRNN1"
#define ICR_FORMAT_VERSION 1u
#define ICR_MAX_PARAMS (4u * 1024u * 1024u)

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
    if (last->type != ICR_LAYER_FC || last->out_c != ICR_CLASSES)
        return -1;
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

void icr_net_release(icr_net *net)
{
    if (!net)
        return;
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

static void conv_forward(const icr_layer *l, const float *in, float *out)
{
    const int k = l->k, ih = l->in_h, iw = l->in_w, oh = l->out_h, ow = l->out_w;
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

static void fc_forward(const icr_layer *l, const float *in, float *out, int relu)
{
    const size_t n_in = (size_t)l->in_c * l->in_h * l->in_w;
    for (int o = 0; o < l->out_c; o++) {
        const float *wr = l->w + (size_t)o * n_in;
        float s = 0.0f;
        for (size_t i = 0; i < n_in; i++)
            s += wr[i] * in[i];
        s += l->b[o];
        out[o] = (relu && s < 0.0f) ? 0.0f : s;
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

void icr_softmax(const float *logits, float temperature, float *probs)
{
    float t = temperature > 0.0f ? temperature : 1.0f;
    float m = logits[0];
    for (int i = 1; i < ICR_CLASSES; i++)
        if (logits[i] > m)
            m = logits[i];
    float s = 0.0f;
    for (int i = 0; i < ICR_CLASSES; i++) {
        probs[i] = expf((logits[i] - m) / t);
        s += probs[i];
    }
    for (int i = 0; i < ICR_CLASSES; i++)
        probs[i] /= s;
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

/* header: magic[8] version n_classes side temperature threshold n_layers, then n_layers x
 * (type out_c k reserved), then params as f32, then fnv1a-32 of everything before it. */
#define HEADER_FIXED 32u
#define LAYER_REC 16u

int icr_net_write(const icr_net *net, const char *path)
{
    size_t n = HEADER_FIXED + LAYER_REC * (size_t)net->n_layers + 4u * net->n_params + 4u;
    unsigned char *buf = calloc(n, 1);
    if (!buf)
        return dc_error_set(DC_ERR_NOMEM, "%s: model buffer", path);
    unsigned char *p = buf;
    memcpy(p, ICR_MAGIC, 8); p += 8;
    put_u32(p, ICR_FORMAT_VERSION); p += 4;
    put_u32(p, ICR_CLASSES); p += 4;
    put_u32(p, ICR_SIDE); p += 4;
    put_f32(p, net->temperature); p += 4;
    put_f32(p, net->threshold); p += 4;
    put_u32(p, (uint32_t)net->n_layers); p += 4;
    for (int i = 0; i < net->n_layers; i++) {
        put_u32(p, (uint32_t)net->layers[i].type);
        put_u32(p + 4, (uint32_t)net->layers[i].out_c);
        put_u32(p + 8, (uint32_t)net->layers[i].k);
        put_u32(p + 12, 0);
        p += LAYER_REC;
    }
    for (size_t i = 0; i < net->n_params; i++, p += 4)
        put_f32(p, net->params[i]);
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

int icr_net_read(icr_net *net, const char *path)
{
    int rc = 0;
    unsigned char *buf = NULL;
    memset(net, 0, sizeof *net);
    FILE *f = fopen(path, "rb");
    if (!f)
        return dc_error_set(DC_ERR_MODEL, "%s: cannot open ICR model: %s", path, strerror(errno));
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
    if (memcmp(p, ICR_MAGIC, 8) != 0) {
        rc = dc_error_set(DC_ERR_MODEL, "%s: not an ICR model (bad magic)", path);
        goto out;
    }
    if (get_u32(p + 8) != ICR_FORMAT_VERSION || get_u32(p + 12) != ICR_CLASSES ||
        get_u32(p + 16) != ICR_SIDE) {
        rc = dc_error_set(DC_ERR_MODEL, "%s: unsupported ICR model version or shape", path);
        goto out;
    }
    net->temperature = get_f32(p + 20);
    net->threshold = get_f32(p + 24);
    uint32_t nl = get_u32(p + 28);
    if (nl < 1 || nl > ICR_MAX_LAYERS || (size_t)len < HEADER_FIXED + LAYER_REC * nl + 4 ||
        !(net->temperature > 0.01f && net->temperature < 100.0f) ||
        !(net->threshold >= 0.0f && net->threshold <= 1.0f)) {
        rc = dc_error_set(DC_ERR_MODEL, "%s: malformed ICR model header", path);
        goto out;
    }
    net->n_layers = (int)nl;
    p += HEADER_FIXED;
    for (uint32_t i = 0; i < nl; i++, p += LAYER_REC) {
        uint32_t t = get_u32(p), oc = get_u32(p + 4), k = get_u32(p + 8);
        if (t < 1 || t > 3 || oc > 4096 || k > 64) {
            rc = dc_error_set(DC_ERR_MODEL, "%s: malformed ICR layer %u", path, (unsigned)i);
            goto out;
        }
        net->layers[i].type = (int)t;
        net->layers[i].out_c = (int)oc;
        net->layers[i].k = (int)k;
    }
    if (icr_net_build(net) != 0) {
        net->params = NULL;
        rc = dc_error_set(DC_ERR_MODEL, "%s: inconsistent ICR layer shapes", path);
        goto out;
    }
    size_t want = HEADER_FIXED + LAYER_REC * nl + 4u * net->n_params + 4u;
    if ((size_t)len != want) {
        rc = dc_error_set(DC_ERR_MODEL, "%s: ICR model is %ld bytes, expected %zu (truncated?)",
                          path, len, want);
        goto out;
    }
    if (fnv1a(2166136261u, buf, want - 4) != get_u32(buf + want - 4)) {
        rc = dc_error_set(DC_ERR_MODEL, "%s: ICR model checksum mismatch", path);
        goto out;
    }
    for (size_t i = 0; i < net->n_params; i++, p += 4) {
        net->params[i] = get_f32(p);
        if (!isfinite(net->params[i])) {
            rc = dc_error_set(DC_ERR_MODEL, "%s: ICR model has a non-finite weight", path);
            goto out;
        }
    }
out:
    if (rc != 0)
        icr_net_release(net);
    free(buf);
    fclose(f);
    return rc;
}
