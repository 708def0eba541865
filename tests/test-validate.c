/*
 * test-validate.c -- spec 4.5: every validator rule (1-24) has a malformed
 * model that is rejected with its own status code; the first broken rule is
 * the one reported; every prefix of a valid model is TVAE_E_TRUNCATED and
 * every single-bit flip is rejected.
 *
 * Each test prints how many malformed models it checked
 * ("malformed-cases: N"), so the total can be read from the test log.
 */
#include <stdio.h>

#include "tvae-test.h"

static unsigned long cases;

static const uint16_t ones16[64] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
static const uint8_t ones8[64] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

/* A valid family model with M = S = 1 and zero bias/weights. */
static void family(tvae_gen_model *m, unsigned latent, unsigned d1, unsigned d2,
                   unsigned d3, unsigned d4, unsigned extra)
{
    unsigned k;
    tvae_gen_family(m, latent, d1, d2, d3, d4, extra);
    for (k = 0; k < m->layer_count; k++) {
        m->layers[k].mult = ones16;
        m->layers[k].shift = ones8;
    }
}

static uint8_t *write_model(const tvae_gen_model *m, size_t extra_cap, size_t *size)
{
    size_t n = tvae_gen_size(m);
    uint8_t *blob;
    ck_assert_uint_gt(n, 0);
    blob = calloc(1, n + extra_cap);
    ck_assert_ptr_nonnull(blob);
    ck_assert_uint_eq(tvae_gen_write(m, blob, n), n);
    *size = n;
    return blob;
}

static void expect(const uint8_t *blob, size_t size, int code, const char *what)
{
    tvae_model model;
    int rc;

    memset(&model, 0x5A, sizeof model);
    rc = tvae_model_validate(&model, blob, size);
    if (rc != code)
        ck_abort_msg("%s: validate returned %d (%s), expected %d (%s)", what,
                     rc, tvae_strerror(rc), code, tvae_strerror(code));
    if (code == TVAE_OK) {
        ck_assert_ptr_eq(model.blob, blob);
        ck_assert_uint_eq(model.size, size);
    } else {
        cases++;
    }
}

/* Patch one byte, fix the CRC, expect code, restore. */
static void expect_byte(uint8_t *blob, size_t size, size_t off, uint8_t v,
                        int code, const char *what)
{
    uint8_t old = blob[off];
    blob[off] = v;
    tvae_gen_fix_crc(blob, size);
    expect(blob, size, code, what);
    blob[off] = old;
    tvae_gen_fix_crc(blob, size);
}

static void expect_u32(uint8_t *blob, size_t size, size_t off, uint32_t v,
                       int code, const char *what)
{
    uint8_t old[4];
    memcpy(old, blob + off, 4);
    tt_put_u32(blob + off, v);
    tvae_gen_fix_crc(blob, size);
    expect(blob, size, code, what);
    memcpy(blob + off, old, 4);
    tvae_gen_fix_crc(blob, size);
}

static void report(const char *test)
{
    printf("malformed-cases: %lu (%s)\n", cases, test);
    fflush(stdout);
}

#define DESC(k) (32u + 16u * (unsigned)(k))

START_TEST(valid_models_are_accepted)
{
    tvae_gen_model m;
    uint8_t *blob;
    size_t size;
    unsigned e;

    for (e = 0; e <= 3u; e++) {
        family(&m, 3, 2, 3, 4, 5, e);
        blob = write_model(&m, 0, &size);
        expect(blob, size, TVAE_OK, "valid family model");
        free(blob);
    }
    family(&m, 16, 64, 64, 64, 64, 3);
    blob = write_model(&m, 0, &size);
    ck_assert_uint_eq(size, 265768); /* spec 7: the largest model file */
    expect(blob, size, TVAE_OK, "largest model");
    free(blob);
}
END_TEST

