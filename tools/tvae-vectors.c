/*
 * tvae-vectors -- generate the golden vector set (vectors/README.md) from
 * the reference decoder.
 *
 *   tvae-vectors --out DIR [--quiet] [ZOO_MODEL.tvm ...]
 *
 * Writes, for every model, DIR/NAME.tvm (the model file) and DIR/NAME.tvv
 * (its vectors), and DIR/MANIFEST without the SHA-256 lines (the Makefile
 * appends them with sha256sum).  Stress models are synthesised here with
 * fixed seeds and integer-only calibration, so the output is the same on
 * every host.  Zoo models given on the command line become "zoo-BASENAME".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tvae.h"
#include "tvv.h"

#define MAX_MODELS 64

/* ------------------------------------------------------------------ */
/* deterministic generator randomness                                  */
/* ------------------------------------------------------------------ */

static uint32_t rng_state = 1;

static void rng_seed(uint32_t s)
{
    rng_state = s != 0 ? s : 0x6D2B79F5u;
}

static uint32_t rng(void)
{
    return tvae_roll_next(&rng_state);
}

/* uniform in [lo, hi] (hi - lo < 2^16) */
static int32_t rng_range(int32_t lo, int32_t hi)
{
    uint32_t span = (uint32_t)(hi - lo) + 1u;
    return lo + (int32_t)(((rng() >> 16) * span) >> 16);
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (p == NULL) {
        fprintf(stderr, "tvae-vectors: out of memory\n");
        exit(1);
    }
    return p;
}

/* ------------------------------------------------------------------ */
/* a model under construction                                          */
/* ------------------------------------------------------------------ */

enum wmode { W_RANDOM, W_PLUS127, W_MINUS127, W_ALTERNATE, W_SMALL, W_EXTREME };
enum bmode { B_CALIBRATED, B_PLUS_MAX, B_MINUS_MAX, B_ALTERNATE_MAX, B_TIES };
enum smode {
    S_CALIBRATED,   /* largest S with M <= 65535 (spec 5.8)             */
    S_M1,           /* M = 1, S the smallest that fits: many ties       */
    S_MAXM_S40,     /* M = 65535, S = 40: the largest product path      */
    S_M1_S1,        /* M = 1, S = 1: the smallest scale                 */
    S_MAXM,         /* M = 65535, S calibrated                          */
    S_M0_FIRST      /* channel 0 gets M = 0, the rest calibrated        */
};

typedef struct glayer {
    unsigned kind, in_c, out_c, in_h, in_w, out_h, out_w;
    size_t nbias, nw;
    int32_t *bias;
    uint16_t *mult;
    uint8_t *shift;
    int8_t *w;
    enum wmode wm;
    enum bmode bm;
    enum smode sm;
} glayer;

typedef struct gmodel {
    char name[64];
    char note[160];
    unsigned L, n, frac, roll_kind, roll_shift;
    uint16_t roll_mult;
    glayer layer[TVAE_MAX_LAYERS];
} gmodel;

typedef struct stress_def {
    const char *name;
    const char *note;
    unsigned L, d1, d2, d3, d4, extra;
    unsigned frac, roll_kind, roll_mult, roll_shift;
    uint32_t seed;
    enum wmode wm;
    enum bmode bm;
    enum smode sm;
    int tier; /* 0 small (50 vectors), 1 big (22), 2 largest (8) */
} stress_def;

static void layer_shape(glayer *l, unsigned kind, unsigned in_c, unsigned out_c,
                        unsigned in_hw, unsigned out_hw)
{
    memset(l, 0, sizeof *l);
    l->kind = kind;
    l->in_c = in_c;
    l->out_c = out_c;
    l->in_h = l->in_w = in_hw;
    l->out_h = l->out_w = out_hw;
    if (kind == TVAE_LAYER_DENSE) {
        l->nbias = 6u * 16u * out_c;
        l->nw = 16u * out_c * in_c;
    } else {
        l->nbias = out_c;
        l->nw = (size_t)out_c * 9u * in_c;
    }
    l->bias = xcalloc(l->nbias, sizeof *l->bias);
    l->mult = xcalloc(out_c, sizeof *l->mult);
    l->shift = xcalloc(out_c, sizeof *l->shift);
    l->w = xcalloc(l->nw, 1);
}

static void model_free(gmodel *m)
{
    unsigned k;
    for (k = 0; k < m->n; k++) {
        free(m->layer[k].bias);
        free(m->layer[k].mult);
        free(m->layer[k].shift);
        free(m->layer[k].w);
    }
}

