/*
 * test_stream.c -- the streaming decoder equals the layer-by-layer
 * reference, bit for bit, including every layer hash.
 *
 * Claims tested (each a Check test named after it):
 *  - hash_element_equals_reference: tvae_stream_hash_element (16-bit
 *    multiplies) == tvae_hash_element, check values of spec 9.2;
 *  - requantize_equals_reference: tvae_stream_requantize(acc, M, S) ==
 *    tvae_requantize(acc, M, S, 0, 255) on edge and random operands;
 *  - stream_equals_reference_on_random_models: for seeded random models of
 *    every family shape (L, d4..d1, E) and random inputs, the streamed
 *    image and the 9.2 hashes equal tvae_decode's image and the hashes of
 *    its tensors; the work buffer is filled with junk first and guarded
 *    by canaries, rows arrive once each in order;
 *  - stream_equals_reference_on_extremes: all-max weights, biases at
 *    +-2^30, M and S at their limits;
 *  - work_size_examples: 448 / 864 / 1632 bytes for 4_4_4_4, 8_8_8_8,
 *    8_8_8_8+2 with L = 1;
 *  - macs_examples: MAC counts checked against a direct count over the
 *    reference index rules;
 *  - errors: NULL arguments, pips 0 and 7, work one byte short.
 *  - stream_equals_reference_on_files: every model file named in the
 *    environment variable TVAE_STREAM_MODELS (space separated), 12 inputs
 *    each (the golden vector and zoo models when they exist).
 * The random seed is printed so that a failure reproduces (TVAE_SEED=n).
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tvae.h"
#include "tvae_stream.h"

/* ---------------------------------------------------------------- */
/* deterministic random numbers (xorshift32, seeded)                  */
/* ---------------------------------------------------------------- */

static uint32_t rng_state = 1;

static uint32_t rnd(void)
{
    return tvae_roll_next(&rng_state);
}

static uint32_t rnd_below(uint32_t n)
{
    return rnd() % n;
}

static int32_t rnd_range(int32_t lo, int32_t hi)
{
    return lo + (int32_t)rnd_below((uint32_t)(hi - lo) + 1u);
}

/* ---------------------------------------------------------------- */
/* a model file builder (spec 4), independent of ref/                 */
/* ---------------------------------------------------------------- */

typedef struct spec_layer {
    unsigned kind, in_c, out_c, in_h, out_h;
} spec_layer;

