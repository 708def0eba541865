/*
 * test-modelgen.c -- tools/modelgen: the writer lays out spec 4 exactly
 * (header fields, canonical offsets and lengths, zero padding, CRC) and
 * tvae_synth is deterministic, seed-dependent and always valid.
 */
#include "tvae-test.h"

static uint32_t u32(const uint8_t *p) { return tt_get_u32(p); }
static unsigned u16(const uint8_t *p) { return (unsigned)p[0] | ((unsigned)p[1] << 8); }

/* 1_1_1_1, L = 1, by hand (spec 4.4):
 *   header 32 + table 5 * 16 = 112
 *   DENSE: 24 * 16 + 3 * 1 + 16 * 1 = 403 at 112, padded to 516
 *   CONVT 1 -> 1: 7 + 9 = 16 bytes, at 516, 532, 548, 564 -> file 580 */
START_TEST(writer_lays_out_header_offsets_lengths_and_padding)
{
    static const int32_t dense_bias[96] = {-5, 7};
    static const uint16_t mult[1] = {0xBEEF};
    static const uint8_t shift[1] = {33};
    static const int8_t w[16] = {-127, 1, 2, 3};
    static const int32_t cbias[1] = {-1073741824};
    tvae_gen_model m;
    uint8_t blob[600];
    unsigned k;

    tvae_gen_family(&m, 1, 1, 1, 1, 1, 0);
    m.latent_frac = 5;
    m.roll_kind = 1;
    m.roll_mult = 0x1234;
    m.roll_shift = 9;
    m.layers[0].bias = dense_bias;
    m.layers[0].mult = mult;
    m.layers[0].shift = shift;
    m.layers[0].weights = w;
    m.layers[4].bias = cbias;
    ck_assert_uint_eq(tvae_gen_size(&m), 580);
    memset(blob, 0xEE, sizeof blob);
    ck_assert_uint_eq(tvae_gen_write(&m, blob, 579), 0); /* too small */
    ck_assert_uint_eq(blob[0], 0xEE);                    /* nothing written */
    ck_assert_uint_eq(tvae_gen_write(&m, blob, sizeof blob), 580);
    ck_assert_mem_eq(blob, "TVAE", 4);
    ck_assert_uint_eq(blob[4], 1);
    ck_assert_uint_eq(blob[5], 0);
    ck_assert_uint_eq(u16(blob + 6), 0);
    ck_assert_uint_eq(u32(blob + 8), 580);
    ck_assert_uint_eq(u32(blob + 12), tvae_crc32(blob + 16, 580 - 16));
    ck_assert_uint_eq(blob[16], 1);
    ck_assert_uint_eq(blob[17], 5);
    ck_assert_uint_eq(blob[18], 5);
    ck_assert_uint_eq(blob[19], 1);
    ck_assert_uint_eq(u16(blob + 20), 0x1234);
    ck_assert_uint_eq(blob[22], 9);
    for (k = 23; k < 32; k++)
        ck_assert_uint_eq(blob[k], 0);
    /* descriptors */
    {
        static const uint8_t d0[8] = {1, 0, 1, 1, 1, 1, 4, 4};
        static const uint8_t d1[8] = {2, 0, 1, 1, 4, 4, 8, 8};
        static const uint8_t d3[8] = {3, 0, 1, 1, 16, 16, 16, 16};
        static const uint8_t d4[8] = {2, 0, 1, 1, 16, 16, 32, 32};
        static const uint32_t off[5] = {112, 516, 532, 548, 564};
        static const uint32_t len[5] = {403, 16, 16, 16, 16};
        ck_assert_mem_eq(blob + 32, d0, 8);
        ck_assert_mem_eq(blob + 48, d1, 8);
        ck_assert_mem_eq(blob + 80, d3, 8);
        ck_assert_mem_eq(blob + 96, d4, 8);
        for (k = 0; k < 5u; k++) {
            ck_assert_uint_eq(u32(blob + 32 + 16 * k + 8), off[k]);
            ck_assert_uint_eq(u32(blob + 32 + 16 * k + 12), len[k]);
        }
    }
    /* the DENSE block: bias[0] = -5, bias[1] = 7, rest 0; M; S; weights */
    ck_assert_uint_eq(u32(blob + 112), 0xFFFFFFFBu);
    ck_assert_uint_eq(u32(blob + 116), 7);
    ck_assert_uint_eq(u32(blob + 112 + 4 * 95), 0);
    ck_assert_uint_eq(u16(blob + 112 + 384), 0xBEEF);
    ck_assert_uint_eq(blob[112 + 386], 33);
    ck_assert_uint_eq(blob[112 + 387], 0x81);
    ck_assert_uint_eq(blob[112 + 388], 1);
    ck_assert_uint_eq(blob[112 + 402], 0);
    ck_assert_uint_eq(blob[515], 0); /* padding */
    /* NULL arrays are zeros; the last block's bias is -2^30 */
    ck_assert_uint_eq(u32(blob + 516), 0);
    ck_assert_uint_eq(u32(blob + 564), 0xC0000000u);
    /* this model has shift 0 in layers 1-4: the validator says so */
    {
        tvae_model model;
        ck_assert_int_eq(tvae_model_validate(&model, blob, 580), TVAE_E_SHIFT);
    }
}
END_TEST

