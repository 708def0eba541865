/*
 * tvae_stream.c -- depth-first (streaming) tvae decoder.  See tvae_stream.h.
 *
 * Why this is exact: spec 5.7 proves that no partial sum of any
 * accumulator overflows int32 in any order, so computing each output
 * element from rows kept in small windows gives the bits of the
 * layer-by-layer reference.  The host test (ports/common/test_stream.c)
 * checks it on random models, the golden vectors and the layer hashes.
 *
 * How rows flow: layer k's output rows live in a ring of W_k rows, W_k
 * being what the next layer's 3x3 taps need at once (spec 5.3: an output
 * row of a stride-2 transposed convolution reads input rows m and m+1, so
 * W = 2; stride 1 and the plain convolution read rows y-1, y, y+1, so
 * W = 3).  run() makes the last layer produce its rows, every layer
 * producing an input row just before its consumer needs it.  Every row
 * of every layer is produced exactly once, in order, so the layer hashes
 * can be summed as the elements appear (spec 9.2).
 */
#include "tvae_stream.h"

#ifndef TVAE_READ_BYTE
#define TVAE_READ_BYTE(p) (*(p))
#endif

#ifndef TVAE_STREAM_DOT
#define TVAE_STREAM_DOT(w, a, n) tvae_stream_dot((w), (a), (n))
#endif

/* 16 x 16 -> 32-bit unsigned product; a port may supply a faster one
 * (avr-gcc -Os calls its 32 x 32 routine for the plain C form). */
#ifndef TVAE_STREAM_MUL_U16
#define TVAE_STREAM_MUL_U16(a, b) ((uint32_t)(a) * (uint32_t)(b))
#endif

/* The longest run TVAE_STREAM_DOT is given: in_c (<= 64) terms, or, when
 * a port's kernel allows more (AVR: 192), consecutive taps joined. */
#ifndef TVAE_STREAM_DOT_MAX_N
#define TVAE_STREAM_DOT_MAX_N 64u
#endif

#define IMAGE_SIDE TVAE_IMAGE_SIDE

/* Per-layer bookkeeping; lives on the stack of tvae_stream_decode, so
 * it is kept to 4 bytes a layer (a 2 KB part counts every one): a row's
 * size comes from the layer view when it is needed, and whether layer k
 * upsamples from the window of layer k - 1 (window_for). */
typedef struct stream_layer {
    uint16_t ring;      /* offset of the layer's output ring in work */
    uint8_t window;     /* rows in the ring                           */
    uint8_t next;       /* next output row to produce                 */
} stream_layer;

/* Where a tap's input values start: a pointer (the fastest), or, with
 * TVAE_STREAM_TAP_OFFSETS (the RV32EC port's builds), a 16-bit offset into
 * the work memory (under 17 KB at the spec limits).  Where pointers are 32
 * bits wide that saves stack for a few more instructions: dice-8_8_8_8-x2
 * on RV32EC peaks at 2036 bytes instead of 2048, for 0.6% more
 * instructions, and so fits a 2 KB CH32V003. */
#ifdef TVAE_STREAM_TAP_OFFSETS
typedef uint16_t tap_ref;
#define TAP_REF(work, off) ((tap_ref)(off))
#define TAP_ADDR(work, ref) ((work) + (ref))
#else
typedef const uint8_t *tap_ref;
#define TAP_REF(work, off) ((const uint8_t *)(work) + (off))
#define TAP_ADDR(work, ref) (ref)
#endif

/* Keep the layer view (a few dozen bytes) out of the recursive frames. */
#if defined(__GNUC__)
#define TVAE_NOINLINE __attribute__((noinline))
#else
#define TVAE_NOINLINE
#endif

typedef struct stream {
    const tvae_model *model;
    const int8_t *latent;
    unsigned pips;
    uint8_t *work;
    uint32_t *hashes;
    tvae_row_fn row;
    void *ctx;
    unsigned count;
    stream_layer layer[TVAE_MAX_LAYERS];
} stream;

static uint8_t rd_u8(const uint8_t *p)
{
    return (uint8_t)TVAE_READ_BYTE(p);
}

static int rd_i8(const uint8_t *p)
{
    int b = rd_u8(p);
    return b >= 128 ? b - 256 : b;
}