enum { MODE_RANDOM, MODE_EXTREME };

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t crc32_bytes(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    size_t i;
    int b;
    for (i = 0; i < n; i++) {
        c ^= p[i];
        for (b = 0; b < 8; b++)
            c = (c & 1u) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
}

/* Integer square root, for scaling M to the fan-in. */
static uint32_t isqrt(uint32_t v)
{
    uint32_t r = 0;
    while ((r + 1u) * (r + 1u) <= v)
        r++;
    return r;
}

/*
 * Build a valid model with latent length L, channels d[0..3] = d1..d4 and
 * E extra layers.  Returns a malloc'd blob and its size.  MODE_RANDOM
 * scales M/2^S to the fan-in so that outputs spread over 0..255 (not all
 * saturated); MODE_EXTREME uses weights +-127, biases +-2^30 and M, S at
 * their limits.
 */
static uint8_t *build_model(unsigned L, const unsigned d[4], unsigned E,
                            int mode, size_t *size_out)
{
    spec_layer ls[8];
    unsigned n = 5u + E, k, i;
    size_t size, off, bytes[8];
    uint8_t *b;

    ls[0].kind = TVAE_LAYER_DENSE; ls[0].in_c = L; ls[0].out_c = d[3];
    ls[0].in_h = 1; ls[0].out_h = 4;
    ls[1].kind = TVAE_LAYER_CONVT_S2; ls[1].in_c = d[3]; ls[1].out_c = d[2];
    ls[1].in_h = 4; ls[1].out_h = 8;
    ls[2].kind = TVAE_LAYER_CONVT_S2; ls[2].in_c = d[2]; ls[2].out_c = d[1];
    ls[2].in_h = 8; ls[2].out_h = 16;
    ls[3].kind = TVAE_LAYER_CONVT_S1; ls[3].in_c = d[1]; ls[3].out_c = d[0];
    ls[3].in_h = 16; ls[3].out_h = 16;
    for (k = 4; k < 4u + E; k++) {
        ls[k].kind = TVAE_LAYER_CONV; ls[k].in_c = d[0]; ls[k].out_c = d[0];
        ls[k].in_h = 16; ls[k].out_h = 16;
    }
    ls[n - 1].kind = TVAE_LAYER_CONVT_S2; ls[n - 1].in_c = d[0];
    ls[n - 1].out_c = 1; ls[n - 1].in_h = 16; ls[n - 1].out_h = 32;

    size = 32u + 16u * n;
    for (k = 0; k < n; k++) {
        size_t hw = (size_t)ls[k].out_h * ls[k].out_h, N = hw * ls[k].out_c;
        bytes[k] = ls[k].kind == TVAE_LAYER_DENSE
                 ? 24u * N + 3u * ls[k].out_c + N * L
                 : 7u * ls[k].out_c + 9u * ls[k].out_c * ls[k].in_c;
        size += (bytes[k] + 3u) & ~(size_t)3u;
    }
    b = calloc(size, 1);
    ck_assert_ptr_nonnull(b);
    memcpy(b, "TVAE", 4);
    b[4] = 1;
    put32(b + 8, (uint32_t)size);
    b[16] = (uint8_t)L;
    b[17] = (uint8_t)n;
    b[18] = (uint8_t)rnd_below(8);
    b[19] = (uint8_t)rnd_below(2);
    b[20] = (uint8_t)rnd(); b[21] = (uint8_t)rnd();
    b[22] = (uint8_t)(1u + rnd_below(40));
    off = 32u + 16u * n;
    for (k = 0; k < n; k++) {
        uint8_t *dsc = b + 32 + 16 * k, *p = b + off;
        unsigned oc = ls[k].out_c, ic = ls[k].in_c;
        size_t nbias = ls[k].kind == TVAE_LAYER_DENSE
                     ? 6u * 16u * oc : oc;
        size_t nw = ls[k].kind == TVAE_LAYER_DENSE ? 16u * oc * ic
                                                   : 9u * oc * ic;
        uint32_t fan = ls[k].kind == TVAE_LAYER_DENSE ? ic : 9u * ic;
        /* typical |acc| ~ 64 * 127 * sqrt(fan): aim M/2^S at 200/that */
        uint32_t typical = 64u * 127u * (isqrt(fan) + 1u);
        dsc[0] = (uint8_t)ls[k].kind;
        dsc[2] = (uint8_t)ic; dsc[3] = (uint8_t)oc;
        dsc[4] = dsc[5] = (uint8_t)ls[k].in_h;
        dsc[6] = dsc[7] = (uint8_t)ls[k].out_h;
        put32(dsc + 8, (uint32_t)off);
        put32(dsc + 12, (uint32_t)bytes[k]);
        for (i = 0; i < nbias; i++) {
            int32_t v;
            if (mode == MODE_EXTREME)
                v = (rnd() & 1u) ? 1073741824 : -1073741824;
            else
                v = rnd_range(-(int32_t)typical, (int32_t)typical);
            put32(p, (uint32_t)v);
            p += 4;
        }
        for (i = 0; i < oc; i++) {
            uint32_t m;
            if (mode == MODE_EXTREME)
                m = (rnd() & 1u) ? 65535u : rnd_below(3);
            else
                m = 32768u + rnd_below(32768u);
            p[0] = (uint8_t)m; p[1] = (uint8_t)(m >> 8);
            p += 2;
        }
        for (i = 0; i < oc; i++) {
            unsigned s;
            if (mode == MODE_EXTREME) {
                s = (rnd() & 1u) ? 40u : 1u + rnd_below(3);
            } else {
                /* 2^S ~ typical * 2^15.5 / 200, S in 1..40 */
                uint32_t t = typical / 200u + 1u;
                s = 15u;
                while (t > 1u) { t >>= 1; s++; }
                s += rnd_below(3);
                if (s > 40u) s = 40u;
            }
            *p++ = (uint8_t)s;
        }
        for (i = 0; i < nw; i++) {
            int v = mode == MODE_EXTREME ? ((rnd() & 1u) ? 127 : -127)
                                         : (int)rnd_range(-127, 127);
            *p++ = (uint8_t)(v & 0xFF);
        }
        off += (bytes[k] + 3u) & ~(size_t)3u;
    }
    put32(b + 12, crc32_bytes(b + 16, size - 16u));
    *size_out = size;
    return b;
}

/* ---------------------------------------------------------------- */
/* comparing the two decoders                                         */
/* ---------------------------------------------------------------- */

typedef struct ref_hashes {
    uint32_t h[TVAE_MAX_LAYERS];
} ref_hashes;

static void on_layer(void *ctx, unsigned k, const tvae_layer *l,
                     const uint8_t *act)
{
    ref_hashes *r = ctx;
    r->h[k] = tvae_layer_hash(act, (uint32_t)l->out_c * l->out_h * l->out_w);
}

typedef struct collect {
    uint8_t image[TVAE_PIXELS];
    unsigned next_row;
    int bad_order;
} collect;

static void on_row(void *ctx, unsigned y, const uint8_t row[32])
{
    collect *c = ctx;
    if (y != c->next_row || y >= 32u) {
        c->bad_order = 1;
        return;
    }
    memcpy(c->image + 32u * y, row, 32);
    c->next_row++;
}

#define CANARY 16u

/* Decode (latent, pips) with both decoders and assert identical results.
 * Returns 1 if the image is not flat (has at least two distinct values). */
static int compare_once(const tvae_model *m, const int8_t *latent,
                        unsigned pips, const char *what)
{
    size_t scratch_size = tvae_scratch_size(m);
    size_t work_size = tvae_stream_work_size(m);
    uint8_t *scratch = malloc(scratch_size);
    uint8_t *work = malloc(work_size + 2u * CANARY);
    uint8_t ref_img[TVAE_PIXELS];
    uint32_t hashes[TVAE_MAX_LAYERS + 1];
    ref_hashes rh;
    collect c;
    unsigned n = tvae_model_layer_count(m), k, i;
    int rc, varied = 0;

    ck_assert_ptr_nonnull(scratch);
    ck_assert_ptr_nonnull(work);
    memset(&rh, 0, sizeof rh);
    rc = tvae_decode(m, latent, pips, scratch, scratch_size, ref_img,
                     on_layer, &rh);
    ck_assert_int_eq(rc, TVAE_OK);

    for (i = 0; i < work_size + 2u * CANARY; i++)
        work[i] = (uint8_t)rnd();
    memset(work, 0xA5, CANARY);
    memset(work + CANARY + work_size, 0x5A, CANARY);
    memset(&c, 0, sizeof c);
    hashes[n] = 0xDEADBEEFu;
    rc = tvae_stream_decode(m, latent, pips, work + CANARY, work_size,
                            on_row, &c, hashes);
    ck_assert_int_eq(rc, TVAE_OK);
    ck_assert_msg(!c.bad_order, "%s: rows out of order", what);
    ck_assert_uint_eq(c.next_row, 32);
    for (i = 0; i < CANARY; i++) {
        ck_assert_uint_eq(work[i], 0xA5);
        ck_assert_uint_eq(work[CANARY + work_size + i], 0x5A);
    }
    ck_assert_uint_eq(hashes[n], 0xDEADBEEFu);
    for (k = 0; k < n; k++)
        ck_assert_msg(hashes[k] == rh.h[k],
                      "%s pips %u: layer %u hash %08lx, reference %08lx",
                      what, pips, k, (unsigned long)hashes[k],
                      (unsigned long)rh.h[k]);
    for (i = 0; i < TVAE_PIXELS; i++)
        ck_assert_msg(c.image[i] == ref_img[i],
                      "%s pips %u: pixel %u is %u, reference %u", what,
                      pips, i, c.image[i], ref_img[i]);
    /* Without hashes the image is the same. */
    memset(&c, 0, sizeof c);
    rc = tvae_stream_decode(m, latent, pips, work + CANARY, work_size,
                            on_row, &c, NULL);
    ck_assert_int_eq(rc, TVAE_OK);
    ck_assert_int_eq(memcmp(c.image, ref_img, TVAE_PIXELS), 0);
    for (i = 1; i < TVAE_PIXELS; i++)
        if (ref_img[i] != ref_img[0])
            varied = 1;
    free(scratch);
    free(work);
    return varied;
}

static void seed_from_env(void)
{
    const char *s = getenv("TVAE_SEED");
    rng_state = s != NULL ? (uint32_t)strtoul(s, NULL, 0) : 20261125u;
    if (rng_state == 0)
        rng_state = 1;
    printf("test_stream: seed %lu\n", (unsigned long)rng_state);
}

/* ---------------------------------------------------------------- */
/* tests                                                              */
/* ---------------------------------------------------------------- */

START_TEST(hash_element_equals_reference)
{
    uint32_t i;
    unsigned v;

    ck_assert_uint_eq(tvae_stream_hash_element(0, 0), 0x92CA2F0Eu);
    ck_assert_uint_eq(tvae_stream_hash_element(1, 255), 0xBBB6DF26u);
    for (i = 0; i < 70000u; i += 7u)
        for (v = 0; v < 256u; v += 5u)
            ck_assert_uint_eq(tvae_stream_hash_element(i, (uint8_t)v),
                              tvae_hash_element(i, (uint8_t)v));
    for (i = 0; i < 100000u; i++) {
        uint32_t idx = rnd();
        uint8_t val = (uint8_t)rnd();
        ck_assert_uint_eq(tvae_stream_hash_element(idx, val),
                          tvae_hash_element(idx, val));
    }
}
END_TEST

START_TEST(requantize_equals_reference)
{
    static const int32_t accs[] = {
        INT32_MIN + 1, -1073741824 - 18653760, -65536, -2, -1, 0, 1, 2, 3,
        255, 256, 32767, 32768, 65535, 65536, 1 << 20, (1 << 24) - 1,
        1073741824, 1073741824 + 18653760, INT32_MAX
    };
    static const uint16_t mults[] = {
        0, 1, 2, 3, 255, 256, 32767, 32768, 32769, 65534, 65535
    };
    unsigned a, m, s, i;
    long checked = 0;

    for (s = 1; s <= 40u; s++)
        for (a = 0; a < sizeof accs / sizeof accs[0]; a++)
            for (m = 0; m < sizeof mults / sizeof mults[0]; m++) {
                ck_assert_int_eq(tvae_stream_requantize(accs[a], mults[m], s),
                                 tvae_requantize(accs[a], mults[m], s, 0,
                                                 255));
                checked++;
            }
    /* Random operands, and operands right at each rounding step. */
    for (i = 0; i < 2000000u; i++) {
        int32_t acc = (int32_t)(rnd() >> rnd_below(32));
        uint16_t mult = (uint16_t)(rnd() >> rnd_below(17));
        unsigned shift = 1u + rnd_below(40);
        if (rnd() & 1u)
            acc = -acc;
        if ((i & 7u) == 0u && mult != 0u) {
            /* acc * M near k * 2^S - 2^(S-1) (a tie) */
            int64_t target = ((int64_t)rnd_below(300) << shift)
                           - ((int64_t)1 << (shift - 1u));
            int64_t q = target / mult;
            if (q > 0 && q < INT32_MAX - 2)
                acc = (int32_t)q + (int32_t)rnd_below(3) - 1;
        }
        ck_assert_msg(tvae_stream_requantize(acc, mult, shift)
                      == tvae_requantize(acc, mult, shift, 0, 255),
                      "acc %ld M %u S %u", (long)acc, mult, shift);
        checked++;
    }
    ck_assert_int_gt(checked, 2000000);
}
END_TEST

static tvae_model load(const uint8_t *blob, size_t size)
{
    tvae_model m;
    int rc = tvae_model_validate(&m, blob, size);
    ck_assert_msg(rc == TVAE_OK, "builder made an invalid model: %s",
                  tvae_strerror(rc));
    return m;
}

static void random_latent(int8_t *z, unsigned L)
{
    unsigned i;
    for (i = 0; i < L; i++)
        z[i] = (int8_t)((int)rnd_below(256) - 128);
}

START_TEST(stream_equals_reference_on_random_models)
{
    unsigned iter, varied = 0, total = 0;

    for (iter = 0; iter < 120u; iter++) {
        unsigned d[4], L = 1u + rnd_below(16), E = rnd_below(4), j, p;
        unsigned cap = iter % 10u == 9u ? 64u : 12u;
        size_t size;
        uint8_t *blob;
        tvae_model m;
        char what[64];
        for (j = 0; j < 4; j++)
            d[j] = 1u + rnd_below(cap);
        blob = build_model(L, d, E, MODE_RANDOM, &size);
        m = load(blob, size);
        snprintf(what, sizeof what, "L%u %u_%u_%u_%u+%u", L, d[0], d[1],
                 d[2], d[3], E);
        for (p = 1; p <= 6u; p++) {
            int8_t z[16];
            random_latent(z, L);
            varied += (unsigned)compare_once(&m, z, p, what);
            total++;
        }
        free(blob);
    }
    /* The models are scaled so that most images are not flat: the
     * comparison would prove little on all-0 or all-255 images. */
    ck_assert_uint_gt(varied, total / 2u);
}
END_TEST

START_TEST(stream_equals_reference_on_extremes)
{
    static const unsigned shapes[][5] = {
        /* L, d1, d2, d3, d4 (E from the loop) */
        {1, 1, 1, 1, 1}, {16, 64, 64, 64, 64}, {16, 1, 64, 1, 64},
        {3, 4, 4, 4, 4}, {1, 8, 8, 8, 8},
    };
    unsigned i, E, p;

    for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        for (E = 0; E <= 3u; E++) {
            unsigned d[4];
            size_t size;
            uint8_t *blob;
            tvae_model m;
            int8_t z[16];
            unsigned j;
            if (shapes[i][1] == 64u && E > 1u)
                continue; /* slow; E = 0, 1 cover the code paths */
            d[0] = shapes[i][1]; d[1] = shapes[i][2];
            d[2] = shapes[i][3]; d[3] = shapes[i][4];
            blob = build_model(shapes[i][0], d, E, MODE_EXTREME, &size);
            m = load(blob, size);
            for (p = 1; p <= 6u; p += 5u) {
                for (j = 0; j < 16u; j++)
                    z[j] = (int8_t)((j + p) % 2u ? 127 : -128);
                compare_once(&m, z, p, "extreme");
            }
            free(blob);
        }
    }
}
END_TEST