static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
    p[2] = (uint8_t)((v >> 16) & 0xFFu);
    p[3] = (uint8_t)(v >> 24);
}

static size_t block_len(const glayer *l)
{
    return l->nbias * 4u + l->out_c * 3u + l->nw;
}

/* spec 4: serialise; returns the file size (buffer is allocated). */
static size_t model_write(const gmodel *m, uint8_t **out)
{
    size_t size = 32u + 16u * m->n, off, i;
    unsigned k;
    uint8_t *b;

    for (k = 0; k < m->n; k++)
        size += (block_len(&m->layer[k]) + 3u) & ~(size_t)3u;
    b = xcalloc(size, 1);
    memcpy(b, "TVAE", 4);
    b[4] = 1;
    b[5] = 0;
    put32(b + 8, (uint32_t)size);
    b[16] = (uint8_t)m->L;
    b[17] = (uint8_t)m->n;
    b[18] = (uint8_t)m->frac;
    b[19] = (uint8_t)m->roll_kind;
    put16(b + 20, m->roll_mult);
    b[22] = (uint8_t)m->roll_shift;
    off = 32u + 16u * m->n;
    for (k = 0; k < m->n; k++) {
        const glayer *l = &m->layer[k];
        uint8_t *d = b + 32 + 16 * k, *p = b + off;
        d[0] = (uint8_t)l->kind;
        d[2] = (uint8_t)l->in_c;
        d[3] = (uint8_t)l->out_c;
        d[4] = (uint8_t)l->in_h;
        d[5] = (uint8_t)l->in_w;
        d[6] = (uint8_t)l->out_h;
        d[7] = (uint8_t)l->out_w;
        put32(d + 8, (uint32_t)off);
        put32(d + 12, (uint32_t)block_len(l));
        for (i = 0; i < l->nbias; i++, p += 4)
            put32(p, (uint32_t)l->bias[i]);
        for (i = 0; i < l->out_c; i++, p += 2)
            put16(p, l->mult[i]);
        for (i = 0; i < l->out_c; i++)
            *p++ = l->shift[i];
        for (i = 0; i < l->nw; i++)
            *p++ = (uint8_t)l->w[i];
        off += (block_len(l) + 3u) & ~(size_t)3u;
    }
    put32(b + 12, tvae_crc32(b + 16, size - 16u));
    *out = b;
    return size;
}

/* A tvae_layer view of a layer under construction, for the reference
 * kernels.  Parameters are serialised into a little-endian scratch block. */
static uint8_t *layer_view(const glayer *l, tvae_layer *v)
{
    uint8_t *blk = xcalloc(block_len(l) + 4u, 1), *p = blk;
    size_t i;

    for (i = 0; i < l->nbias; i++, p += 4)
        put32(p, (uint32_t)l->bias[i]);
    for (i = 0; i < l->out_c; i++, p += 2)
        put16(p, l->mult[i]);
    for (i = 0; i < l->out_c; i++)
        *p++ = l->shift[i];
    for (i = 0; i < l->nw; i++)
        *p++ = (uint8_t)l->w[i];
    v->kind = l->kind;
    v->in_c = l->in_c;
    v->in_h = l->in_h;
    v->in_w = l->in_w;
    v->out_c = l->out_c;
    v->out_h = l->out_h;
    v->out_w = l->out_w;
    v->bias = blk;
    v->mult = blk + 4u * l->nbias;
    v->shift = v->mult + 2u * l->out_c;
    v->weights = v->shift + l->out_c;
    return blk;
}

/* ------------------------------------------------------------------ */
/* calibration: integer only, so every host picks the same scales      */
/* ------------------------------------------------------------------ */

/* Accumulators without bias (spec 5.2-5.4 formulas), used only to choose
 * biases and scales; the vectors themselves come from ref/. */