START_TEST(null_arguments_are_rejected)
{
    tvae_model model;
    uint8_t b[32] = {0};
    cases = 0;
    ck_assert_int_eq(tvae_model_validate(NULL, b, sizeof b), TVAE_E_ARGUMENT);
    ck_assert_int_eq(tvae_model_validate(&model, NULL, 32), TVAE_E_ARGUMENT);
    cases += 2;
    report("null arguments");
}
END_TEST

/* Rule 1 and 4: every prefix (sizes 0 .. size-1) of a valid model. */
START_TEST(every_prefix_is_truncated)
{
    tvae_gen_model m;
    uint8_t *blob, *copy;
    size_t size, n;

    cases = 0;
    family(&m, 2, 2, 2, 2, 2, 1);
    blob = write_model(&m, 0, &size);
    for (n = 0; n < size; n++) {
        /* a fresh copy of exactly n bytes, so valgrind sees any overread */
        copy = malloc(n > 0 ? n : 1);
        ck_assert_ptr_nonnull(copy);
        memcpy(copy, blob, n);
        expect(copy, n, TVAE_E_TRUNCATED, "prefix");
        free(copy);
    }
    ck_assert_uint_eq(cases, size);
    free(blob);
    report("every prefix");
}
END_TEST

/* Every single-bit flip of a valid model is rejected, with the code of the
 * first rule the flipped byte breaks. */
START_TEST(every_single_bit_flip_is_rejected)
{
    tvae_gen_model m;
    uint8_t *blob;
    size_t size, i;
    unsigned bit;

    cases = 0;
    family(&m, 1, 1, 1, 1, 1, 0);
    blob = write_model(&m, 0, &size);
    for (i = 0; i < size; i++) {
        for (bit = 0; bit < 8u; bit++) {
            int code;
            blob[i] ^= (uint8_t)(1u << bit);
            if (i < 4)
                code = TVAE_E_MAGIC;
            else if (i < 6)
                code = TVAE_E_VERSION;
            else if (i < 8)
                code = TVAE_E_RESERVED; /* outside the CRC, rule 7 */
            else if (i < 12)
                code = tt_get_u32(blob + 8) > size ? TVAE_E_TRUNCATED
                                                   : TVAE_E_FILE_SIZE;
            else
                code = TVAE_E_CRC;
            expect(blob, size, code, "bit flip");
            blob[i] ^= (uint8_t)(1u << bit);
        }
    }
    ck_assert_uint_eq(cases, size * 8u);
    expect(blob, size, TVAE_OK, "restored");
    free(blob);
    report("every single-bit flip");
}
END_TEST