START_TEST(work_size_examples)
{
    static const struct { unsigned d, E; size_t work, scratch; } cases[] = {
        {4, 0, 448, 2048}, {8, 0, 864, 4096}, {8, 2, 1632, 4096},
        {4, 2, 832, 2048},
    };
    unsigned i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned d[4] = {cases[i].d, cases[i].d, cases[i].d, cases[i].d};
        size_t size;
        uint8_t *blob = build_model(1, d, cases[i].E, MODE_RANDOM, &size);
        tvae_model m = load(blob, size);
        ck_assert_uint_eq(tvae_stream_work_size(&m), cases[i].work);
        ck_assert_uint_eq(tvae_scratch_size(&m), cases[i].scratch);
        free(blob);
    }
}
END_TEST

/* Direct count of product terms from the spec's index rules. */
static uint32_t count_macs(const tvae_model *m)
{
    unsigned n = tvae_model_layer_count(m), k, oy, ox, ky, kx;
    uint32_t macs = 0;
    tvae_layer l;

    for (k = 0; k < n; k++) {
        tvae_model_layer(m, k, &l);
        if (l.kind == TVAE_LAYER_DENSE) {
            macs += 16u * l.out_c * l.in_c;
            continue;
        }
        for (oy = 0; oy < l.out_h; oy++)
            for (ox = 0; ox < l.out_w; ox++)
                for (ky = 0; ky < 3; ky++)
                    for (kx = 0; kx < 3; kx++) {
                        int iy, ix;
                        if (l.kind == TVAE_LAYER_CONV) {
                            iy = (int)oy + (int)ky - 1;
                            ix = (int)ox + (int)kx - 1;
                        } else {
                            int s = l.kind == TVAE_LAYER_CONVT_S2 ? 2 : 1;
                            int ty = (int)oy + 1 - (int)ky;
                            int tx = (int)ox + 1 - (int)kx;
                            if (ty < 0 || tx < 0 || ty % s || tx % s)
                                continue;
                            iy = ty / s;
                            ix = tx / s;
                        }
                        if (iy < 0 || ix < 0 || iy >= (int)l.in_h
                            || ix >= (int)l.in_w)
                            continue;
                        macs += l.in_c * l.out_c;
                    }
    }
    return macs;
}