static void layer_acc(const glayer *l, const uint8_t *in, const int8_t *z,
                      int32_t *acc)
{
    unsigned oy, ox, co, ky, kx, ci, s = l->kind == TVAE_LAYER_CONVT_S2 ? 2u : 1u;
    size_t o = 0;

    if (l->kind == TVAE_LAYER_DENSE) {
        for (o = 0; o < 16u * l->out_c; o++) {
            int32_t a = 0;
            for (ci = 0; ci < l->in_c; ci++)
                a += (int32_t)l->w[o * l->in_c + ci] * z[ci];
            acc[o] = a;
        }
        return;
    }
    for (oy = 0; oy < l->out_h; oy++)
        for (ox = 0; ox < l->out_w; ox++)
            for (co = 0; co < l->out_c; co++) {
                int32_t a = 0;
                for (ky = 0; ky < 3; ky++)
                    for (kx = 0; kx < 3; kx++) {
                        long ty, tx, iy, ix;
                        if (l->kind == TVAE_LAYER_CONV) {
                            iy = (long)oy + (long)ky - 1;
                            ix = (long)ox + (long)kx - 1;
                        } else {
                            ty = (long)oy + 1 - (long)ky;
                            tx = (long)ox + 1 - (long)kx;
                            if (ty < 0 || tx < 0 || ty % (long)s || tx % (long)s)
                                continue;
                            iy = ty / (long)s;
                            ix = tx / (long)s;
                        }
                        if (iy < 0 || ix < 0 || iy >= (long)l->in_h || ix >= (long)l->in_w)
                            continue;
                        for (ci = 0; ci < l->in_c; ci++)
                            a += (int32_t)l->w[((co * 3u + ky) * 3u + kx) * l->in_c + ci]
                               * (int32_t)in[((size_t)iy * l->in_w + (size_t)ix) * l->in_c + ci];
                    }
                acc[o++] = a;
            }
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void fill_weights(glayer *l)
{
    size_t i;
    for (i = 0; i < l->nw; i++) {
        int v;
        switch (l->wm) {
        case W_PLUS127:   v = 127; break;
        case W_MINUS127:  v = -127; break;
        case W_ALTERNATE: v = (i & 1u) ? -127 : 127; break;
        case W_SMALL:     v = rng_range(-1, 1); break;
        case W_EXTREME:   v = (rng() & 3u) == 0 ? ((rng() & 1u) ? 127 : -127)
                                                : rng_range(-127, 127); break;
        default:          v = rng_range(-127, 127); break;
        }
        l->w[i] = (int8_t)v;
    }
}

/* Smallest shift S in 1..40 with hi * M / 2^S <= 250; 40 if none. */
static unsigned shift_for(int64_t hi, int64_t mult)
{
    unsigned s;
    for (s = 1; s < 40; s++)
        if (hi * mult <= ((int64_t)250 << s))
            return s;
    return 40;
}

/* Choose bias, M and S of layer l from the bias-free accumulators of
 * `count` samples (acc[sample][element]). */
static void calibrate(glayer *l, int32_t **acc, unsigned count, unsigned pips_of[])
{
    size_t per = (size_t)l->out_h * l->out_w, n = per * count, i;
    int64_t *v = xcalloc(n, sizeof *v);
    unsigned c, smp;

    for (c = 0; c < l->out_c; c++) {
        int64_t lo, mid, hi, spread, bias_c, top;
        size_t k = 0;
        for (smp = 0; smp < count; smp++)
            for (i = 0; i < per; i++)
                v[k++] = acc[smp][i * l->out_c + c];
        qsort(v, n, sizeof *v, cmp_i64);
        lo = v[n / 50];
        mid = v[(n * 2) / 5];
        hi = v[n - 1 - n / 50];
        spread = hi - lo > 0 ? hi - lo : 64;
        /* bias: about 60% of the outputs positive */
        switch (l->bm) {
        case B_PLUS_MAX:      bias_c = TVAE_BIAS_LIMIT; break;
        case B_MINUS_MAX:     bias_c = -TVAE_BIAS_LIMIT; break;
        case B_ALTERNATE_MAX: bias_c = (c & 1u) ? -TVAE_BIAS_LIMIT : TVAE_BIAS_LIMIT; break;
        case B_TIES:          bias_c = 0; break;
        default:              bias_c = -mid; break;
        }
        if (l->kind == TVAE_LAYER_DENSE) {
            unsigned p;
            for (p = 0; p < 6; p++)
                for (i = 0; i < per; i++) {
                    int64_t b;
                    if (l->bm == B_CALIBRATED)
                        b = bias_c + (int64_t)rng_range(-512, 512) * spread / 1024;
                    else if (l->bm == B_TIES)
                        b = rng_range(100, 400);
                    else
                        b = bias_c;
                    if (b > TVAE_BIAS_LIMIT) b = TVAE_BIAS_LIMIT;
                    if (b < -TVAE_BIAS_LIMIT) b = -TVAE_BIAS_LIMIT;
                    l->bias[(size_t)p * per * l->out_c + i * l->out_c + c] = (int32_t)b;
                }
        } else {
            if (l->bm == B_TIES)
                bias_c = rng_range(0, 300);
            if (bias_c > TVAE_BIAS_LIMIT) bias_c = TVAE_BIAS_LIMIT;
            if (bias_c < -TVAE_BIAS_LIMIT) bias_c = -TVAE_BIAS_LIMIT;
            l->bias[c] = (int32_t)bias_c;
        }
        top = hi + (l->kind == TVAE_LAYER_DENSE ? bias_c : l->bias[c]);
        if (l->bm == B_TIES)
            top = hi + 400;
        if (top < 1)
            top = 1;
        switch (l->sm) {
        case S_M1:
            l->mult[c] = 1;
            l->shift[c] = (uint8_t)shift_for(top, 1);
            break;
        case S_MAXM_S40:
            l->mult[c] = 65535;
            l->shift[c] = 40;
            break;
        case S_M1_S1:
            l->mult[c] = 1;
            l->shift[c] = 1;
            break;
        case S_MAXM:
            l->mult[c] = 65535;
            l->shift[c] = (uint8_t)shift_for(top, 65535);
            break;
        default: {
            /* spec 5.8: the largest S with M = floor(250 * 2^S / top) <= 65535 */
            unsigned s;
            int64_t mm = 1;
            for (s = 40; s >= 1; s--) {
                mm = ((int64_t)250 << s) / top;
                if (mm <= 65535)
                    break;
            }
            if (s < 1) {
                s = 1;
                mm = 65535;
            }
            if (mm < 1)
                mm = 1;
            l->mult[c] = (uint16_t)mm;
            l->shift[c] = (uint8_t)s;
            if (l->sm == S_M0_FIRST && c == 0)
                l->mult[c] = 0;
            break;
        }
        }
    }
    (void)pips_of;
    free(v);
}

#define CAL_SAMPLES 12

/* Build a stress model: shapes from the definition, then layer by layer
 * weights, calibration on CAL_SAMPLES inputs, and the reference kernel to
 * produce the next layer's calibration input. */
static void stress_build(const stress_def *d, gmodel *m)
{
    unsigned dims[5], k, smp;
    unsigned pips_of[CAL_SAMPLES];
    int8_t z[CAL_SAMPLES][16];
    uint8_t *act[CAL_SAMPLES], *next[CAL_SAMPLES];
    int32_t *acc[CAL_SAMPLES];

    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "stress-%s", d->name);
    snprintf(m->note, sizeof m->note, "%s", d->note);
    m->L = d->L;
    m->n = 5u + d->extra;
    m->frac = d->frac;
    m->roll_kind = d->roll_kind;
    m->roll_mult = (uint16_t)d->roll_mult;
    m->roll_shift = d->roll_shift;
    dims[1] = d->d1; dims[2] = d->d2; dims[3] = d->d3; dims[4] = d->d4;
    rng_seed(d->seed);

    layer_shape(&m->layer[0], TVAE_LAYER_DENSE, d->L, d->d4, 1, 4);
    layer_shape(&m->layer[1], TVAE_LAYER_CONVT_S2, d->d4, d->d3, 4, 8);
    layer_shape(&m->layer[2], TVAE_LAYER_CONVT_S2, d->d3, d->d2, 8, 16);
    layer_shape(&m->layer[3], TVAE_LAYER_CONVT_S1, d->d2, d->d1, 16, 16);
    for (k = 0; k < d->extra; k++)
        layer_shape(&m->layer[4 + k], TVAE_LAYER_CONV, d->d1, d->d1, 16, 16);
    layer_shape(&m->layer[m->n - 1], TVAE_LAYER_CONVT_S2, d->d1, 1, 16, 32);
    (void)dims;

    for (smp = 0; smp < CAL_SAMPLES; smp++) {
        unsigned i;
        pips_of[smp] = 1u + smp % 6u;
        for (i = 0; i < d->L; i++)
            z[smp][i] = (int8_t)rng_range(-128, 127);
        act[smp] = NULL;
        acc[smp] = xcalloc(64u * 32u * 32u, sizeof(int32_t));
    }
    for (k = 0; k < m->n; k++) {
        glayer *l = &m->layer[k];
        tvae_layer v;
        uint8_t *blk;
        l->wm = d->wm;
        l->bm = d->bm;
        l->sm = d->sm;
        /* layer-specific variations keep each edge in one known layer */
        if (d->bm == B_TIES && k > 0)
            l->bm = B_TIES;
        fill_weights(l);
        for (smp = 0; smp < CAL_SAMPLES; smp++)
            layer_acc(l, act[smp], z[smp], acc[smp]);
        calibrate(l, acc, CAL_SAMPLES, pips_of);
        blk = layer_view(l, &v);
        for (smp = 0; smp < CAL_SAMPLES; smp++) {
            next[smp] = xcalloc((size_t)l->out_c * l->out_h * l->out_w, 1);
            if (l->kind == TVAE_LAYER_DENSE)
                tvae_dense(&v, z[smp], pips_of[smp], next[smp]);
            else if (l->kind == TVAE_LAYER_CONV)
                tvae_conv(&v, act[smp], next[smp]);
            else
                tvae_convt(&v, act[smp], next[smp]);
            free(act[smp]);
            act[smp] = next[smp];
        }
        free(blk);
    }
    for (smp = 0; smp < CAL_SAMPLES; smp++) {
        free(act[smp]);
        free(acc[smp]);
    }
}