/* Rules 2-12: the header. */
START_TEST(header_rules_2_to_12_have_their_codes)
{
    tvae_gen_model m;
    uint8_t *blob, *big;
    size_t size, i;

    cases = 0;
    family(&m, 2, 2, 2, 2, 2, 0);
    blob = write_model(&m, 8, &size);
    /* rule 2: magic (each byte) -- reported before the CRC */
    for (i = 0; i < 4; i++)
        expect_byte(blob, size, i, (uint8_t)(blob[i] ^ 0x20u), TVAE_E_MAGIC, "magic");
    /* rule 3: version */
    expect_byte(blob, size, 4, 0, TVAE_E_VERSION, "major 0");
    expect_byte(blob, size, 4, 2, TVAE_E_VERSION, "major 2");
    expect_byte(blob, size, 5, 1, TVAE_E_VERSION, "minor 1");
    expect_byte(blob, size, 5, 255, TVAE_E_VERSION, "minor 255");
    /* rule 4: file_size larger than the blob */
    expect_u32(blob, size, 8, (uint32_t)size + 4u, TVAE_E_TRUNCATED, "file_size > blob");
    expect_u32(blob, size, 8, 0xFFFFFFFFu, TVAE_E_TRUNCATED, "file_size 2^32-1");
    /* rule 5: file_size smaller than the blob, or not a multiple of 4 */
    expect_u32(blob, size, 8, (uint32_t)size - 4u, TVAE_E_FILE_SIZE, "file_size < blob");
    expect(blob, size + 4u, TVAE_E_FILE_SIZE, "blob longer than file_size");
    tt_put_u32(blob + 8, (uint32_t)size + 2u);
    tvae_gen_fix_crc(blob, size + 2u);
    expect(blob, size + 2u, TVAE_E_FILE_SIZE, "file_size not a multiple of 4");
    tt_put_u32(blob + 8, (uint32_t)size);
    tvae_gen_fix_crc(blob, size);
    /* rule 6: CRC */
    blob[12] ^= 1u;
    expect(blob, size, TVAE_E_CRC, "crc field");
    blob[12] ^= 1u;
    blob[size - 1] ^= 0x80u;
    expect(blob, size, TVAE_E_CRC, "last byte");
    blob[size - 1] ^= 0x80u;
    /* rule 7: reserved header fields */
    expect_byte(blob, size, 6, 1, TVAE_E_RESERVED, "reserved 6");
    expect_byte(blob, size, 7, 0x80, TVAE_E_RESERVED, "reserved 7");
    expect_byte(blob, size, 23, 1, TVAE_E_RESERVED, "reserved 23");
    for (i = 24; i < 32; i++)
        expect_byte(blob, size, i, 1, TVAE_E_RESERVED, "reserved 24..31");
    /* rule 8: latent length */
    expect_byte(blob, size, 16, 0, TVAE_E_LATENT_LEN, "L 0");
    expect_byte(blob, size, 16, 17, TVAE_E_LATENT_LEN, "L 17");
    expect_byte(blob, size, 16, 255, TVAE_E_LATENT_LEN, "L 255");
    /* rule 9: layer count */
    expect_byte(blob, size, 17, 0, TVAE_E_LAYER_COUNT, "n 0");
    expect_byte(blob, size, 17, 4, TVAE_E_LAYER_COUNT, "n 4");
    expect_byte(blob, size, 17, 9, TVAE_E_LAYER_COUNT, "n 9");
    expect_byte(blob, size, 17, 255, TVAE_E_LAYER_COUNT, "n 255");
    /* rule 10: latent_frac */
    expect_byte(blob, size, 18, 8, TVAE_E_LATENT_FRAC, "F 8");
    expect_byte(blob, size, 18, 255, TVAE_E_LATENT_FRAC, "F 255");
    /* rule 11: roll profile */
    expect_byte(blob, size, 19, 2, TVAE_E_ROLL, "roll kind 2");
    expect_byte(blob, size, 19, 255, TVAE_E_ROLL, "roll kind 255");
    expect_byte(blob, size, 22, 0, TVAE_E_ROLL, "roll shift 0");
    expect_byte(blob, size, 22, 41, TVAE_E_ROLL, "roll shift 41");
    expect_byte(blob, size, 22, 255, TVAE_E_ROLL, "roll shift 255");
    /* boundaries that are allowed */
    expect_byte(blob, size, 18, 7, TVAE_OK, "F 7");
    expect_byte(blob, size, 19, 1, TVAE_OK, "roll kind 1");
    expect_byte(blob, size, 22, 40, TVAE_OK, "roll shift 40");
    tt_put_u16(blob + 20, 65535);
    tvae_gen_fix_crc(blob, size);
    expect(blob, size, TVAE_OK, "roll mult 65535");
    free(blob);

    /* rule 12: the layer table does not fit */
    family(&m, 1, 1, 1, 1, 1, 0);
    big = write_model(&m, 0, &size);
    ck_assert_uint_ge(size, 160);
    tt_put_u32(big + 8, 32);
    tvae_gen_fix_crc(big, 32);
    expect(big, 32, TVAE_E_TRUNCATED, "header only, n = 5");
    tt_put_u32(big + 8, 96);
    tvae_gen_fix_crc(big, 96);
    expect(big, 96, TVAE_E_TRUNCATED, "96 bytes, n = 5 needs 112");
    big[17] = 8;
    tt_put_u32(big + 8, 156);
    tvae_gen_fix_crc(big, 156);
    expect(big, 156, TVAE_E_TRUNCATED, "156 bytes, n = 8 needs 160");
    free(big);
    report("header rules 2-12");
}
END_TEST