START_TEST(macs_examples)
{
    unsigned d[4] = {4, 4, 4, 4};
    size_t size;
    uint8_t *blob = build_model(1, d, 0, MODE_RANDOM, &size);
    tvae_model m = load(blob, size);
    unsigned i;

    /* 4_4_4_4, L = 1, by hand: a 3x3 tap grid over n input positions
     * lands inside the output (3n - 1)^2 times for stride 2 (tap 0 of
     * position 0 falls on -1) and (3n - 2)^2 times for stride 1; so
     * dense 16*4 = 64, 4->8: 11^2*16 = 1936, 8->16: 23^2*16 = 8464,
     * 16->16: 46^2*16 = 33856, 16->32: 47^2*4 = 8836; total 53156. */
    ck_assert_uint_eq(tvae_stream_macs(&m), count_macs(&m));
    ck_assert_uint_eq(tvae_stream_macs(&m), 53156u);
    free(blob);
    for (i = 0; i < 20u; i++) {
        unsigned j, E = rnd_below(4);
        for (j = 0; j < 4; j++)
            d[j] = 1u + rnd_below(16);
        blob = build_model(1u + rnd_below(16), d, E, MODE_RANDOM, &size);
        m = load(blob, size);
        ck_assert_uint_eq(tvae_stream_macs(&m), count_macs(&m));
        free(blob);
    }
}
END_TEST