/*
 * The stress set.  Each model hits its edges with the smallest shape that
 * does; all but "largest" are at most ~100 KB so MCU ports with 128 KB of
 * flash can carry them.
 */
static const stress_def stress_defs[] = {
    /* name, note, L, d1, d2, d3, d4, E, F, roll kind, M, S, seed, w, b, s, tier */
    { "e0-L1", "L = 1, all channels 1, no extra layer, roll identity (M 2, S 1)",
      1, 1, 1, 1, 1, 0, 0, 0, 2, 1, 0x1001, W_RANDOM, B_CALIBRATED, S_CALIBRATED, 0 },
    { "e1", "one extra CONV layer, uneven channels 3_4_5_6",
      2, 3, 4, 5, 6, 1, 3, 0, 2, 1, 0x1002, W_RANDOM, B_CALIBRATED, S_CALIBRATED, 0 },
    { "e2-bell", "two extra CONV layers, bell roll M 1 S 2 (z clamps at 127, -127.5 ties up)",
      4, 4, 4, 4, 4, 2, 5, 1, 1, 2, 0x1003, W_RANDOM, B_CALIBRATED, S_CALIBRATED, 0 },
    { "e3", "three extra CONV layers (8 layers), bell roll M 3 S 2 saturating both ends",
      8, 8, 8, 8, 8, 3, 7, 1, 3, 2, 0x1004, W_EXTREME, B_CALIBRATED, S_CALIBRATED, 0 },
    { "ties", "M = 1 and small S everywhere: requantization ties; roll M 1 S 1 gives negative ties",
      1, 4, 4, 4, 4, 0, 0, 0, 1, 1, 0x1005, W_SMALL, B_TIES, S_M1, 0 },
    { "sat-pos", "weights all +127, biases +2^30, M 1 S 1: outputs pinned at 255",
      2, 2, 2, 2, 2, 1, 0, 0, 2, 1, 0x1006, W_PLUS127, B_PLUS_MAX, S_M1_S1, 0 },
    { "sat-alt", "weights alternating +-127, biases alternating +-2^30 per channel, M 65535 S 40",
      3, 3, 3, 3, 3, 1, 0, 0, 2, 1, 0x1007, W_ALTERNATE, B_ALTERNATE_MAX, S_MAXM_S40, 0 },
    { "sat-neg", "weights all -127, biases -2^30: the lower clamp everywhere",
      2, 2, 2, 2, 2, 0, 0, 0, 2, 1, 0x1008, W_MINUS127, B_MINUS_MAX, S_CALIBRATED, 0 },
    { "maxm", "M = 65535 everywhere with calibrated S (48-bit product), extreme weights; roll M 65535 S 16",
      4, 6, 6, 6, 6, 1, 2, 1, 65535, 16, 0x1009, W_EXTREME, B_CALIBRATED, S_MAXM, 0 },
    { "m0", "channel 0 of every layer has M = 0 (output always 0)",
      2, 4, 4, 4, 4, 1, 0, 0, 2, 1, 0x100A, W_RANDOM, B_CALIBRATED, S_M0_FIRST, 0 },
    { "fanin64", "d2 = d1 = 64, one extra CONV: fan-in 576 at CONVT_S1, CONV and the last layer (~76 KB)",
      3, 64, 64, 2, 2, 1, 0, 0, 2, 1, 0x100B, W_EXTREME, B_CALIBRATED, S_CALIBRATED, 1 },
    { "dense64-L16", "L = 16, d4 = d3 = 64: largest dense layer and CONVT_S2 fan-in 576 (~78 KB)",
      16, 2, 2, 64, 64, 0, 4, 1, 40, 6, 0x100C, W_EXTREME, B_CALIBRATED, S_CALIBRATED, 1 },
    { "largest", "LARGEST LIMITS: L 16, all 64 channels, 3 extra layers, 265,768 bytes (ports may report it as not fitting)",
      16, 64, 64, 64, 64, 3, 0, 1, 40, 6, 0x100D, W_RANDOM, B_CALIBRATED, S_CALIBRATED, 2 },
};