/* Rules 13-17: the descriptors, checked by patching descriptor bytes of an
 * 8-layer model (E = 3), L = 2, dims d1..d4 = 2, 3, 4, 5. */
START_TEST(descriptor_rules_13_to_17_have_their_codes)
{
    static const unsigned kinds[8] = {1, 2, 2, 3, 4, 4, 4, 2};
    tvae_gen_model m;
    uint8_t *blob;
    size_t size;
    unsigned k, v;

    cases = 0;
    family(&m, 2, 2, 3, 4, 5, 3);
    blob = write_model(&m, 0, &size);
    expect(blob, size, TVAE_OK, "base");
    for (k = 0; k < 8u; k++) {
        /* rule 13: reserved byte */
        expect_byte(blob, size, DESC(k) + 1u, 1, TVAE_E_RESERVED, "descriptor reserved");
        /* rule 14: every other kind value at every position */
        for (v = 0; v < 256u; v++)
            if (v != kinds[k])
                expect_byte(blob, size, DESC(k), (uint8_t)v, TVAE_E_LAYER_KIND, "kind");
        /* rule 15: channel counts */
        expect_byte(blob, size, DESC(k) + 2u, 0, TVAE_E_CHANNELS, "in_c 0");
        expect_byte(blob, size, DESC(k) + 2u, 65, TVAE_E_CHANNELS, "in_c 65");
        expect_byte(blob, size, DESC(k) + 2u, 255, TVAE_E_CHANNELS, "in_c 255");
        expect_byte(blob, size, DESC(k) + 3u, 0, TVAE_E_CHANNELS, "out_c 0");
        expect_byte(blob, size, DESC(k) + 3u, 65, TVAE_E_CHANNELS, "out_c 65");
        expect_byte(blob, size, DESC(k) + 3u, 255, TVAE_E_CHANNELS, "out_c 255");
        /* rule 16: oversize / wrong output sizes */
        expect_byte(blob, size, DESC(k) + 6u, 255, TVAE_E_SHAPE, "out_h 255");
        expect_byte(blob, size, DESC(k) + 7u, 255, TVAE_E_SHAPE, "out_w 255");
        expect_byte(blob, size, DESC(k) + 6u, 0, TVAE_E_SHAPE, "out_h 0");
        expect_byte(blob, size, DESC(k) + 7u, (uint8_t)(blob[DESC(k) + 7u] + 1u),
                    TVAE_E_SHAPE, "out_w + 1");
    }
    /* rule 15: the last layer has out_c 1; a CONV keeps its channel count */
    expect_byte(blob, size, DESC(7) + 3u, 2, TVAE_E_CHANNELS, "last out_c 2");
    expect_byte(blob, size, DESC(4) + 3u, 3, TVAE_E_CHANNELS, "conv out_c != in_c");
    expect_byte(blob, size, DESC(4) + 2u, 3, TVAE_E_CHANNELS, "conv in_c != out_c");
    /* rule 16: operators' spatial rules (inputs changed, outputs kept) */
    expect_byte(blob, size, DESC(1) + 4u, 5, TVAE_E_SHAPE, "convt_s2 out_h != 2 in_h");
    expect_byte(blob, size, DESC(2) + 5u, 7, TVAE_E_SHAPE, "convt_s2 out_w != 2 in_w");
    expect_byte(blob, size, DESC(3) + 4u, 17, TVAE_E_SHAPE, "convt_s1 out_h != in_h");
    expect_byte(blob, size, DESC(3) + 5u, 8, TVAE_E_SHAPE, "convt_s1 out_w != in_w");
    expect_byte(blob, size, DESC(5) + 4u, 32, TVAE_E_SHAPE, "conv out_h != in_h");
    expect_byte(blob, size, DESC(6) + 5u, 15, TVAE_E_SHAPE, "conv out_w != in_w");
    expect_byte(blob, size, DESC(0) + 6u, 8, TVAE_E_SHAPE, "dense out_h 8");
    /* rule 17: chain (shapes consistent within the layer, not with the
     * previous output) */
    expect_byte(blob, size, DESC(0) + 2u, 1, TVAE_E_CHAIN, "dense in_c != L");
    expect_byte(blob, size, DESC(0) + 4u, 2, TVAE_E_CHAIN, "dense in_h 2");
    expect_byte(blob, size, DESC(0) + 5u, 4, TVAE_E_CHAIN, "dense in_w 4");
    expect_byte(blob, size, DESC(1) + 2u, 4, TVAE_E_CHAIN, "convt in_c != d4");
    expect_byte(blob, size, DESC(5) + 2u, 3, TVAE_E_CHANNELS, "conv in_c 3 (rule 15 first)");
    {
        /* layer 2 claims 16x16 -> 32x32: shape-consistent, chain-broken */
        uint8_t save[4];
        memcpy(save, blob + DESC(2) + 4u, 4);
        blob[DESC(2) + 4u] = 16;
        blob[DESC(2) + 5u] = 16;
        blob[DESC(2) + 6u] = 32;
        blob[DESC(2) + 7u] = 32;
        tvae_gen_fix_crc(blob, size);
        expect(blob, size, TVAE_E_CHAIN, "convt_s2 16->32 after 8x8");
        memcpy(blob + DESC(2) + 4u, save, 4);
        tvae_gen_fix_crc(blob, size);
    }
    expect(blob, size, TVAE_OK, "restored");
    free(blob);
    report("descriptor rules 13-17");
}
END_TEST

