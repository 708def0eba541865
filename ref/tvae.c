/*
 * tvae.c -- the tvae reference decoder (tvae specification 1.0).
 *
 * This file is the specification in code.  Every function names the
 * section of spec/tvae-spec.md it implements.  It is written to be read
 * and checked by eye, not to be fast; ports/ hold the fast versions.
 *
 * Portability rules kept throughout (spec 1.3):
 *  - no right shift of a negative value, no signed overflow, no
 *    conversion of an out-of-range value to a signed type;
 *  - no reliance on int being 32 bits: every product that can exceed
 *    16 bits is computed in int32_t/uint32_t/int64_t explicitly;
 *  - model bytes are read only through TVAE_READ_BYTE, so a port can
 *    keep the model in a separate flash address space (AVR PROGMEM).
 */
#include "tvae.h"

#ifndef TVAE_READ_BYTE
#define TVAE_READ_BYTE(p) (*(p))
#endif

/* ---------------------------------------------------------------- */
/* spec 4.1: byte order                                               */
/* ---------------------------------------------------------------- */

static uint8_t rd_u8(const uint8_t *p)
{
    return (uint8_t)TVAE_READ_BYTE(p);
}

uint16_t tvae_rd_u16(const uint8_t *p)
{
    return (uint16_t)((unsigned)rd_u8(p) | ((unsigned)rd_u8(p + 1) << 8));
}

static uint32_t rd_u32(const uint8_t *p)
{
    return (uint32_t)rd_u8(p)
         | ((uint32_t)rd_u8(p + 1) << 8)
         | ((uint32_t)rd_u8(p + 2) << 16)
         | ((uint32_t)rd_u8(p + 3) << 24);
}

int32_t tvae_rd_i32(const uint8_t *p)
{
    uint32_t u = rd_u32(p);
    /* Two's complement decode without an out-of-range conversion. */
    if (u & 0x80000000UL)
        return -(int32_t)(~u) - 1;
    return (int32_t)u;
}

int tvae_rd_i8(const uint8_t *p)
{
    int b = rd_u8(p);
    return b >= 128 ? b - 256 : b;
}

/* spec 4.1: CRC-32, IEEE 802.3 polynomial, reflected (0xEDB88320),
 * initial value and final XOR 0xFFFFFFFF.  CRC-32("123456789") = 0xCBF43926. */
uint32_t tvae_crc32(const uint8_t *data, size_t size)
{
    uint32_t crc = 0xFFFFFFFFUL;
    size_t i;
    unsigned bit;

    for (i = 0; i < size; i++) {
        crc ^= rd_u8(data + i);
        for (bit = 0; bit < 8; bit++) {
            if (crc & 1u)
                crc = (crc >> 1) ^ 0xEDB88320UL;
            else
                crc >>= 1;
        }
    }
    return crc ^ 0xFFFFFFFFUL;
}

/* ---------------------------------------------------------------- */
/* spec 5.1: the requantization rule                                  */
/* ---------------------------------------------------------------- */

/*
 * y = clamp(floor((acc * M + 2^(S-1)) / 2^S), lo, hi)
 * with 0 <= M <= 65535 and 1 <= S <= 40: one rounding, half toward +inf.
 * |acc * M| < 2^47, so the sum fits int64_t with room to spare.  The
 * floor division is done on magnitudes because C does not define >> of a
 * negative value.
 */
int32_t tvae_requantize(int32_t acc, uint16_t mult, unsigned shift,
                        int32_t lo, int32_t hi)
{
    int64_t p = (int64_t)acc * (int64_t)mult + ((int64_t)1 << (shift - 1u));
    int64_t q;

    if (p >= 0) {
        q = (int64_t)((uint64_t)p >> shift);
    } else {
        uint64_t mag = (uint64_t)0 - (uint64_t)p; /* |p| */
        /* floor(p / 2^S) = -ceil(|p| / 2^S) */
        q = -(int64_t)((mag + (((uint64_t)1 << shift) - 1u)) >> shift);
    }
    if (q < lo)
        return lo;
    if (q > hi)
        return hi;
    return (int32_t)q;
}