/* ------------------------------------------------------------------ */
/* vectors                                                             */
/* ------------------------------------------------------------------ */

typedef struct hash_ctx {
    uint32_t hash[TVAE_MAX_LAYERS];
} hash_ctx;

static void on_layer(void *ctx, unsigned k, const tvae_layer *l, const uint8_t *act)
{
    hash_ctx *h = ctx;
    if (k < TVAE_MAX_LAYERS)
        h->hash[k] = tvae_layer_hash(act, (uint32_t)(l->out_c * l->out_h * l->out_w));
}

typedef struct vec_list {
    tvv_record *r;
    size_t n, cap;
} vec_list;

static tvv_record *vec_add(vec_list *v)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? 2 * v->cap : 64;
        v->r = realloc(v->r, v->cap * sizeof *v->r);
        if (v->r == NULL) {
            fprintf(stderr, "tvae-vectors: out of memory\n");
            exit(1);
        }
    }
    memset(&v->r[v->n], 0, sizeof v->r[0]);
    return &v->r[v->n++];
}

static void decode_into(const tvae_model *m, tvv_record *r, uint8_t *scratch,
                        size_t scratch_size, const char *name)
{
    hash_ctx h;
    int rc;
    memset(&h, 0, sizeof h);
    rc = tvae_decode(m, r->latent, r->pips, scratch, scratch_size, r->image,
                     on_layer, &h);
    if (rc != TVAE_OK) {
        fprintf(stderr, "tvae-vectors: %s: decode failed: %s\n", name, tvae_strerror(rc));
        exit(1);
    }
    memcpy(r->hash, h.hash, sizeof r->hash);
}