static uint16_t rd_u16(const uint8_t *p)
{
    return (uint16_t)((unsigned)rd_u8(p) | ((unsigned)rd_u8(p + 1) << 8));
}

static int32_t rd_i32(const uint8_t *p)
{
    uint32_t u = (uint32_t)rd_u8(p) | ((uint32_t)rd_u8(p + 1) << 8)
               | ((uint32_t)rd_u8(p + 2) << 16)
               | ((uint32_t)rd_u8(p + 3) << 24);
    if (u & 0x80000000UL)
        return -(int32_t)(~u) - 1;
    return (int32_t)u;
}

/* ---------------------------------------------------------------- */
/* spec 5.1 with lo = 0, hi = 255, in 32-bit words                    */
/* ---------------------------------------------------------------- */

/* x >> k for 0 <= k <= 31, whole bytes first: on 8-bit cores a variable
 * shift is a loop of k single-bit steps. */
static uint32_t shr32(uint32_t x, unsigned k)
{
    if (k >= 16u) {
        x >>= 16;
        k -= 16u;
    }
    if (k >= 8u) {
        x >>= 8;
        k -= 8u;
    }
    return x >> k;
}

/* S <= 16 (rare: exporters choose the largest S, spec 5.8): P = acc * M
 * = phi * 2^32 + plo exactly, then round and shift.  Out of line so that
 * the common path needs few registers. */
static TVAE_NOINLINE uint8_t requantize_small_shift(uint16_t al, uint16_t ah,
                                                   uint16_t mult,
                                                   unsigned shift)
{
    uint32_t lo, hi, plo, phi, t, q;

    lo = TVAE_STREAM_MUL_U16(al, mult);
    hi = TVAE_STREAM_MUL_U16(ah, mult); /* < 2^31 */
    plo = lo + (hi << 16);
    phi = (hi >> 16) + (plo < lo ? 1u : 0u);
    t = plo + ((uint32_t)1 << (shift - 1u));
    phi += t < plo ? 1u : 0u;
    plo = t;
    /* floor(P / 2^S) >= 2^(32-S) >= 2^16 when phi >> S is not 0 */
    if (shr32(phi, shift) != 0u)
        return 255;
    q = (phi << (32u - shift)) | shr32(plo, shift);
    return q > 255u ? (uint8_t)255 : (uint8_t)q;
}

uint8_t tvae_stream_requantize(int32_t acc, uint16_t mult, unsigned shift)
{
    uint32_t a, t, q;
    uint16_t al, ah;

    /* acc <= 0 (or M = 0): acc*M + 2^(S-1) <= 2^(S-1) < 2^S, so the
     * floor is <= 0 and the clamp gives 0. */
    if (acc <= 0 || mult == 0u)
        return 0;
    a = (uint32_t)acc; /* < 2^31 */
    al = (uint16_t)a;
    ah = (uint16_t)(a >> 16); /* < 2^15 */
    if (shift < 17u)
        return requantize_small_shift(al, ah, mult, shift);
    /* The usual case.  With P = acc * M = ah*M*2^16 + al*M and
     * R = 2^(S-1) a multiple of 2^16:
     *   floor((P + R) / 2^S) = floor((floor(P / 2^16) + R / 2^16)
     *                                 / 2^(S-16)),
     * and floor(P / 2^16) = ah*M + floor(al*M / 2^16) < 2^31 + 2^16.
     * Two 16x16 -> 32 products, no 48-bit arithmetic.  Then
     * floor((t + 2^u) / 2^(u+1)) = floor((floor(t / 2^u) + 1) / 2) with
     * u = S - 17: one variable shift. */
    t = TVAE_STREAM_MUL_U16(ah, mult) + (TVAE_STREAM_MUL_U16(al, mult) >> 16);
    q = (shr32(t, shift - 17u) + 1u) >> 1;
    return q > 255u ? (uint8_t)255 : (uint8_t)q;
}

int32_t tvae_stream_dot(const uint8_t *w, const uint8_t *a, unsigned n)
{
    int32_t acc = 0;

    /* |w * a| <= 127 * 255 fits a 16-bit int. */
    do {
        acc += rd_i8(w++) * (int)*a++;
    } while (--n != 0u);
    return acc;
}

/* (a * b) mod 2^32 from three 16 x 16 products (a 32 x 32 multiply is a
 * library call on AVR and RV32EC). */