static uint8_t requantize_pixel(const tvae_layer *l, unsigned c, int32_t acc)
{
    /* spec 5.1: every layer's output is uint8, clamp [0, 255] (ReLU fused). */
    return (uint8_t)tvae_requantize(acc, tvae_rd_u16(l->mult + 2u * c),
                                    rd_u8(l->shift + c), 0, 255);
}

/* ---------------------------------------------------------------- */
/* spec 5.2-5.4: the operators                                        */
/* ---------------------------------------------------------------- */

/* spec 5.2: dense.  The one-hot of the pip count selects one of six
 * per-pip bias columns; the latent is multiplied in as int8. */
void tvae_dense(const tvae_layer *l, const int8_t *latent, unsigned pips,
                uint8_t *out)
{
    size_t n = (size_t)l->out_h * l->out_w * l->out_c;
    const uint8_t *bias = l->bias + (size_t)(pips - 1u) * n * 4u;
    size_t o;
    unsigned i;

    for (o = 0; o < n; o++) {
        int32_t acc = tvae_rd_i32(bias + 4u * o);
        const uint8_t *w = l->weights + o * l->in_c;
        for (i = 0; i < l->in_c; i++)
            acc += (int32_t)tvae_rd_i8(w + i) * (int32_t)latent[i];
        out[o] = requantize_pixel(l, (unsigned)(o % l->out_c), acc);
    }
}

/* Dot product of the in_c weights of one kernel tap with one input pixel. */
static int32_t tap(const tvae_layer *l, const uint8_t *in, unsigned co,
                   unsigned ky, unsigned kx, unsigned iy, unsigned ix)
{
    const uint8_t *w = l->weights
                     + (((size_t)co * 3u + ky) * 3u + kx) * l->in_c;
    const uint8_t *a = in + ((size_t)iy * l->in_w + ix) * l->in_c;
    int32_t acc = 0;
    unsigned ci;

    for (ci = 0; ci < l->in_c; ci++)
        acc += (int32_t)tvae_rd_i8(w + ci) * (int32_t)a[ci];
    return acc;
}

/*
 * spec 5.3: input position of kernel tap k for output position o in one
 * dimension of a transposed convolution with stride s and padding 1:
 * o = s*i - 1 + k, so i = (o + 1 - k) / s when that is a whole number in
 * [0, n).  Returns n when the tap falls outside (no contribution).
 */
static unsigned convt_source(unsigned o, unsigned k, unsigned s, unsigned n)
{
    unsigned t;

    if (o + 1u < k)
        return n;
    t = o + 1u - k;
    if (t % s != 0u || t / s >= n)
        return n;
    return t / s;
}

/* spec 5.3: ConvTranspose 3x3, stride 2 (pad 1, output pad 1) or 1 (pad 1). */
void tvae_convt(const tvae_layer *l, const uint8_t *in, uint8_t *out)
{
    unsigned s = l->kind == TVAE_LAYER_CONVT_S2 ? 2u : 1u;
    unsigned oy, ox, co, ky, kx;
    size_t o = 0;

    for (oy = 0; oy < l->out_h; oy++) {
        for (ox = 0; ox < l->out_w; ox++) {
            for (co = 0; co < l->out_c; co++) {
                int32_t acc = tvae_rd_i32(l->bias + 4u * co);
                for (ky = 0; ky < 3u; ky++) {
                    unsigned iy = convt_source(oy, ky, s, l->in_h);
                    if (iy == l->in_h)
                        continue;
                    for (kx = 0; kx < 3u; kx++) {
                        unsigned ix = convt_source(ox, kx, s, l->in_w);
                        if (ix == l->in_w)
                            continue;
                        acc += tap(l, in, co, ky, kx, iy, ix);
                    }
                }
                out[o++] = requantize_pixel(l, co, acc);
            }
        }
    }
}