/* latent patterns: 0 all v, 1 alternating 127/-128, 2 ramp, 3 random */
static void latent_fill(int8_t *z, unsigned L, int pattern, int v)
{
    unsigned i;
    for (i = 0; i < L; i++) {
        int x;
        switch (pattern) {
        case 1: x = (i & 1u) ? -128 : 127; break;
        case 2: x = L > 1 ? -128 + (int)(255u * i / (L - 1u)) : 0; break;
        case 3: x = rng_range(-128, 127); break;
        default: x = v; break;
        }
        z[i] = (int8_t)x;
    }
}

static const uint32_t fixed_seeds[] = { 0u, 1u, 0xFFFFFFFFu, 6u };

static void gen_vectors(const tvae_model *m, unsigned kind, int tier,
                        uint32_t seed, vec_list *out, const char *name)
{
    unsigned L = tvae_model_latent_len(m), n = tvae_model_layer_count(m);
    size_t ss = tvae_scratch_size(m);
    uint8_t *scratch = xcalloc(ss, 1);
    static const int sweep9[] = { -128, -96, -64, -32, 0, 32, 64, 96, 127 };
    static const int sweep3[] = { -128, 0, 127 };
    unsigned pips, i, nroll;

    rng_seed(seed);
    for (pips = 1; pips <= 6; pips++) {
        /* (pattern, value) list per tier */
        int pat[16], val[16];
        unsigned cnt = 0;
        if (kind == TVV_NATURAL) {
            for (i = 0; i < 9; i++) { pat[cnt] = 0; val[cnt++] = sweep9[i]; }
            if (L > 1) {
                pat[cnt] = 1; val[cnt++] = 0;
                pat[cnt] = 2; val[cnt++] = 0;
                pat[cnt] = 3; val[cnt++] = 0;
            }
        } else if (tier == 0) {
            for (i = 0; i < 3; i++) { pat[cnt] = 0; val[cnt++] = sweep3[i]; }
            pat[cnt] = 1; val[cnt++] = 0;
            pat[cnt] = 2; val[cnt++] = 0;
            pat[cnt] = 3; val[cnt++] = 0;
            pat[cnt] = 3; val[cnt++] = 0;
        } else if (tier == 1) {
            pat[cnt] = 0; val[cnt++] = -128;
            pat[cnt] = 0; val[cnt++] = 127;
            pat[cnt] = 3; val[cnt++] = 0;
        } else {
            pat[cnt] = 3; val[cnt++] = 0;
        }
        for (i = 0; i < cnt; i++) {
            tvv_record *r = vec_add(out);
            r->kind = kind;
            r->pips = pips;
            r->latent_len = L;
            r->layers = n;
            latent_fill(r->latent, L, pat[i], val[i]);
            decode_into(m, r, scratch, ss, name);
        }
    }
    /* roll vectors: fixed seeds first, then random ones */
    nroll = kind == TVV_NATURAL ? 12u : tier == 0 ? 8u : tier == 1 ? 4u : 2u;
    for (i = 0; i < nroll; i++) {
        tvv_record *r = vec_add(out);
        r->kind = TVV_ROLL;
        r->seed = i < sizeof fixed_seeds / sizeof fixed_seeds[0] ? fixed_seeds[i] : rng();
        r->latent_len = L;
        r->layers = n;
        if (tvae_roll(m, r->seed, &r->pips, r->latent) != TVAE_OK) {
            fprintf(stderr, "tvae-vectors: %s: roll failed\n", name);
            exit(1);
        }
        decode_into(m, r, scratch, ss, name);
    }
    free(scratch);
}