START_TEST(writer_handles_counts_it_cannot_write)
{
    tvae_gen_model m;
    uint8_t blob[64];

    tvae_gen_family(&m, 1, 1, 1, 1, 1, 0);
    m.layer_count = 9;
    ck_assert_uint_eq(tvae_gen_size(&m), 0);
    ck_assert_uint_eq(tvae_gen_write(&m, blob, sizeof blob), 0);
    ck_assert_uint_eq(tvae_gen_size(NULL), 0);
    m.layer_count = 0; /* header only: 32 bytes, invalid but writable */
    ck_assert_uint_eq(tvae_gen_size(&m), 32);
    ck_assert_uint_eq(tvae_gen_write(&m, blob, sizeof blob), 32);
    ck_assert_uint_eq(blob[17], 0);
    ck_assert_uint_eq(tvae_gen_write(&m, NULL, 100), 0);
}
END_TEST

START_TEST(fix_crc_recomputes_the_crc_field)
{
    uint8_t b[20] = {0};
    b[16] = '1';
    tvae_gen_fix_crc(b, 17);
    ck_assert_uint_eq(u32(b + 12), tvae_crc32(b + 16, 1));
    ck_assert_uint_eq(u32(b + 12), 0x83DCEFB7u); /* CRC-32("1") */
    b[12] = 0;
    tvae_gen_fix_crc(b, 15); /* too short: untouched */
    ck_assert_uint_eq(b[12], 0);
    tvae_gen_fix_crc(NULL, 100);
}
END_TEST

START_TEST(synth_is_deterministic_and_depends_on_the_seed)
{
    size_t s1, s2, s3;
    uint8_t *a = tt_synth(3, 4, 5, 6, 7, 2, 42, &s1);
    uint8_t *b = tt_synth(3, 4, 5, 6, 7, 2, 42, &s2);
    uint8_t *c = tt_synth(3, 4, 5, 6, 7, 2, 43, &s3);

    ck_assert_uint_eq(s1, s2);
    ck_assert_uint_eq(s1, s3);
    ck_assert_mem_eq(a, b, s1);
    ck_assert_int_ne(memcmp(a, c, s1), 0);
    free(a);
    free(b);
    free(c);
}
END_TEST

START_TEST(synth_rejects_bad_configs_and_reports_the_size_needed)
{
    tvae_synth_config c;
    uint8_t small[16];
    size_t size = 0;

    memset(&c, 0, sizeof c);
    c.latent_len = 1;
    c.d1 = c.d2 = c.d3 = c.d4 = 4;
    ck_assert_uint_eq(tvae_synth_size(&c), 2284);
    ck_assert_int_eq(tvae_synth(&c, small, sizeof small, &size), TVAE_E_ARGUMENT);
    ck_assert_uint_eq(size, 2284);
    ck_assert_int_eq(tvae_synth(&c, NULL, 0, &size), TVAE_E_ARGUMENT);
    ck_assert_int_eq(tvae_synth(&c, small, sizeof small, NULL), TVAE_E_ARGUMENT);
    ck_assert_int_eq(tvae_synth(NULL, small, sizeof small, &size), TVAE_E_ARGUMENT);
    ck_assert_uint_eq(tvae_synth_size(NULL), 0);
    c.latent_len = 0;
    ck_assert_int_eq(tvae_synth(&c, small, sizeof small, &size), TVAE_E_ARGUMENT);
    ck_assert_uint_eq(tvae_synth_size(&c), 0);
    c.latent_len = 17;
    ck_assert_int_eq(tvae_synth(&c, small, sizeof small, &size), TVAE_E_ARGUMENT);
    c.latent_len = 1;
    c.d3 = 65;
    ck_assert_int_eq(tvae_synth(&c, small, sizeof small, &size), TVAE_E_ARGUMENT);
    c.d3 = 0;
    ck_assert_int_eq(tvae_synth(&c, small, sizeof small, &size), TVAE_E_ARGUMENT);
    c.d3 = 4;
    c.extra = 4;
    ck_assert_int_eq(tvae_synth(&c, small, sizeof small, &size), TVAE_E_ARGUMENT);
    c.extra = 0;
    c.weight_mode = 4;
    ck_assert_int_eq(tvae_synth(&c, small, sizeof small, &size), TVAE_E_ARGUMENT);
    c.weight_mode = 0;
    c.bias_mode = -1;
    ck_assert_int_eq(tvae_synth(&c, small, sizeof small, &size), TVAE_E_ARGUMENT);
    c.bias_mode = 0;
    c.scale_mode = 4;
    ck_assert_int_eq(tvae_synth(&c, small, sizeof small, &size), TVAE_E_ARGUMENT);
}
END_TEST