/* spec 5.4: input position of tap k for output o of a stride-1, pad-1
 * convolution (cross-correlation): i = o + k - 1, or n when outside. */
static unsigned conv_source(unsigned o, unsigned k, unsigned n)
{
    if (o + k < 1u || o + k - 1u >= n)
        return n;
    return o + k - 1u;
}

/* spec 5.4: Conv 3x3, stride 1, pad 1. */
void tvae_conv(const tvae_layer *l, const uint8_t *in, uint8_t *out)
{
    unsigned oy, ox, co, ky, kx;
    size_t o = 0;

    for (oy = 0; oy < l->out_h; oy++) {
        for (ox = 0; ox < l->out_w; ox++) {
            for (co = 0; co < l->out_c; co++) {
                int32_t acc = tvae_rd_i32(l->bias + 4u * co);
                for (ky = 0; ky < 3u; ky++) {
                    unsigned iy = conv_source(oy, ky, l->in_h);
                    if (iy == l->in_h)
                        continue;
                    for (kx = 0; kx < 3u; kx++) {
                        unsigned ix = conv_source(ox, kx, l->in_w);
                        if (ix == l->in_w)
                            continue;
                        acc += tap(l, in, co, ky, kx, iy, ix);
                    }
                }
                out[o++] = requantize_pixel(l, co, acc);
            }
        }
    }
}

/* ---------------------------------------------------------------- */
/* spec 4: the model file                                             */
/* ---------------------------------------------------------------- */

/* spec 4.4: bytes of a layer's parameter block, before padding. */
static uint32_t param_bytes(unsigned kind, uint32_t in_c, uint32_t out_c,
                            uint32_t out_hw)
{
    if (kind == TVAE_LAYER_DENSE)
        return (uint32_t)TVAE_PIPS * out_hw * out_c * 4u /* per-pip bias */
             + out_c * 3u                                /* mult, shift  */
             + out_hw * out_c * in_c;                    /* weights      */
    return out_c * 4u + out_c * 3u + out_c * 9u * in_c;
}

static uint32_t align4(uint32_t x)
{
    return (x + 3u) & ~(uint32_t)3u;
}

/* spec 4.3: the layer view; trusts a validated model. */
void tvae_model_layer(const tvae_model *model, unsigned index, tvae_layer *l)
{
    const uint8_t *d = model->blob + TVAE_HEADER_SIZE
                     + (size_t)index * TVAE_LAYER_DESC_SIZE;
    const uint8_t *block = model->blob + rd_u32(d + 8);
    size_t nbias;

    l->kind = rd_u8(d);
    l->in_c = rd_u8(d + 2);
    l->out_c = rd_u8(d + 3);
    l->in_h = rd_u8(d + 4);
    l->in_w = rd_u8(d + 5);
    l->out_h = rd_u8(d + 6);
    l->out_w = rd_u8(d + 7);
    nbias = l->kind == TVAE_LAYER_DENSE
          ? (size_t)TVAE_PIPS * l->out_h * l->out_w * l->out_c
          : (size_t)l->out_c;
    l->bias = block;
    l->mult = block + 4u * nbias;
    l->shift = l->mult + 2u * l->out_c;
    l->weights = l->shift + l->out_c;
}

unsigned tvae_model_latent_len(const tvae_model *model)
{
    return rd_u8(model->blob + 16);
}

unsigned tvae_model_layer_count(const tvae_model *model)
{
    return rd_u8(model->blob + 17);
}

unsigned tvae_model_latent_frac(const tvae_model *model)
{
    return rd_u8(model->blob + 18);
}

unsigned tvae_model_roll_kind(const tvae_model *model)
{
    return rd_u8(model->blob + 19);
}

unsigned tvae_model_roll_mult(const tvae_model *model)
{
    return tvae_rd_u16(model->blob + 20);
}

unsigned tvae_model_roll_shift(const tvae_model *model)
{
    return rd_u8(model->blob + 22);
}