static uint32_t mul32_lo(uint32_t a, uint32_t b)
{
    uint16_t a0 = (uint16_t)a, a1 = (uint16_t)(a >> 16);
    uint16_t b0 = (uint16_t)b, b1 = (uint16_t)(b >> 16);
    uint32_t cross = TVAE_STREAM_MUL_U16(a1, b0) + TVAE_STREAM_MUL_U16(a0, b1);
    return TVAE_STREAM_MUL_U16(a0, b0) + (cross << 16);
}

uint32_t tvae_stream_hash_element(uint32_t index, uint8_t value)
{
    /* spec 9.2: fmix32(((index * 256 + value) mod 2^32) XOR 0x9E3779B9) */
    uint32_t h = ((index << 8) | value) ^ 0x9E3779B9UL;
    h ^= h >> 16;
    h = mul32_lo(h, 0x85EBCA6BUL);
    h ^= h >> 13;
    h = mul32_lo(h, 0xC2B2AE35UL);
    h ^= h >> 16;
    return h;
}

/* ---------------------------------------------------------------- */
/* geometry                                                           */
/* ---------------------------------------------------------------- */

/* Rows of a layer's output its consumer needs at once (spec 5.3, 5.4):
 * 2 exactly when the consumer is a stride-2 transposed convolution. */
static unsigned window_for(unsigned consumer_kind)
{
    return consumer_kind == TVAE_LAYER_CONVT_S2 ? 2u : 3u;
}

/* Highest input row output row y of layer k reads (spec 5.3, 5.4).  The
 * input heights follow from the position (spec 2, forced by rules 14, 16
 * and 17 of 4.5): layer 1 reads 4 rows, layer 2 8, the others 16. */
static unsigned last_input_row(const stream *s, unsigned k, unsigned y)
{
    unsigned r, in_h = k == 1u ? 4u : k == 2u ? 8u : 16u;

    if (s->layer[k - 1u].window == 2u) /* layer k is TVAE_LAYER_CONVT_S2 */
        r = (y + 1u) / 2u; /* even 2m: m; odd 2m+1: m+1 */
    else
        r = y + 1u;
    return r < in_h ? r : in_h - 1u;
}

/*
 * Taps along one dimension: for output position o, the kernel indices k
 * and input positions i that contribute (at most 3).  spec 5.3: transposed
 * convolution, i = (o + 1 - k) / s when whole and inside; spec 5.4:
 * convolution, i = o + k - 1 when inside.  Returns the number of taps.
 */
static unsigned taps(unsigned kind, unsigned o, unsigned n,
                     uint8_t k_out[3], uint8_t i_out[3])
{
    unsigned k, count = 0;

    for (k = 0; k < 3u; k++) {
        unsigned t;
        if (kind == TVAE_LAYER_CONV) {
            if (o + k < 1u || o + k - 1u >= n)
                continue;
            t = o + k - 1u;
        } else {
            if (o + 1u < k)
                continue;
            t = o + 1u - k;
            if (kind == TVAE_LAYER_CONVT_S2) {
                if ((t & 1u) != 0u)
                    continue;
                t >>= 1; /* stride 2: i = (o + 1 - k) / 2 when even */
            }
            if (t >= n)
                continue;
        }
        k_out[count] = (uint8_t)k;
        i_out[count] = (uint8_t)t;
        count++;
    }
    return count;
}

/* ---------------------------------------------------------------- */
/* producing rows                                                     */
/* ---------------------------------------------------------------- */

/* Offset in work of row y of layer k's ring; row_bytes = that layer's
 * out_w * out_c (the caller has the layer view at hand, so the plan does
 * not keep it: a stack frame on a 2 KB part counts). */
static size_t ring_row(const stream *s, unsigned k, unsigned y,
                       unsigned row_bytes)
{
    const stream_layer *sl = &s->layer[k];
    return sl->ring + (size_t)(y % sl->window) * row_bytes;
}

static void emit(stream *s, unsigned k, const tvae_layer *l, unsigned y,
                 unsigned x, unsigned c, uint8_t *out, uint8_t v)
{
    out[(size_t)x * l->out_c + c] = v;
    if (s->hashes != NULL) {
        uint32_t index = ((uint32_t)y * l->out_w + x) * l->out_c + c;
        s->hashes[k] += tvae_stream_hash_element(index, v);
    }
}