/* The stress knobs put exactly the documented values in the file. */
START_TEST(synth_stress_modes_write_the_documented_values)
{
    tvae_synth_config c;
    tvae_model model;
    tvae_layer l;
    uint8_t *blob;
    size_t size, i;
    int mode;

    memset(&c, 0, sizeof c);
    c.latent_len = 2;
    c.d1 = 2; c.d2 = 3; c.d3 = 4; c.d4 = 5;
    c.extra = 1;
    for (mode = 1; mode <= 3; mode++) {
        unsigned k;
        c.weight_mode = c.bias_mode = c.scale_mode = mode;
        size = tvae_synth_size(&c);
        blob = malloc(size);
        ck_assert_ptr_nonnull(blob);
        ck_assert_int_eq(tvae_synth(&c, blob, size, &size), TVAE_OK);
        ck_assert_int_eq(tvae_model_validate(&model, blob, size), TVAE_OK);
        for (k = 0; k < 6u; k++) {
            size_t nw, nb;
            tvae_model_layer(&model, k, &l);
            nw = k == 0 ? 16u * l.out_c * l.in_c : 9u * l.out_c * l.in_c;
            nb = k == 0 ? 96u * l.out_c : l.out_c;
            for (i = 0; i < nw; i++) {
                int w = tvae_rd_i8(l.weights + i);
                int want = mode == 1 ? 127 : mode == 2 ? -127 : (i % 2u == 0u ? 127 : -127);
                ck_assert_int_eq(w, want);
            }
            for (i = 0; i < nb; i++) {
                int32_t b = tvae_rd_i32(l.bias + 4u * i);
                if (mode == 1)
                    ck_assert_int_eq(b, 1073741824);
                else if (mode == 2)
                    ck_assert_int_eq(b, -1073741824);
                else
                    ck_assert(b >= -1073741824 && b <= 1073741824);
            }
            for (i = 0; i < l.out_c; i++) {
                unsigned mm = tvae_rd_u16(l.mult + 2u * i), ss = l.shift[i];
                if (mode == 1) {
                    ck_assert_uint_eq(mm, i % 2u);
                    ck_assert_uint_eq(ss, 1);
                } else if (mode == 2) {
                    ck_assert_uint_eq(mm, 65535);
                    ck_assert_uint_eq(ss, 40);
                } else {
                    ck_assert_uint_eq(ss, 1u + i % 3u);
                    ck_assert_uint_ge(mm, 1);
                }
            }
        }
        free(blob);
    }
}
END_TEST

/* Default models: roll profile fields and the calibrated scale grid. */
START_TEST(synth_default_header_and_scale_grid)
{
    tvae_model model;
    tvae_layer l;
    size_t size;
    uint8_t *blob = tt_synth(5, 3, 4, 5, 6, 3, 9, &size);
    unsigned k, i;

    ck_assert_int_eq(tvae_model_validate(&model, blob, size), TVAE_OK);
    ck_assert_uint_eq(blob[18], 7);   /* latent_frac */
    ck_assert_uint_eq(blob[19], 0);   /* uniform roll */
    ck_assert_uint_eq(u16(blob + 20), 2);
    ck_assert_uint_eq(blob[22], 1);
    for (k = 0; k < 8u; k++) {
        tvae_model_layer(&model, k, &l);
        for (i = 0; i < l.out_c; i++) {
            unsigned mm = tvae_rd_u16(l.mult + 2u * i);
            ck_assert_uint_ge(mm, 32768);
            ck_assert_uint_eq((mm - 32768u) % 2048u, 0);
        }
    }
    free(blob);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("modelgen (tools/modelgen.h)");
    TCase *tc = tcase_create("writer+synth");

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, writer_lays_out_header_offsets_lengths_and_padding);
    tcase_add_test(tc, writer_handles_counts_it_cannot_write);
    tcase_add_test(tc, fix_crc_recomputes_the_crc_field);
    tcase_add_test(tc, synth_is_deterministic_and_depends_on_the_seed);
    tcase_add_test(tc, synth_rejects_bad_configs_and_reports_the_size_needed);
    tcase_add_test(tc, synth_stress_modes_write_the_documented_values);
    tcase_add_test(tc, synth_default_header_and_scale_grid);
    suite_add_tcase(s, tc);
    return tt_run(s);
}