uint32_t tvae_model_crc(const tvae_model *model)
{
    return rd_u32(model->blob + 12);
}

/* spec 4.5: which kind each position of the layer list must hold. */
static unsigned expected_kind(unsigned index, unsigned count)
{
    if (index == 0u)
        return TVAE_LAYER_DENSE;
    if (index <= 2u || index == count - 1u)
        return TVAE_LAYER_CONVT_S2;
    if (index == 3u)
        return TVAE_LAYER_CONVT_S1;
    return TVAE_LAYER_CONV;
}

/* spec 4.5 rules 12-15: one layer descriptor against the family. */
static int check_layer_shape(const tvae_layer *l, const tvae_layer *prev,
                             unsigned index, unsigned count)
{
    if (l->kind != expected_kind(index, count))
        return TVAE_E_LAYER_KIND;
    if (l->in_c < 1u || l->in_c > TVAE_MAX_CHANNELS
        || l->out_c < 1u || l->out_c > TVAE_MAX_CHANNELS)
        return TVAE_E_CHANNELS;
    if (index == count - 1u && l->out_c != 1u)
        return TVAE_E_CHANNELS;
    if (l->kind == TVAE_LAYER_CONV && l->out_c != l->in_c)
        return TVAE_E_CHANNELS;
    switch (l->kind) {
    case TVAE_LAYER_DENSE:
        if (l->out_h != 4u || l->out_w != 4u)
            return TVAE_E_SHAPE;
        break;
    case TVAE_LAYER_CONVT_S2:
        if (l->out_h != 2u * l->in_h || l->out_w != 2u * l->in_w)
            return TVAE_E_SHAPE;
        break;
    default: /* CONVT_S1, CONV */
        if (l->out_h != l->in_h || l->out_w != l->in_w)
            return TVAE_E_SHAPE;
        break;
    }
    /* The dense layer's "previous output" is the latent, L x 1 x 1. */
    if (l->in_c != prev->out_c || l->in_h != prev->out_h
        || l->in_w != prev->out_w)
        return TVAE_E_CHAIN;
    return TVAE_OK;
}

/* spec 4.5 rules 19-21: the values inside one parameter block. */
static int check_layer_values(const tvae_layer *l)
{
    uint32_t nbias = l->kind == TVAE_LAYER_DENSE
                   ? (uint32_t)TVAE_PIPS * l->out_h * l->out_w * l->out_c
                   : (uint32_t)l->out_c;
    uint32_t nweights = l->kind == TVAE_LAYER_DENSE
                      ? (uint32_t)l->out_h * l->out_w * l->out_c * l->in_c
                      : (uint32_t)l->out_c * 9u * l->in_c;
    uint32_t i;

    for (i = 0; i < nbias; i++) {
        int32_t b = tvae_rd_i32(l->bias + 4u * i);
        if (b > TVAE_BIAS_LIMIT || b < -TVAE_BIAS_LIMIT)
            return TVAE_E_BIAS;
    }
    for (i = 0; i < l->out_c; i++) {
        unsigned s = rd_u8(l->shift + i);
        if (s < 1u || s > TVAE_MAX_SHIFT)
            return TVAE_E_SHIFT;
    }
    for (i = 0; i < nweights; i++) {
        if (rd_u8(l->weights + i) == 0x80u)
            return TVAE_E_WEIGHT;
    }
    return TVAE_OK;
}

/* spec 4.5: the validator.  Rules are checked in the order the spec lists
 * them and the first one broken is reported. */