/* Rules 18-21: where the blocks sit. */
START_TEST(layout_rules_18_to_21_have_their_codes)
{
    tvae_gen_model m;
    uint8_t *blob;
    size_t size;
    unsigned k;

    cases = 0;
    /* 1_1_1_1, L = 1: the DENSE block is 24*16 + 3 + 16 = 403 bytes, so one
     * byte of padding follows it */
    family(&m, 1, 1, 1, 1, 1, 0);
    blob = write_model(&m, 8, &size);
    ck_assert_uint_eq(tt_get_u32(blob + DESC(0) + 12u), 403);
    for (k = 0; k < 5u; k++) {
        uint32_t off = tt_get_u32(blob + DESC(k) + 8u);
        uint32_t len = tt_get_u32(blob + DESC(k) + 12u);
        /* rule 18 */
        expect_u32(blob, size, DESC(k) + 8u, off + 4u, TVAE_E_OFFSET, "offset + 4");
        expect_u32(blob, size, DESC(k) + 8u, off - 4u, TVAE_E_OFFSET, "offset - 4");
        expect_u32(blob, size, DESC(k) + 8u, off + 1u, TVAE_E_OFFSET, "offset + 1");
        expect_u32(blob, size, DESC(k) + 8u, 0, TVAE_E_OFFSET, "offset 0");
        expect_u32(blob, size, DESC(k) + 8u, 0xFFFFFFFFu, TVAE_E_OFFSET, "offset 2^32-1");
        /* rule 19 */
        expect_u32(blob, size, DESC(k) + 12u, len + 1u, TVAE_E_PARAM_SIZE, "length + 1");
        expect_u32(blob, size, DESC(k) + 12u, len - 1u, TVAE_E_PARAM_SIZE, "length - 1");
        expect_u32(blob, size, DESC(k) + 12u, 0, TVAE_E_PARAM_SIZE, "length 0");
        expect_u32(blob, size, DESC(k) + 12u, 0xFFFFFFFFu, TVAE_E_PARAM_SIZE, "length 2^32-1");
    }
    /* rule 20: the padding byte after the DENSE block */
    expect_byte(blob, size, 112u + 403u, 1, TVAE_E_RESERVED, "padding");
    expect_byte(blob, size, 112u + 403u, 0x80, TVAE_E_RESERVED, "padding 0x80");
    /* rule 19, second half: the last block runs past the end */
    tt_put_u32(blob + 8, (uint32_t)size - 8u);
    tvae_gen_fix_crc(blob, size - 8u);
    expect(blob, size - 8u, TVAE_E_PARAM_SIZE, "last block past file_size");
    /* rule 21: 4 bytes more than the last block */
    tt_put_u32(blob + 8, (uint32_t)size + 4u);
    tvae_gen_fix_crc(blob, size + 4u);
    expect(blob, size + 4u, TVAE_E_FILE_SIZE, "trailing bytes");
    tt_put_u32(blob + 8, (uint32_t)size);
    tvae_gen_fix_crc(blob, size);
    expect(blob, size, TVAE_OK, "restored");
    free(blob);
    report("layout rules 18-21");
}
END_TEST