static unsigned rows_called;

static void count_rows(void *ctx, unsigned y, const uint8_t row[32])
{
    (void)ctx; (void)y; (void)row;
    rows_called++;
}

START_TEST(errors)
{
    unsigned d[4] = {2, 3, 4, 5};
    size_t size;
    uint8_t *blob = build_model(2, d, 1, MODE_RANDOM, &size);
    tvae_model m = load(blob, size), null_blob = {NULL, 0};
    size_t need = tvae_stream_work_size(&m);
    uint8_t *work = malloc(need);
    int8_t z[2] = {1, -1};

    ck_assert_ptr_nonnull(work);
    rows_called = 0;
    ck_assert_int_eq(tvae_stream_decode(NULL, z, 1, work, need, count_rows,
                                        NULL, NULL), TVAE_E_ARGUMENT);
    ck_assert_int_eq(tvae_stream_decode(&null_blob, z, 1, work, need,
                                        count_rows, NULL, NULL),
                     TVAE_E_ARGUMENT);
    ck_assert_int_eq(tvae_stream_decode(&m, NULL, 1, work, need, count_rows,
                                        NULL, NULL), TVAE_E_ARGUMENT);
    ck_assert_int_eq(tvae_stream_decode(&m, z, 1, NULL, need, count_rows,
                                        NULL, NULL), TVAE_E_ARGUMENT);
    ck_assert_int_eq(tvae_stream_decode(&m, z, 1, work, need, NULL, NULL,
                                        NULL), TVAE_E_ARGUMENT);
    ck_assert_int_eq(tvae_stream_decode(&m, z, 0, work, need, count_rows,
                                        NULL, NULL), TVAE_E_PIPS);
    ck_assert_int_eq(tvae_stream_decode(&m, z, 7, work, need, count_rows,
                                        NULL, NULL), TVAE_E_PIPS);
    ck_assert_int_eq(tvae_stream_decode(&m, z, 1, work, need - 1u,
                                        count_rows, NULL, NULL),
                     TVAE_E_SCRATCH);
    ck_assert_uint_eq(rows_called, 0);
    ck_assert_uint_eq(tvae_stream_work_size(NULL), 0);
    ck_assert_int_eq(tvae_stream_decode(&m, z, 6, work, need, count_rows,
                                        NULL, NULL), TVAE_OK);
    ck_assert_uint_eq(rows_called, 32);
    free(work);
    free(blob);
}
END_TEST

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long n;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0
        && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n);
        ck_assert_ptr_nonnull(buf);
        ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
        *size = (size_t)n;
    }
    fclose(f);
    ck_assert_msg(buf != NULL, "cannot read %s", path);
    return buf;
}