int tvae_model_validate(tvae_model *model, const uint8_t *blob, size_t size)
{
    uint32_t file_size, expect_off, i;
    unsigned count, latent, k;
    tvae_model m;
    tvae_layer cur, prev;
    int rc;

    if (model == NULL || blob == NULL)
        return TVAE_E_ARGUMENT;
    /* rules 1-6: header */
    if (size < TVAE_HEADER_SIZE)
        return TVAE_E_TRUNCATED;
    if (rd_u8(blob) != 'T' || rd_u8(blob + 1) != 'V'
        || rd_u8(blob + 2) != 'A' || rd_u8(blob + 3) != 'E')
        return TVAE_E_MAGIC;
    if (rd_u8(blob + 4) != TVAE_VERSION_MAJOR
        || rd_u8(blob + 5) > TVAE_VERSION_MINOR)
        return TVAE_E_VERSION;
    file_size = rd_u32(blob + 8);
    if (file_size > size)
        return TVAE_E_TRUNCATED;
    if (file_size < size || (file_size & 3u) != 0u)
        return TVAE_E_FILE_SIZE;
    if (tvae_crc32(blob + 16, size - 16u) != rd_u32(blob + 12))
        return TVAE_E_CRC;
    if (tvae_rd_u16(blob + 6) != 0u || rd_u8(blob + 23) != 0u)
        return TVAE_E_RESERVED;
    for (i = 24; i < TVAE_HEADER_SIZE; i++)
        if (rd_u8(blob + i) != 0u)
            return TVAE_E_RESERVED;
    /* rules 7-10: model-wide fields */
    latent = rd_u8(blob + 16);
    count = rd_u8(blob + 17);
    if (latent < 1u || latent > TVAE_MAX_LATENT)
        return TVAE_E_LATENT_LEN;
    if (count < TVAE_MIN_LAYERS || count > TVAE_MAX_LAYERS)
        return TVAE_E_LAYER_COUNT;
    if (rd_u8(blob + 18) > TVAE_MAX_LATENT_FRAC)
        return TVAE_E_LATENT_FRAC;
    if (rd_u8(blob + 19) > TVAE_ROLL_BELL
        || rd_u8(blob + 22) < 1u || rd_u8(blob + 22) > TVAE_MAX_SHIFT)
        return TVAE_E_ROLL;
    /* rule 11: the layer table fits */
    expect_off = TVAE_HEADER_SIZE + (uint32_t)count * TVAE_LAYER_DESC_SIZE;
    if (expect_off > file_size)
        return TVAE_E_TRUNCATED;

    m.blob = blob;
    m.size = file_size;
    cur.kind = cur.in_c = cur.in_h = cur.in_w = 0;
    cur.out_c = cur.out_h = cur.out_w = 0;
    cur.bias = cur.mult = cur.shift = cur.weights = NULL;
    prev = cur;
    prev.out_c = latent;
    prev.out_h = 1;
    prev.out_w = 1;
    /* rules 12-18: every descriptor and where its block sits */
    for (k = 0; k < count; k++) {
        const uint8_t *d = blob + TVAE_HEADER_SIZE
                         + (size_t)k * TVAE_LAYER_DESC_SIZE;
        uint32_t off = rd_u32(d + 8), len = rd_u32(d + 12);

        cur.kind = rd_u8(d);
        cur.in_c = rd_u8(d + 2);
        cur.out_c = rd_u8(d + 3);
        cur.in_h = rd_u8(d + 4);
        cur.in_w = rd_u8(d + 5);
        cur.out_h = rd_u8(d + 6);
        cur.out_w = rd_u8(d + 7);
        if (rd_u8(d + 1) != 0u)
            return TVAE_E_RESERVED;
        rc = check_layer_shape(&cur, &prev, k, count);
        if (rc != TVAE_OK)
            return rc;
        if (off != expect_off)
            return TVAE_E_OFFSET;
        if (len != param_bytes(cur.kind, cur.in_c, cur.out_c,
                               (uint32_t)cur.out_h * cur.out_w)
            || len > file_size - off)
            return TVAE_E_PARAM_SIZE;
        /* padding after the block up to the next multiple of 4 */
        /* (file_size is a multiple of 4, so the padding is inside it) */
        for (i = off + len; i < align4(off + len); i++)
            if (rd_u8(blob + i) != 0u)
                return TVAE_E_RESERVED;
        expect_off = align4(off + len);
        prev = cur;
    }
    if (expect_off != file_size)
        return TVAE_E_FILE_SIZE;
    /* rules 19-21: parameter values */
    for (k = 0; k < count; k++) {
        tvae_model_layer(&m, k, &cur);
        rc = check_layer_values(&cur);
        if (rc != TVAE_OK)
            return rc;
    }
    *model = m;
    return TVAE_OK;
}