/* Rules 22-24: parameter values, at their boundaries, in every layer. */
START_TEST(value_rules_22_to_24_have_their_codes)
{
    tvae_gen_model m;
    tvae_model model;
    tvae_layer l;
    uint8_t *blob;
    size_t size, base;
    unsigned k;

    cases = 0;
    family(&m, 2, 2, 2, 2, 3, 2);
    blob = write_model(&m, 0, &size);
    ck_assert_int_eq(tvae_model_validate(&model, blob, size), TVAE_OK);
    for (k = 0; k < 7u; k++) {
        size_t nbias, nw;
        tvae_model_layer(&model, k, &l);
        nbias = k == 0 ? 6u * 16u * l.out_c : l.out_c;
        nw = k == 0 ? 16u * l.out_c * l.in_c : 9u * l.out_c * l.in_c;
        /* rule 22: bias, first and last of the layer */
        base = (size_t)(l.bias - blob);
        expect_u32(blob, size, base, 0x40000001u, TVAE_E_BIAS, "bias 2^30+1");
        expect_u32(blob, size, base + 4u * (nbias - 1u), 0xBFFFFFFFu, TVAE_E_BIAS, "bias -2^30-1");
        expect_u32(blob, size, base, 0x7FFFFFFFu, TVAE_E_BIAS, "bias INT32_MAX");
        expect_u32(blob, size, base, 0x80000000u, TVAE_E_BIAS, "bias INT32_MIN");
        expect_u32(blob, size, base, 0x40000000u, TVAE_OK, "bias 2^30");
        expect_u32(blob, size, base + 4u * (nbias - 1u), 0xC0000000u, TVAE_OK, "bias -2^30");
        /* rule 23: shift */
        base = (size_t)(l.shift - blob);
        expect_byte(blob, size, base, 0, TVAE_E_SHIFT, "shift 0");
        expect_byte(blob, size, base + l.out_c - 1u, 41, TVAE_E_SHIFT, "shift 41");
        expect_byte(blob, size, base, 255, TVAE_E_SHIFT, "shift 255");
        expect_byte(blob, size, base, 40, TVAE_OK, "shift 40");
        /* any M is allowed */
        base = (size_t)(l.mult - blob);
        blob[base] = 0xFF;
        blob[base + 1u] = 0xFF;
        tvae_gen_fix_crc(blob, size);
        expect(blob, size, TVAE_OK, "mult 65535");
        blob[base] = 0;
        blob[base + 1u] = 0;
        tvae_gen_fix_crc(blob, size);
        expect(blob, size, TVAE_OK, "mult 0");
        blob[base] = 1;
        tvae_gen_fix_crc(blob, size);
        /* rule 24: weight -128 first and last; -127 and 127 allowed */
        base = (size_t)(l.weights - blob);
        expect_byte(blob, size, base, 0x80, TVAE_E_WEIGHT, "weight -128 first");
        expect_byte(blob, size, base + nw - 1u, 0x80, TVAE_E_WEIGHT, "weight -128 last");
        expect_byte(blob, size, base, 0x81, TVAE_OK, "weight -127");
        expect_byte(blob, size, base + nw - 1u, 0x7F, TVAE_OK, "weight 127");
    }
    free(blob);
    report("value rules 22-24");
}
END_TEST