START_TEST(stream_equals_reference_on_files)
{
    const char *list = getenv("TVAE_STREAM_MODELS");
    char *copy, *path, *save = NULL;
    unsigned files = 0;

    if (list == NULL || *list == '\0')
        return; /* nothing named; counted as no files in the log */
    copy = strdup(list);
    ck_assert_ptr_nonnull(copy);
    for (path = strtok_r(copy, " ", &save); path != NULL;
         path = strtok_r(NULL, " ", &save)) {
        size_t size;
        uint8_t *blob = read_file(path, &size);
        tvae_model m = load(blob, size);
        unsigned i, L = tvae_model_latent_len(&m);
        for (i = 0; i < 12u; i++) {
            int8_t z[16];
            random_latent(z, L);
            compare_once(&m, z, 1u + i % 6u, path);
        }
        free(blob);
        files++;
    }
    printf("test_stream: %u model files compared\n", files);
    free(copy);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tvae_stream");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    seed_from_env();
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, hash_element_equals_reference);
    tcase_add_test(tc, requantize_equals_reference);
    tcase_add_test(tc, stream_equals_reference_on_random_models);
    tcase_add_test(tc, stream_equals_reference_on_extremes);
    tcase_add_test(tc, work_size_examples);
    tcase_add_test(tc, macs_examples);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, stream_equals_reference_on_files);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
