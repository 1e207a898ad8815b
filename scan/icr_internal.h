/* icr_internal: the ICR's cell normaliser and network, shared by dc_icr.c, the trainer and the evaluation. */
#ifndef DC_ICR_INTERNAL_H
#define DC_ICR_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#define ICR_SIDE 28          /* classifier input is ICR_SIDE x ICR_SIDE floats in 0..1 (1 = ink) */
#define ICR_BOX 20           /* the ink's bounding box is scaled so its longer side is ICR_BOX */
#define ICR_CLASSES 11       /* digits 0-9, then class 10 = empty cell */
#define ICR_EMPTY_CLASS 10
#define ICR_LETTERS 26       /* a letter model (icr-caps.bin): capitals A-Z, then class 26 = empty */
#define ICR_MAX_CLASSES 27   /* the most classes a model file may have (the letter model's) */
#define ICR_MAX_LAYERS 8

/* What the normaliser found in a cell. */
typedef struct icr_norm_info {
    int has_ink;        /* 0: nothing left after removing border lines and specks */
    float ink_w_frac;   /* ink bounding box / cell size, 0 when no ink */
    float ink_h_frac;
    int ink_pixels;     /* ink pixels kept */
    int speck_pixels;   /* ink pixels dropped as specks bigger than dust (not border fragments) */
    int cell_pixels;    /* w * h */
    int ink_span;       /* paper grey minus the pen's full darkness (the darkest 10% of the
                           kept ink), 0 when no ink was kept: how dark the writing is */
} icr_norm_info;

/* Normalises an 8-bit grey cell (0 = black, 255 = white; `stride` bytes per row):
 * removes printed border fragments at the edges and specks, crops to the ink,
 * scales the longer side to ICR_BOX preserving aspect ratio and centres by mass into
 * `out` (ICR_SIDE*ICR_SIDE, 1 = ink). When no ink remains, `out` is all zero.
 * Returns 0, or DC_ERR_NOMEM / DC_ERR_INVALID_ARG (no detail set: callers add it). */
int icr_normalize(const uint8_t *grey, int w, int h, int stride, float *out, icr_norm_info *info);

/* The cell as 8-bit grey, converted as dc_icr_classify reads it (1 bpp and colormaps through
 * pixConvertTo8, 32 bpp through luminance). *grey (w*h bytes, stride w) is malloc'ed and
 * owned by the caller. Returns 0, or DC_ERR_IMAGE (smaller than 4x4, larger than 4000x4000,
 * depth not 1, 8 or 32) / DC_ERR_NOMEM with the detail set. */
struct Pix;
int icr_cell_grey(struct Pix *cell, uint8_t **grey, int *w, int *h);

/* Normaliser options a model was trained with (stored in its file, see icr_net.norm_flags). */
#define ICR_NORM_DESLANT 1u   /* shear the cropped ink so its principal axis is upright
                                 (second moments) before scaling: removes the writer's slant */
#define ICR_NORM_PEN 2u       /* thin the ink to its skeleton and redraw it with one fixed round
                                 pen: removes the writer's pen width and the scanner's stroke
                                 texture */
#define ICR_NORM_KNOWN (ICR_NORM_DESLANT | ICR_NORM_PEN)
#define ICR_NORM_VARIANTS 4   /* distinct option sets: 0 .. ICR_NORM_KNOWN */

/* icr_normalize with options (`flags`, ICR_NORM_*); icr_normalize is flags 0. */
int icr_normalize_ex(const uint8_t *grey, int w, int h, int stride, unsigned flags, float *out,
                     icr_norm_info *info);

/* One cell normalised n_out ways at once: outs[i] (ICR_SIDE*ICR_SIDE each) gets the drawing
 * with flags[i], exactly as icr_normalize_ex would make it; the ink is found once (and
 * deslanted once), which is what an ensemble of nets with different options needs. */