/* spec 5.2: row y of the dense layer's 4 x 4 x out_c output. */
static void dense_row(stream *s, const tvae_layer *l, unsigned y, uint8_t *out)
{
    size_t n = (size_t)l->out_h * l->out_w * l->out_c;
    const uint8_t *bias = l->bias + (size_t)(s->pips - 1u) * n * 4u;
    unsigned x, c, i;

    for (x = 0; x < l->out_w; x++) {
        for (c = 0; c < l->out_c; c++) {
            size_t o = ((size_t)y * l->out_w + x) * l->out_c + c;
            const uint8_t *w = l->weights + o * l->in_c;
            int32_t acc = rd_i32(bias + 4u * o);
            for (i = 0; i < l->in_c; i++)
                acc += (int32_t)rd_i8(w + i) * s->latent[i];
            emit(s, 0, l, y, x, c, out,
                 tvae_stream_requantize(acc, rd_u16(l->mult + 2u * c),
                                        rd_u8(l->shift + c)));
        }
    }
}

/* spec 5.3, 5.4: row y of a (transposed) convolution, from the rows of
 * layer k-1 that are in its ring.  For each output column the taps that
 * fall inside the input (at most 9) are listed once, as (offset of the
 * tap's in_c weights inside one output channel's 3x3 x in_c block,
 * address of the in_c input values); every output channel then runs
 * through the same list. */
/* acc + the dot products of ntaps (>= 1) runs of run terms each; kept out
 * of line so that its few live values stay in registers on small cores. */
static TVAE_NOINLINE int32_t sum_taps(int32_t acc, const uint8_t *wc,
                                      const uint16_t *w_off,
                                      const uint8_t *work,
                                      const tap_ref *a_ref,
                                      unsigned ntaps, unsigned run)
{
    (void)work; /* unused when tap_ref is a pointer */
    do {
        acc += TVAE_STREAM_DOT(wc + *w_off++, TAP_ADDR(work, *a_ref++), run);
    } while (--ntaps != 0u);
    return acc;
}

static void conv_row(stream *s, unsigned k, const tvae_layer *l, unsigned y,
                     uint8_t *out)
{
    uint8_t ky[3], iy[3], kx[3], ix[3];
    tap_ref rows[3];
    uint16_t w_off[9];
    tap_ref a_ref[9];
    unsigned nky, nkx, ntaps, run, x, c, a, b;
    unsigned in_c = l->in_c;
    size_t tap_bytes = (size_t)9u * in_c;

    nky = taps(l->kind, y, l->in_h, ky, iy);
    for (a = 0; a < nky; a++)
        rows[a] = TAP_REF(s->work, ring_row(s, k - 1u, iy[a], l->in_w * in_c));
    for (x = 0; x < l->out_w; x++) {
        const uint8_t *wc = l->weights;
        nkx = taps(l->kind, x, l->in_w, kx, ix);
        ntaps = 0;
        if (l->kind == TVAE_LAYER_CONV && nkx * in_c <= TVAE_STREAM_DOT_MAX_N) {
            /* spec 5.4: the taps kx of one kernel row read inputs
             * ix = x + kx - 1, consecutive like the weights: one run of
             * nkx * in_c terms per kernel row gives the same sum. */
            for (a = 0; a < nky; a++) {
                w_off[a] = (uint16_t)((ky[a] * 3u + kx[0]) * in_c);
                a_ref[a] = (tap_ref)(rows[a] + ix[0] * in_c);
            }
            ntaps = nky;
            run = nkx * in_c;
        } else {
            for (a = 0; a < nky; a++)
                for (b = 0; b < nkx; b++) {
                    w_off[ntaps] = (uint16_t)((ky[a] * 3u + kx[b]) * in_c);
                    a_ref[ntaps] = (tap_ref)(rows[a] + ix[b] * in_c);
                    ntaps++;
                }
            run = in_c;
        }
        for (c = 0; c < l->out_c; c++, wc += tap_bytes) {
            int32_t acc = sum_taps(rd_i32(l->bias + 4u * c), wc, w_off,
                                   s->work, a_ref, ntaps, run);
            emit(s, k, l, y, x, c, out,
                 tvae_stream_requantize(acc, rd_u16(l->mult + 2u * c),
                                        rd_u8(l->shift + c)));
        }
    }
}

