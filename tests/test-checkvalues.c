/*
 * test-checkvalues.c -- the check values the spec publishes: CRC-32 (4.1),
 * the roll generator and profile (6.1-6.3), the layer hash (9.2).
 */
#include "tvae-test.h"

START_TEST(crc32_check_value_is_cbf43926)
{
    static const uint8_t digits[9] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
    static const uint8_t zero4[4] = {0, 0, 0, 0};
    ck_assert_uint_eq(tvae_crc32(digits, 9), 0xCBF43926u);
    ck_assert_uint_eq(tvae_crc32(digits, 0), 0x00000000u);
    /* zlib: crc32(b"\0\0\0\0") = 0x2144DF1C */
    ck_assert_uint_eq(tvae_crc32(zero4, 4), 0x2144DF1Cu);
}
END_TEST

/* spec 6.1: fmix32(1) = 0x514E28B7 and the first eight draws for seed 1. */
START_TEST(roll_generator_first_draws_for_seed_1)
{
    static const uint32_t want[8] = {0x1F48D1FBu, 0xAB81DB40u, 0x8DDBF5B4u,
                                     0x9ECC8C42u, 0xE7DDB7E0u, 0x75127170u,
                                     0x5CB1F12Eu, 0x30140CE4u};
    uint32_t state = 0x514E28B7u; /* fmix32(1) */
    unsigned i;

    for (i = 0; i < 8u; i++)
        ck_assert_uint_eq(tvae_roll_next(&state), want[i]);
    ck_assert_uint_eq(state, want[7]);
    state = 1; /* raw xorshift32 from state 1 */
    ck_assert_uint_eq(tvae_roll_next(&state), 0x00042021u);
}
END_TEST

/* A model header with the given roll profile (layers valid, values 0). */
static uint8_t *roll_model(unsigned latent, unsigned kind, unsigned mult,
                           unsigned shift, tvae_model *model)
{
    static const uint16_t m1[64] = {1};
    static const uint8_t s1[64] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    tvae_gen_model m;
    uint8_t *blob;
    size_t size;
    unsigned k;

    tvae_gen_family(&m, latent, 1, 1, 1, 1, 0);
    m.roll_kind = kind;
    m.roll_mult = mult;
    m.roll_shift = shift;
    for (k = 0; k < m.layer_count; k++) {
        m.layers[k].mult = m1;
        m.layers[k].shift = s1;
    }
    size = tvae_gen_size(&m);
    blob = malloc(size);
    ck_assert_ptr_nonnull(blob);
    ck_assert_uint_eq(tvae_gen_write(&m, blob, size), size);
    ck_assert_int_eq(tvae_model_validate(model, blob, size), TVAE_OK);
    return blob;
}

/* spec 6.2/6.3: seed 1, kind 0, M = 2, S = 1, L = 1: p = 1, z = 43. */
START_TEST(roll_seed_1_gives_pips_1_and_latent_43)
{
    tvae_model model;
    uint8_t *blob = roll_model(1, 0, 2, 1, &model);
    unsigned pips = 99;
    int8_t z[1] = {0};

    ck_assert_int_eq(tvae_roll(&model, 1, &pips, z), TVAE_OK);
    ck_assert_uint_eq(pips, 1);
    ck_assert_int_eq(z[0], 43);
    free(blob);
}
END_TEST

/* Independent spec 6 in the test: fmix32, xorshift32, the two kinds. */
static uint32_t my_fmix32(uint32_t h)
{
    h ^= h >> 16;
    h = (uint32_t)(h * 0x85EBCA6Bu);
    h ^= h >> 13;
    h = (uint32_t)(h * 0xC2B2AE35u);
    h ^= h >> 16;
    return h;
}

static uint32_t my_next(uint32_t *x)
{
    *x ^= (uint32_t)(*x << 13);
    *x ^= *x >> 17;
    *x ^= (uint32_t)(*x << 5);
    return *x;
}

static int64_t my_floor_div(int64_t n, int64_t d)
{
    int64_t q = n / d;
    return (n % d != 0 && n < 0) ? q - 1 : q;
}