int icr_normalize_multi(const uint8_t *grey, int w, int h, int stride, const unsigned *flags,
                        float *const *outs, int n_out, icr_norm_info *info);

/* icr_normalize_multi for faint writing (pencil, a pen running dry): ink is anything darker
 * than paper - ICR_FAINT_CONTRAST grey levels instead of paper - max(50, 40% of paper), so
 * the light-grey printed border counts as ink here and only the border rules remove it; ink
 * wider than a stroke in both directions (25% of the cell height: a stain, a shadow) is not
 * counted. Used only on cells where icr_normalize_multi kept no ink, a tiny mark or faint ink
 * (ICR_FAINT_SPAN); training never sees it. */
#define ICR_FAINT_CONTRAST 30
/* Kept ink whose pen darkness (icr_norm_info.ink_span) is less than this many grey levels below
 * the paper is faint writing whose lighter edges the normal ink level may have cut away, and
 * the light-ink drawing is read instead (chosen on sel among 120/150/180; the evaluation's
 * pens, 30-80 on paper 238-250, are 158-220 below it, their thinnest strokes less). */
#define ICR_FAINT_SPAN 150
int icr_normalize_faint(const uint8_t *grey, int w, int h, int stride, const unsigned *flags,
                        float *const *outs, int n_out, icr_norm_info *info);

enum icr_layer_type { ICR_LAYER_CONV = 1, ICR_LAYER_POOL = 2, ICR_LAYER_FC = 3 };

/* One layer. CONV: valid k x k convolution + ReLU, weights [out_c][in_c][k][k];
 * POOL: 2x2 max pool (floor); FC: fully connected, weights [out][in], ReLU unless last. */
typedef struct icr_layer {
    int type;
    int in_c, in_h, in_w;
    int out_c, out_h, out_w;
    int k;
    float *w;   /* into icr_net.params */
    float *b;
    size_t n_w, n_b;
    float *wt;  /* FC of a frozen net (icr_net_freeze): w input-major, [in][out], into
                   icr_net.frozen; NULL otherwise */
} icr_layer;

typedef struct icr_net {
    int n_layers;
    icr_layer layers[ICR_MAX_LAYERS];
    float *params;       /* all weights, owned */
    size_t n_params;
    float *frozen;       /* the FC layers' input-major copies (icr_layer.wt), owned; NULL
                            unless icr_net_freeze was called */
    float temperature;   /* softmax temperature (calibrated on held-out fonts, or on real
                            writers with icr-train --real-val) */
    float threshold;     /* shipped acceptance threshold on the confidence score (`score`) */
    unsigned score;      /* ICR_SCORE_*: what `threshold` applies to (format version 4: the
                            margin; older files: the probability) */
    unsigned norm_flags; /* ICR_NORM_* the net's input was normalised with (file: the reserved
                            word of layer 0's record; 0 in models made before it existed) */
    int n_classes;       /* outputs of the last layer: ICR_CLASSES for a digit model,
                            ICR_LETTERS + 1 for a letter model; the last class is "empty" */
    float class_bias[ICR_MAX_CLASSES]; /* added to the (averaged) logits before the temperature:
                            the per-class calibration fitted on real writers (format version
                            3); all 0 in older files. Like temperature/threshold, the model's
                            value is nets[0]'s. */
} icr_net;

/* Fills shapes from type/in/out/k of each layer (layer 0 input is 1 x ICR_SIDE x ICR_SIDE),
 * counts parameters, allocates `params` (zeroed) and sets w/b pointers. Returns 0 or -1
 * (inconsistent shapes, or the last layer is not FC with 2..ICR_MAX_CLASSES outputs, or no memory);
 * sets n_classes to the last layer's outputs. */
int icr_net_build(icr_net *net);
void icr_net_release(icr_net *net);

