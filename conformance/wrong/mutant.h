/*
 * mutant.h -- a plain layer-by-layer tvae decoder with one deliberate
 * mistake switched on by a macro, for testing that tvae-conform catches it
 * and names the guilty layer.  Each conformance/wrong/NAME.c defines one
 * MUTANT_* macro and includes this file; control.c defines none and must
 * pass every vector (it is also a second, independently written decoder).
 *
 * It exports wrong_decode() with the signature of tvae_decode().
 *
 *   MUTANT_HALF_EVEN   requantization rounds half to even
 *   MUTANT_TRUNCATE    requantization truncates toward zero, no rounding
 *   MUTANT_NO_LOW_CLAMP  no lower clamp: negatives wrap into the uint8
 *   MUTANT_ACC16       accumulators (and the bias) kept in int16
 *   MUTANT_CONVT_PAD   transposed conv with padding 0 instead of 1
 *                      (oy = s*iy + ky instead of s*iy - 1 + ky)
 */
#include <stdint.h>
#include <string.h>

#include "tvae.h"

#ifdef MUTANT_ACC16
typedef int16_t acc_t;
/* wraps modulo 2^16 as a 16-bit accumulator register would */
static acc_t acc_add(acc_t a, int32_t b)
{
    uint16_t u = (uint16_t)((uint16_t)a + (uint16_t)(uint32_t)b);
    return (acc_t)(u >= 32768u ? (int32_t)u - 65536 : (int32_t)u);
}
#else
typedef int32_t acc_t;
static acc_t acc_add(acc_t a, int32_t b)
{
    return a + b;
}
#endif

static uint8_t mut_requantize(int32_t acc, unsigned mult, unsigned shift)
{
    int64_t p = (int64_t)acc * (int64_t)mult, q;
    int64_t one = (int64_t)1 << shift;
#if defined(MUTANT_HALF_EVEN)
    int64_t fl = p >= 0 ? p / one : -((-p + one - 1) / one); /* floor */
    int64_t rem = p - fl * one;                              /* 0 .. one-1 */
    if (2 * rem > one || (2 * rem == one && (fl & 1) != 0))
        q = fl + 1;
    else
        q = fl;
#elif defined(MUTANT_TRUNCATE)
    q = p / one; /* C99: toward zero */
#else
    p += one / 2;
    q = p >= 0 ? p / one : -((-p + one - 1) / one);
#endif
#ifdef MUTANT_NO_LOW_CLAMP
    if (q > 255)
        q = 255;
    return (uint8_t)(q & 0xFF);
#else
    return (uint8_t)(q < 0 ? 0 : q > 255 ? 255 : q);
#endif
}

static int32_t bias_at(const uint8_t *p)
{
    return tvae_rd_i32(p);
}

static acc_t start(int32_t bias)
{
#ifdef MUTANT_ACC16
    return acc_add(0, bias);
#else
    return bias;
#endif
}

static void mut_dense(const tvae_layer *l, const int8_t *z, unsigned pips, uint8_t *out)
{
    unsigned n = l->out_h * l->out_w * l->out_c, o, i;
    for (o = 0; o < n; o++) {
        acc_t acc = start(bias_at(l->bias + 4u * ((pips - 1u) * n + o)));
        for (i = 0; i < l->in_c; i++)
            acc = acc_add(acc, (int32_t)tvae_rd_i8(l->weights + o * l->in_c + i) * z[i]);
        out[o] = mut_requantize(acc, tvae_rd_u16(l->mult + 2u * (o % l->out_c)),
                                l->shift[o % l->out_c]);
    }
}

static void mut_conv_any(const tvae_layer *l, const uint8_t *in, uint8_t *out)
{
    int s = l->kind == TVAE_LAYER_CONVT_S2 ? 2 : 1;
    int oy, ox, ky, kx;
    unsigned co, ci;
    uint8_t *o = out;
#ifdef MUTANT_CONVT_PAD
    const int pad = 0;
#else
    const int pad = 1;
#endif

    for (oy = 0; oy < (int)l->out_h; oy++)
        for (ox = 0; ox < (int)l->out_w; ox++)
            for (co = 0; co < l->out_c; co++) {
                acc_t acc = start(bias_at(l->bias + 4u * co));
                for (ky = 0; ky < 3; ky++)
                    for (kx = 0; kx < 3; kx++) {
                        int iy, ix;
                        if (l->kind == TVAE_LAYER_CONV) {
                            iy = oy + ky - 1;
                            ix = ox + kx - 1;
                        } else {
                            /* oy = s*iy - pad + ky */
                            int ty = oy + pad - ky, tx = ox + pad - kx;
                            if (ty < 0 || tx < 0 || ty % s != 0 || tx % s != 0)
                                continue;
                            iy = ty / s;
                            ix = tx / s;
                        }
                        if (iy < 0 || ix < 0 || iy >= (int)l->in_h || ix >= (int)l->in_w)
                            continue;
                        for (ci = 0; ci < l->in_c; ci++)
                            acc = acc_add(acc, (int32_t)tvae_rd_i8(l->weights
                                      + ((co * 3u + (unsigned)ky) * 3u + (unsigned)kx) * l->in_c + ci)
                                    * (int32_t)in[((unsigned)iy * l->in_w + (unsigned)ix) * l->in_c + ci]);
                    }
                *o++ = mut_requantize(acc, tvae_rd_u16(l->mult + 2u * co), l->shift[co]);
            }
}

int wrong_decode(const tvae_model *m, const int8_t *z, unsigned pips, void *scratch,
                 size_t scratch_size, uint8_t *pixels, tvae_layer_fn cb, void *ctx);

/* Two 64 x 16 x 16 buffers: more than any layer needs; scratch is unused. */
static uint8_t buf_a[64u * 16u * 16u], buf_b[64u * 16u * 16u];

int wrong_decode(const tvae_model *m, const int8_t *z, unsigned pips, void *scratch,
                 size_t scratch_size, uint8_t *pixels, tvae_layer_fn cb, void *ctx)
{
    unsigned n, k;
    const uint8_t *in = NULL;
    (void)scratch;
    (void)scratch_size;
    if (m == NULL || z == NULL || pixels == NULL)
        return TVAE_E_ARGUMENT;
    if (pips < 1 || pips > 6)
        return TVAE_E_PIPS;
    n = tvae_model_layer_count(m);
    for (k = 0; k < n; k++) {
        tvae_layer l;
        uint8_t *out = k + 1 == n ? pixels : (k % 2 ? buf_b : buf_a);
        tvae_model_layer(m, k, &l);
        if (l.kind == TVAE_LAYER_DENSE)
            mut_dense(&l, z, pips, out);
        else
            mut_conv_any(&l, in, out);
        if (cb != NULL)
            cb(ctx, k, &l, out);
        in = out;
    }
    return TVAE_OK;
}