static int write_file(const char *dir, const char *name, const char *ext,
                      const uint8_t *data, size_t size)
{
    char path[4096];
    FILE *fp;
    snprintf(path, sizeof path, "%s/%s%s", dir, name, ext);
    fp = fopen(path, "wb");
    if (fp == NULL || fwrite(data, 1, size, fp) != size || fclose(fp) != 0) {
        fprintf(stderr, "tvae-vectors: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

typedef struct summary {
    char name[64];
    char note[200];
    uint32_t crc, size;
    unsigned L, n, dims[4], extra;
    unsigned count[4];
} summary;

static int emit(const char *dir, const char *name, const char *note,
                const uint8_t *blob, size_t size, unsigned kind, int tier,
                uint32_t seed, summary *s, int quiet)
{
    tvae_model m;
    vec_list v = { NULL, 0, 0 };
    uint8_t *tvv;
    size_t tsize, i;
    uint32_t mcrc;
    int rc = tvae_model_validate(&m, blob, size);
    tvae_layer l;

    if (rc != TVAE_OK) {
        fprintf(stderr, "tvae-vectors: %s: invalid model: %s\n", name, tvae_strerror(rc));
        return -1;
    }
    gen_vectors(&m, kind, tier, seed, &v, name);
    tsize = TVV_HEADER_SIZE + v.n * TVV_RECORD_SIZE;
    tvv = xcalloc(tsize, 1);
    mcrc = tvae_model_crc(&m);
    tvv_header_put(tvv, (uint32_t)v.n, mcrc, (uint32_t)size,
                   tvae_model_latent_len(&m), tvae_model_layer_count(&m));
    for (i = 0; i < v.n; i++)
        tvv_record_put(tvv + TVV_HEADER_SIZE + i * TVV_RECORD_SIZE, &v.r[i]);
    tvv_finish(tvv, tsize);
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(s->note, sizeof s->note, "%s", note);
    s->crc = mcrc;
    s->size = (uint32_t)size;
    s->L = tvae_model_latent_len(&m);
    s->n = tvae_model_layer_count(&m);
    s->extra = s->n - 5u;
    tvae_model_layer(&m, 3, &l);
    s->dims[0] = l.out_c;
    s->dims[1] = l.in_c;
    tvae_model_layer(&m, 1, &l);
    s->dims[2] = l.out_c;
    s->dims[3] = l.in_c;
    for (i = 0; i < v.n; i++)
        s->count[v.r[i].kind]++;
    rc = write_file(dir, name, ".tvm", blob, size);
    if (rc == 0)
        rc = write_file(dir, name, ".tvv", tvv, tsize);
    if (!quiet)
        fprintf(stderr, "tvae-vectors: %-24s %6u bytes, %3u natural %3u stress %3u roll\n",
                name, s->size, s->count[TVV_NATURAL], s->count[TVV_STRESS], s->count[TVV_ROLL]);
    free(tvv);
    free(v.r);
    return rc;
}

static const char *base_name(const char *path, char *buf, size_t cap)
{
    const char *b = strrchr(path, '/');
    size_t n;
    b = b ? b + 1 : path;
    snprintf(buf, cap, "zoo-%s", b);
    n = strlen(buf);
    if (n > 4 && strcmp(buf + n - 4, ".tvm") == 0)
        buf[n - 4] = '\0';
    return buf;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(int argc, char **argv)
{
    const char *dir = NULL;
    const char *zoo[MAX_MODELS];
    unsigned nzoo = 0, i, ns = 0, total[4] = { 0, 0, 0, 0 };
    summary sum[MAX_MODELS + 16];
    int quiet = 0, a;
    char path[4096];
    FILE *mf;

    for (a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--out") == 0 && a + 1 < argc)
            dir = argv[++a];
        else if (strcmp(argv[a], "--quiet") == 0)
            quiet = 1;
        else if (strcmp(argv[a], "--help") == 0) {
            printf("usage: tvae-vectors --out DIR [--quiet] [ZOO_MODEL.tvm ...]\n");
            return 0;
        } else if (argv[a][0] == '-') {
            fprintf(stderr, "tvae-vectors: unknown option %s (try --help)\n", argv[a]);
            return 2;
        } else if (nzoo < MAX_MODELS)
            zoo[nzoo++] = argv[a];
        else {
            fprintf(stderr, "tvae-vectors: too many models (at most %d)\n", MAX_MODELS);
            return 2;
        }
    }
    if (dir == NULL) {
        fprintf(stderr, "tvae-vectors: --out DIR is required (try --help)\n");
        return 2;
    }
    /* zoo models sorted by name so the set does not depend on argument order */
    qsort(zoo, nzoo, sizeof zoo[0], cmp_str);
    for (i = 0; i < nzoo; i++) {
        const char *err = NULL;
        size_t size;
        char name[64];
        uint8_t *blob = tvv_read_file(zoo[i], &size, 1u << 20, &err);
        if (blob == NULL) {
            fprintf(stderr, "tvae-vectors: %s: %s\n", zoo[i], err);
            return 1;
        }
        base_name(zoo[i], name, sizeof name);
        /* the seed of a model's random latents and roll seeds is its own
         * CRC, so adding or removing another model changes nothing here */
        if (emit(dir, name, "trained zoo model", blob, size, TVV_NATURAL, 0,
                 size >= 16 ? ((uint32_t)blob[12] | ((uint32_t)blob[13] << 8)
                               | ((uint32_t)blob[14] << 16) | ((uint32_t)blob[15] << 24))
                            : 1u,
                 &sum[ns], quiet) != 0)
            return 1;
        ns++;
        free(blob);
    }
    for (i = 0; i < sizeof stress_defs / sizeof stress_defs[0]; i++) {
        gmodel m;
        uint8_t *blob;
        size_t size;
        if (!quiet)
            fprintf(stderr, "tvae-vectors: building stress model %u/%u %s\n", i + 1,
                    (unsigned)(sizeof stress_defs / sizeof stress_defs[0]), stress_defs[i].name);
        stress_build(&stress_defs[i], &m);
        size = model_write(&m, &blob);
        if (emit(dir, m.name, m.note, blob, size, TVV_STRESS, stress_defs[i].tier,
                 stress_defs[i].seed ^ 0xA5A5A5A5u, &sum[ns], quiet) != 0)
            return 1;
        ns++;
        free(blob);
        model_free(&m);
    }
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    mf = fopen(path, "w");
    if (mf == NULL) {
        fprintf(stderr, "tvae-vectors: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    for (i = 0; i < ns; i++) {
        unsigned k;
        for (k = 1; k < 4; k++)
            total[k] += sum[i].count[k];
    }
    fprintf(mf, "# tvae golden vectors: generated by tools/tvae-vectors from ref/; do not edit\n");
    fprintf(mf, "spec 1.0\nformat tvv 1.0\n");
    fprintf(mf, "vectors natural %u\nvectors stress %u\nvectors roll %u\nvectors total %u\n",
            total[1], total[2], total[3], total[1] + total[2] + total[3]);
    fprintf(mf, "# model NAME crc CRC bytes SIZE L L layers N dims d1_d2_d3_d4 vectors NAT STRESS ROLL : note\n");
    for (i = 0; i < ns; i++)
        fprintf(mf, "model %s crc 0x%08lx bytes %lu L %u layers %u dims %u_%u_%u_%u vectors %u %u %u : %s\n",
                sum[i].name, (unsigned long)sum[i].crc, (unsigned long)sum[i].size,
                sum[i].L, sum[i].n, sum[i].dims[0], sum[i].dims[1], sum[i].dims[2],
                sum[i].dims[3], sum[i].count[1], sum[i].count[2], sum[i].count[3],
                sum[i].note);
    fprintf(mf, "# sha256 of every file (sha256sum format; check with: grep '^[0-9a-f]\\{64\\}  ' MANIFEST | sha256sum -c)\n");
    if (fclose(mf) != 0) {
        fprintf(stderr, "tvae-vectors: cannot write %s\n", path);
        return 1;
    }
    if (!quiet)
        fprintf(stderr, "tvae-vectors: %u models, %u natural, %u stress, %u roll vectors\n",
                ns, total[1], total[2], total[3]);
    return 0;
}