/* Makes the forward pass of a net whose weights will not change faster: each FC layer keeps a
 * copy of its weights input-major, which the pass then reads instead of `w` (the same sums in
 * the same order, so the same bits). icr_model_read freezes every net it reads. Whoever changes
 * a frozen net's weights must call it again (the trainer's nets are never frozen). Returns 0 or
 * -1 (no memory: the net is left unfrozen and still works). */
int icr_net_freeze(icr_net *net);

/* Size of one layer's output in floats, and the largest of them. */
size_t icr_layer_out_size(const icr_layer *l);
size_t icr_net_max_act(const icr_net *net);

/* Forward pass. acts[i] receives layer i's output (post-ReLU); the last is the logits. */
void icr_net_forward(const icr_net *net, const float *input, float *const *acts);

/* Reads / writes a single-net model file (see scan/models/README.md for the format).
 * read returns 0 or DC_ERR_MODEL / DC_ERR_NOMEM with a detail naming `path` (an ensemble
 * file is DC_ERR_MODEL here); write returns 0 or DC_ERR_IO. */
int icr_net_read(icr_net *net, const char *path);
int icr_net_write(const icr_net *net, const char *path);

/* An ensemble: up to ICR_MAX_NETS nets whose logits are averaged. temperature/threshold of
 * the ensemble are those of nets[0] (the file stores them once). */
#define ICR_MAX_NETS 4

/* Reads a model file of one net (format version 1) or an ensemble (version 2; its nets may
 * use different normalisers, see norm_flags; 3: with class biases; 4: with class biases and a
 * threshold on the margin) into nets[0..*n_nets-1]; each net's temperature, threshold, score and
 * class biases are set to the file's. On error all nets are released and *n_nets is 0. Errors
 * as icr_net_read. */
int icr_model_read(icr_net *nets, int *n_nets, const char *path);

/* Writes n_nets nets (1: the version-1 single-net file, byte for byte as icr_net_write;
 * 2..ICR_MAX_NETS: version 2; any number with a nonzero nets[0].class_bias: version 3; any
 * number with nets[0].score ICR_SCORE_MARGIN: version 4) with nets[0]'s temperature, threshold,
 * score and class biases. 0 or DC_ERR_IO / DC_ERR_INVALID_ARG (bad n_nets, unknown score). */
int icr_model_write(const icr_net *nets, int n_nets, const char *path);

/* Averaged logits of the ensemble plus nets[0].class_bias into `logits` (nets[0].n_classes; every
 * net of an ensemble has the same count, which icr_model_read checks). inputs[k]
 * is the cell normalised with nets[k].norm_flags (an ensemble may mix normalisers); `acts` as
 * icr_net_forward, big enough for every net (n_layers entries of icr_net_max_act floats each). */
void icr_model_logits(const icr_net *nets, int n_nets, const float *const *inputs, float *const *acts,
                      float *logits);

/* Calibrated softmax of logits into probs (ICR_CLASSES; icr_softmax_n: n classes). */
void icr_softmax(const float *logits, float temperature, float *probs);
void icr_softmax_n(const float *logits, int n, float temperature, float *probs);

/* The confidence score a model's threshold applies to (icr_net.score; the model's value is
 * nets[0]'s). ICR_SCORE_PROB: the calibrated probability of the chosen class, as in every model
 * before format version 4. ICR_SCORE_MARGIN: that probability minus the runner-up class's
 * (over all ICR_CLASSES, "empty" included), so a reading is confident only when no other class
 * is close; at the same accepted-but-wrong budget on the calibration set it accepts more real
 * digits (scan/models/README.md, round 10). */
#define ICR_SCORE_PROB 0u
#define ICR_SCORE_MARGIN 1u
float icr_score(const float *probs, int best, int second, unsigned score);

/* Indices of the largest and second-largest of probs[0..ICR_CLASSES-1] (ties: the lower index
 * first), the classes icr_score takes. */
void icr_top2(const float *probs, int *best, int *second);
void icr_top2_n(const float *probs, int n, int *best, int *second);

#endif