/* The first rule broken, in spec order, is the one reported. */
START_TEST(first_broken_rule_is_reported)
{
    tvae_gen_model m;
    tvae_model model;
    tvae_layer l0, l3;
    uint8_t *blob;
    size_t size;

    cases = 0;
    family(&m, 2, 2, 2, 2, 2, 0);
    blob = write_model(&m, 0, &size);
    ck_assert_int_eq(tvae_model_validate(&model, blob, size), TVAE_OK);
    tvae_model_layer(&model, 0, &l0);
    tvae_model_layer(&model, 3, &l3);

    /* magic before version before CRC */
    blob[0] = 'X';
    blob[4] = 9;
    blob[size - 1] ^= 1u;
    expect(blob, size, TVAE_E_MAGIC, "magic + version + crc");
    blob[0] = 'T';
    expect(blob, size, TVAE_E_VERSION, "version + crc");
    blob[4] = 1;
    expect(blob, size, TVAE_E_CRC, "crc");
    blob[size - 1] ^= 1u;
    /* rule 7 before rule 8 */
    blob[23] = 1;
    blob[16] = 0;
    tvae_gen_fix_crc(blob, size);
    expect(blob, size, TVAE_E_RESERVED, "reserved + L");
    blob[23] = 0;
    blob[16] = 2;
    /* structural rules of a later layer (18) before values of layer 0 (22) */
    blob[(size_t)(l0.bias - blob) + 3] = 0x7F; /* bias 0x7F000000 */
    tt_put_u32(blob + DESC(3) + 8u, tt_get_u32(blob + DESC(3) + 8u) + 4u);
    tvae_gen_fix_crc(blob, size);
    expect(blob, size, TVAE_E_OFFSET, "layer 3 offset + layer 0 bias");
    tt_put_u32(blob + DESC(3) + 8u, tt_get_u32(blob + DESC(3) + 8u) - 4u);
    /* layer 0's values before layer 3's: bias (22) in 0, weight (24) in 3 */
    blob[(size_t)(l3.weights - blob)] = 0x80;
    tvae_gen_fix_crc(blob, size);
    expect(blob, size, TVAE_E_BIAS, "layer 0 bias + layer 3 weight");
    blob[(size_t)(l0.bias - blob) + 3] = 0;
    tvae_gen_fix_crc(blob, size);
    expect(blob, size, TVAE_E_WEIGHT, "layer 3 weight");
    /* within a layer: bias (22) before shift (23) before weight (24) */
    blob[(size_t)(l3.shift - blob)] = 0;
    tvae_gen_fix_crc(blob, size);
    expect(blob, size, TVAE_E_SHIFT, "shift + weight");
    blob[(size_t)(l3.bias - blob) + 3] = 0x80;
    tvae_gen_fix_crc(blob, size);
    expect(blob, size, TVAE_E_BIAS, "bias + shift + weight");
    /* within a descriptor: kind (14) before channels (15) before shape (16) */
    blob[(size_t)(l3.bias - blob) + 3] = 0;
    blob[(size_t)(l3.shift - blob)] = 1;
    blob[(size_t)(l3.weights - blob)] = 0;
    blob[DESC(1)] = 4;
    blob[DESC(1) + 3u] = 0;
    blob[DESC(1) + 6u] = 3;
    tvae_gen_fix_crc(blob, size);
    expect(blob, size, TVAE_E_LAYER_KIND, "kind + channels + shape");
    blob[DESC(1)] = 2;
    tvae_gen_fix_crc(blob, size);
    expect(blob, size, TVAE_E_CHANNELS, "channels + shape");
    blob[DESC(1) + 3u] = 2;
    tvae_gen_fix_crc(blob, size);
    expect(blob, size, TVAE_E_SHAPE, "shape");
    blob[DESC(1) + 6u] = 8;
    tvae_gen_fix_crc(blob, size);
    expect(blob, size, TVAE_OK, "restored");
    free(blob);
    report("rule order");
}
END_TEST