/* Compute row y of layer k into its ring (its inputs are there). */
static TVAE_NOINLINE void produce(stream *s, unsigned k, unsigned y)
{
    tvae_layer l;
    uint8_t *out;

    tvae_model_layer(s->model, k, &l);
    out = s->work + ring_row(s, k, y, l.out_w * l.out_c);
    if (l.kind == TVAE_LAYER_DENSE)
        dense_row(s, &l, y, out);
    else
        conv_row(s, k, &l, y, out);
    if (k + 1u == s->count)
        s->row(s->ctx, y, out);
}

/*
 * Produce all 32 image rows, without recursion (a port's stack is tiny).
 * Each step walks down from the last layer to the first one whose next
 * row has all its input rows, and produces that row.  This is the order
 * of "pull each input row just before it is needed", and it never
 * overwrites a row still needed: layer k only runs when layer k+1's next
 * row needs a row of k not yet produced, and the rows that next row needs
 * (and all later ones) lie within the W_k rows up to that one.
 */
static void run(stream *s)
{
    unsigned last = s->count - 1u;

    while (s->layer[last].next < IMAGE_SIDE) {
        unsigned k = last;
        while (k > 0u && s->layer[k - 1u].next
                             <= last_input_row(s, k, s->layer[k].next))
            k--;
        produce(s, k, s->layer[k].next);
        s->layer[k].next++;
    }
}

/* Fill s->layer from the model; returns the work bytes needed. */
static size_t plan(stream *s, const tvae_model *model)
{
    unsigned count = tvae_model_layer_count(model), k;
    size_t need = 0;
    tvae_layer l, next;

    s->count = count;
    for (k = 0; k < count; k++) {
        stream_layer *sl = &s->layer[k];
        tvae_model_layer(model, k, &l);
        if (k + 1u < count) {
            tvae_model_layer(model, k + 1u, &next);
            sl->window = (uint8_t)window_for(next.kind);
        } else {
            sl->window = 1; /* the image row handed to the callback */
        }
        sl->ring = (uint16_t)need;
        sl->next = 0;
        need += (size_t)sl->window * l.out_w * l.out_c;
    }
    return need;
}

size_t tvae_stream_work_size(const tvae_model *model)
{
    stream s;

    if (model == NULL || model->blob == NULL)
        return 0;
    return plan(&s, model);
}

int tvae_stream_decode(const tvae_model *model, const int8_t *latent,
                       unsigned pips, void *work, size_t work_size,
                       tvae_row_fn row, void *ctx, uint32_t *layer_hashes)
{
    stream s;
    unsigned k;

    if (model == NULL || model->blob == NULL || latent == NULL
        || work == NULL || row == NULL)
        return TVAE_E_ARGUMENT;
    if (pips < 1u || pips > TVAE_PIPS)
        return TVAE_E_PIPS;
    if (work_size < plan(&s, model))
        return TVAE_E_SCRATCH;
    s.model = model;
    s.latent = latent;
    s.pips = pips;
    s.work = (uint8_t *)work;
    s.hashes = layer_hashes;
    s.row = row;
    s.ctx = ctx;
    if (layer_hashes != NULL)
        for (k = 0; k < s.count; k++)
            layer_hashes[k] = 0;
    run(&s);
    return TVAE_OK;
}

/* ---------------------------------------------------------------- */

uint32_t tvae_stream_macs(const tvae_model *model)
{
    unsigned count = tvae_model_layer_count(model), k, y, x, ny, nx;
    uint8_t kk[3], ii[3];
    uint32_t macs = 0;
    tvae_layer l;

    for (k = 0; k < count; k++) {
        tvae_model_layer(model, k, &l);
        if (l.kind == TVAE_LAYER_DENSE) {
            macs += (uint32_t)l.out_h * l.out_w * l.out_c * l.in_c;
            continue;
        }
        for (y = 0; y < l.out_h; y++) {
            ny = taps(l.kind, y, l.in_h, kk, ii);
            for (x = 0; x < l.out_w; x++) {
                nx = taps(l.kind, x, l.in_w, kk, ii);
                macs += (uint32_t)ny * nx * l.in_c * l.out_c;
            }
        }
    }
    return macs;
}