/* ---------------------------------------------------------------- */
/* spec 5.6: decoding a whole image                                   */
/* ---------------------------------------------------------------- */

static size_t layer_out_bytes(const tvae_layer *l)
{
    return (size_t)l->out_c * l->out_h * l->out_w;
}

/* Layer k (not the last) writes at the low end of scratch when k is even
 * and at the high end when k is odd, so that each layer's input and output
 * never overlap when their sum fits. */
size_t tvae_scratch_size(const tvae_model *model)
{
    unsigned count = tvae_model_layer_count(model), k;
    size_t need = 0, prev_bytes = 0;
    tvae_layer l;

    for (k = 0; k + 1u < count; k++) {
        size_t bytes;
        tvae_model_layer(model, k, &l);
        bytes = layer_out_bytes(&l);
        if (prev_bytes + bytes > need)
            need = prev_bytes + bytes;
        prev_bytes = bytes;
    }
    return need;
}

int tvae_decode(const tvae_model *model, const int8_t *latent, unsigned pips,
                void *scratch, size_t scratch_size,
                uint8_t pixels[TVAE_PIXELS],
                tvae_layer_fn on_layer, void *ctx)
{
    uint8_t *buf = (uint8_t *)scratch;
    const uint8_t *in = NULL;
    unsigned count, k;
    tvae_layer l;

    if (model == NULL || model->blob == NULL || latent == NULL
        || scratch == NULL || pixels == NULL)
        return TVAE_E_ARGUMENT;
    if (pips < 1u || pips > TVAE_PIPS)
        return TVAE_E_PIPS;
    if (scratch_size < tvae_scratch_size(model))
        return TVAE_E_SCRATCH;

    count = tvae_model_layer_count(model);
    for (k = 0; k < count; k++) {
        uint8_t *out;
        tvae_model_layer(model, k, &l);
        if (k + 1u == count)
            out = pixels;
        else if (k % 2u == 0u)
            out = buf;
        else
            out = buf + scratch_size - layer_out_bytes(&l);

        if (l.kind == TVAE_LAYER_DENSE)
            tvae_dense(&l, latent, pips, out);
        else if (l.kind == TVAE_LAYER_CONV)
            tvae_conv(&l, in, out);
        else
            tvae_convt(&l, in, out);
        if (on_layer != NULL)
            on_layer(ctx, k, &l, out);
        in = out;
    }
    return TVAE_OK;
}

/* ---------------------------------------------------------------- */
/* spec 6: the roll profile                                           */
/* ---------------------------------------------------------------- */