/* A kind written with the writer (canonical offsets for that kind): a
 * DENSE where a CONVT_S2 must be, and the other way round. */
START_TEST(rewritten_models_with_wrong_kinds_are_rejected)
{
    tvae_gen_model m;
    uint8_t *blob;
    size_t size;

    cases = 0;
    family(&m, 2, 2, 2, 2, 2, 1);
    m.layers[0].kind = TVAE_LAYER_CONVT_S2;
    blob = write_model(&m, 0, &size);
    expect(blob, size, TVAE_E_LAYER_KIND, "convt at 0");
    free(blob);
    family(&m, 2, 2, 2, 2, 2, 1);
    m.layers[5].kind = TVAE_LAYER_CONV;
    blob = write_model(&m, 0, &size);
    expect(blob, size, TVAE_E_LAYER_KIND, "conv as last");
    free(blob);
    family(&m, 2, 2, 2, 2, 2, 1);
    m.layers[4].kind = TVAE_LAYER_CONVT_S1;
    blob = write_model(&m, 0, &size);
    expect(blob, size, TVAE_E_LAYER_KIND, "convt_s1 at 4");
    free(blob);
    family(&m, 2, 2, 2, 2, 2, 0);
    m.layers[3].kind = TVAE_LAYER_CONVT_S2;
    m.layers[3].out_h = 32;
    m.layers[3].out_w = 32;
    blob = write_model(&m, 0, &size);
    expect(blob, size, TVAE_E_LAYER_KIND, "convt_s2 at 3");
    free(blob);
    /* the dense layer with the 65-channel limit exceeded, laid out */
    family(&m, 2, 2, 2, 2, 65, 0);
    blob = write_model(&m, 0, &size);
    expect(blob, size, TVAE_E_CHANNELS, "d4 65");
    free(blob);
    report("rewritten wrong kinds");
}
END_TEST

START_TEST(strerror_names_every_status)
{
    int c;
    for (c = TVAE_E_SCRATCH; c <= TVAE_OK; c++) {
        const char *s = tvae_strerror(c);
        int d;
        ck_assert_ptr_nonnull(s);
        ck_assert_str_ne(s, "unknown status");
        for (d = TVAE_E_SCRATCH; d < c; d++)
            ck_assert_str_ne(s, tvae_strerror(d));
    }
    ck_assert_str_eq(tvae_strerror(1), "unknown status");
    ck_assert_str_eq(tvae_strerror(-23), "unknown status");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("validate (spec 4.5)");
    TCase *tc = tcase_create("rules");

    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, valid_models_are_accepted);
    tcase_add_test(tc, null_arguments_are_rejected);
    tcase_add_test(tc, every_prefix_is_truncated);
    tcase_add_test(tc, every_single_bit_flip_is_rejected);
    tcase_add_test(tc, header_rules_2_to_12_have_their_codes);
    tcase_add_test(tc, descriptor_rules_13_to_17_have_their_codes);
    tcase_add_test(tc, layout_rules_18_to_21_have_their_codes);
    tcase_add_test(tc, value_rules_22_to_24_have_their_codes);
    tcase_add_test(tc, first_broken_rule_is_reported);
    tcase_add_test(tc, rewritten_models_with_wrong_kinds_are_rejected);
    tcase_add_test(tc, strerror_names_every_status);
    suite_add_tcase(s, tc);
    return tt_run(s);
}