START_TEST(roll_matches_the_spec_for_many_seeds_both_kinds)
{
    static const uint32_t seeds[] = {0, 1, 2, 3, 42, 0x80000000u, 0xFFFFFFFFu};
    static const unsigned mults[] = {2, 1, 65535, 300};
    static const unsigned shifts[] = {1, 2, 40, 9};
    unsigned kind, si, pi;

    ck_assert_uint_eq(my_fmix32(1), 0x514E28B7u);
    for (kind = 0; kind <= 1u; kind++) {
        for (pi = 0; pi < 4u; pi++) {
            tvae_model model;
            uint8_t *blob = roll_model(16, kind, mults[pi], shifts[pi], &model);
            for (si = 0; si < sizeof seeds / sizeof seeds[0]; si++) {
                uint32_t x = seeds[si] != 0 ? my_fmix32(seeds[si]) : 0x6D2B79F5u;
                uint32_t u = my_next(&x);
                unsigned want_p = 1u + (unsigned)(((uint64_t)(u >> 16) * 6u) >> 16);
                unsigned pips, i;
                int8_t z[16];

                ck_assert_int_eq(tvae_roll(&model, seeds[si], &pips, z), TVAE_OK);
                ck_assert_uint_eq(pips, want_p);
                ck_assert_uint_ge(pips, 1);
                ck_assert_uint_le(pips, 6);
                for (i = 0; i < 16u; i++) {
                    int64_t v, y;
                    u = my_next(&x);
                    if (kind == 0)
                        v = (int64_t)(u >> 24) - 128;
                    else
                        v = (int64_t)(u & 0xFF) + ((u >> 8) & 0xFF)
                          + ((u >> 16) & 0xFF) + (u >> 24) - 510;
                    y = my_floor_div(v * mults[pi] + ((int64_t)1 << (shifts[pi] - 1u)),
                                     (int64_t)1 << shifts[pi]);
                    if (y < -128)
                        y = -128;
                    if (y > 127)
                        y = 127;
                    ck_assert_int_eq(z[i], y);
                }
            }
            free(blob);
        }
    }
}
END_TEST

START_TEST(roll_rejects_null_arguments)
{
    tvae_model model, empty = {NULL, 0};
    uint8_t *blob = roll_model(1, 0, 2, 1, &model);
    unsigned pips;
    int8_t z[1];

    ck_assert_int_eq(tvae_roll(NULL, 1, &pips, z), TVAE_E_ARGUMENT);
    ck_assert_int_eq(tvae_roll(&empty, 1, &pips, z), TVAE_E_ARGUMENT);
    ck_assert_int_eq(tvae_roll(&model, 1, NULL, z), TVAE_E_ARGUMENT);
    ck_assert_int_eq(tvae_roll(&model, 1, &pips, NULL), TVAE_E_ARGUMENT);
    free(blob);
}
END_TEST

/* spec 9.2: mix(0, 0) = 0x92CA2F0E, mix(1, 255) = 0xBBB6DF26. */
START_TEST(layer_hash_check_values)
{
    static const uint8_t two[2] = {0, 255};
    ck_assert_uint_eq(tvae_hash_element(0, 0), 0x92CA2F0Eu);
    ck_assert_uint_eq(tvae_hash_element(1, 255), 0xBBB6DF26u);
    /* hash = sum mod 2^32: 0x92CA2F0E + 0xBBB6DF26 = 0x1_4E81_0E34 */
    ck_assert_uint_eq(tvae_layer_hash(two, 2), 0x4E810E34u);
    ck_assert_uint_eq(tvae_layer_hash(two, 0), 0);
    ck_assert_uint_eq(tvae_hash_element(5, 7),
                      my_fmix32(((uint32_t)5 * 256u + 7u) ^ 0x9E3779B9u));
    /* index * 256 wraps modulo 2^32 */
    ck_assert_uint_eq(tvae_hash_element(0x01000001u, 3),
                      my_fmix32(((uint32_t)0x00000100u + 3u) ^ 0x9E3779B9u));
}
END_TEST

/* The hash is a sum over (index, value): any order of accumulation gives it. */
START_TEST(layer_hash_is_independent_of_summation_order)
{
    uint8_t act[1024];
    uint32_t fwd, back = 0, odd_even = 0;
    unsigned i;

    for (i = 0; i < 1024u; i++)
        act[i] = (uint8_t)((i * 37u + 11u) & 0xFFu);
    fwd = tvae_layer_hash(act, 1024);
    for (i = 1024; i-- > 0;)
        back += tvae_hash_element(i, act[i]);
    for (i = 1; i < 1024u; i += 2)
        odd_even += tvae_hash_element(i, act[i]);
    for (i = 0; i < 1024u; i += 2)
        odd_even += tvae_hash_element(i, act[i]);
    ck_assert_uint_eq(fwd, back);
    ck_assert_uint_eq(fwd, odd_even);
    act[513] ^= 1u;
    ck_assert_uint_ne(tvae_layer_hash(act, 1024), fwd);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("check values (spec 4.1, 6, 9.2)");
    TCase *tc = tcase_create("values");

    tcase_add_test(tc, crc32_check_value_is_cbf43926);
    tcase_add_test(tc, roll_generator_first_draws_for_seed_1);
    tcase_add_test(tc, roll_seed_1_gives_pips_1_and_latent_43);
    tcase_add_test(tc, roll_matches_the_spec_for_many_seeds_both_kinds);
    tcase_add_test(tc, roll_rejects_null_arguments);
    tcase_add_test(tc, layer_hash_check_values);
    tcase_add_test(tc, layer_hash_is_independent_of_summation_order);
    suite_add_tcase(s, tc);
    return tt_run(s);
}