/* spec 6.1: xorshift32 (Marsaglia 2003, shifts 13, 17, 5). */
uint32_t tvae_roll_next(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* MurmurHash3's 32-bit finaliser: a bijection on 32-bit words that
 * maps 0 to 0 and spreads every input bit over the output. */
static uint32_t fmix32(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85EBCA6BUL;
    h ^= h >> 13;
    h *= 0xC2B2AE35UL;
    h ^= h >> 16;
    return h;
}

/* spec 6.2-6.4 */
int tvae_roll(const tvae_model *model, uint32_t seed,
              unsigned *pips, int8_t *latent)
{
    /* spec 6.1: small seeds would start xorshift32 on a few set bits,
     * so the seed is scrambled first; fmix32 is a bijection and only 0
     * maps to the forbidden all-zero state. */
    uint32_t state = seed != 0u ? fmix32(seed) : 0x6D2B79F5UL;
    unsigned latent_len, kind, shift, i;
    uint16_t mult;

    if (model == NULL || model->blob == NULL || pips == NULL || latent == NULL)
        return TVAE_E_ARGUMENT;
    latent_len = tvae_model_latent_len(model);
    /* the header fields of tvae_model_roll_kind/_mult/_shift, read here
     * directly so that a firmware calling only tvae_roll links none of
     * the accessors (-ffunction-sections) */
    kind = rd_u8(model->blob + 19);
    mult = tvae_rd_u16(model->blob + 20);
    shift = rd_u8(model->blob + 22);

    /* spec 6.2: pips = 1 + floor(6 * (u >> 16) / 2^16) */
    *pips = 1u + (unsigned)(((tvae_roll_next(&state) >> 16) * 6u) >> 16);
    for (i = 0; i < latent_len; i++) {
        uint32_t u = tvae_roll_next(&state);
        int32_t v;
        if (kind == TVAE_ROLL_UNIFORM) /* spec 6.3: v in [-128, 127] */
            v = (int32_t)(u >> 24) - 128;
        else                           /* spec 6.3: v in [-510, 510] */
            v = (int32_t)((u & 0xFFu) + ((u >> 8) & 0xFFu)
                          + ((u >> 16) & 0xFFu) + (u >> 24)) - 510;
        latent[i] = (int8_t)tvae_requantize(v, mult, shift, -128, 127);
    }
    return TVAE_OK;
}

/* ---------------------------------------------------------------- */
/* spec 9.2: layer hash                                               */
/* ---------------------------------------------------------------- */

/* mix(i, v) = fmix32((i * 256 + v) XOR 0x9E3779B9), MurmurHash3's finaliser. */
uint32_t tvae_hash_element(uint32_t index, uint8_t value)
{
    return fmix32(((index << 8) | value) ^ 0x9E3779B9UL);
}

/* The sum, modulo 2^32, of mix(i, v_i) over the layer's elements in HWC
 * index order; any order of summation gives the same value. */
uint32_t tvae_layer_hash(const uint8_t *act, uint32_t count)
{
    uint32_t h = 0, i;

    for (i = 0; i < count; i++)
        h += tvae_hash_element(i, act[i]);
    return h;
}

/* ---------------------------------------------------------------- */

const char *tvae_strerror(int status)
{
    switch (status) {
    case TVAE_OK:            return "success";
    case TVAE_E_ARGUMENT:    return "invalid argument";
    case TVAE_E_TRUNCATED:   return "model truncated";
    case TVAE_E_MAGIC:       return "not a tvae model (bad magic)";
    case TVAE_E_VERSION:     return "unsupported model format version";
    case TVAE_E_FILE_SIZE:   return "file size field disagrees with the content";
    case TVAE_E_CRC:         return "CRC-32 mismatch";
    case TVAE_E_RESERVED:    return "reserved field or padding not zero";
    case TVAE_E_LATENT_LEN:  return "latent length out of range";
    case TVAE_E_LAYER_COUNT: return "layer count out of range";
    case TVAE_E_LATENT_FRAC: return "latent fraction bits out of range";
    case TVAE_E_ROLL:        return "roll profile parameters out of range";
    case TVAE_E_LAYER_KIND:  return "layer kind not allowed at this position";
    case TVAE_E_CHANNELS:    return "channel count out of range";
    case TVAE_E_SHAPE:       return "layer spatial size out of family";
    case TVAE_E_CHAIN:       return "layer input does not match previous output";
    case TVAE_E_OFFSET:      return "parameter block offset not canonical";
    case TVAE_E_PARAM_SIZE:  return "parameter block size wrong";
    case TVAE_E_WEIGHT:      return "weight -128 not allowed";
    case TVAE_E_BIAS:        return "bias out of range";
    case TVAE_E_SHIFT:       return "requantization shift out of range";
    case TVAE_E_PIPS:        return "pip count out of range";
    case TVAE_E_SCRATCH:     return "scratch buffer too small";
    default:                 return "unknown status";
    }
}
