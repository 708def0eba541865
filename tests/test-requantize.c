/*
 * test-requantize.c -- spec 5.1: the one requantization rule.
 *
 * tvae_requantize is checked against an independent formulation of
 *     y = clamp(floor((acc * M + 2^(S-1)) / 2^S), lo, hi)
 * that uses C's truncating / and % on int64 with a sign correction (the
 * reference uses shifts on magnitudes), on exhaustive edge domains, and
 * against the worked examples of spec 5.1 verbatim.
 */
#include "tvae-test.h"

/* floor(n / d) for d > 0, through C99's truncating division. */
static int64_t floor_div(int64_t n, int64_t d)
{
    int64_t q = n / d;
    if (n % d != 0 && n < 0)
        q -= 1;
    return q;
}

static int32_t model_requantize(int32_t acc, uint16_t m, unsigned s,
                                int32_t lo, int32_t hi)
{
    int64_t two_s = (int64_t)1 << s;
    int64_t y = floor_div((int64_t)acc * m + two_s / 2, two_s);
    if (y < lo)
        return lo;
    if (y > hi)
        return hi;
    return (int32_t)y;
}

static const uint16_t edge_mults[] = {0, 1, 2, 3, 255, 256, 32767, 32768,
                                      65534, 65535};
#define N_MULTS (sizeof edge_mults / sizeof edge_mults[0])

static const int32_t clamp_lo[] = {INT32_MIN, 0, -128};
static const int32_t clamp_hi[] = {INT32_MAX, 255, 127};

static unsigned long compared;

static void compare(int32_t acc, uint16_t m, unsigned s)
{
    unsigned k;
    for (k = 0; k < 3u; k++) {
        int32_t want = model_requantize(acc, m, s, clamp_lo[k], clamp_hi[k]);
        int32_t got = tvae_requantize(acc, m, s, clamp_lo[k], clamp_hi[k]);
        if (got != want)
            ck_abort_msg("requantize(acc=%ld, M=%u, S=%u, [%ld, %ld]) = %ld, "
                         "independent floor division gives %ld",
                         (long)acc, (unsigned)m, s, (long)clamp_lo[k],
                         (long)clamp_hi[k], (long)got, (long)want);
        compared++;
    }
}

/* spec 5.1 table, verbatim: M = 1, S = 1, exact value acc / 2. */
START_TEST(spec_worked_examples_half_up_not_away_from_zero)
{
    ck_assert_int_eq(tvae_requantize(5, 1, 1, INT32_MIN, INT32_MAX), 3);
    ck_assert_int_eq(tvae_requantize(3, 1, 1, INT32_MIN, INT32_MAX), 2);
    ck_assert_int_eq(tvae_requantize(1, 1, 1, INT32_MIN, INT32_MAX), 1);
    ck_assert_int_eq(tvae_requantize(-1, 1, 1, INT32_MIN, INT32_MAX), 0);
    ck_assert_int_eq(tvae_requantize(-3, 1, 1, INT32_MIN, INT32_MAX), -1);
    ck_assert_int_eq(tvae_requantize(-5, 1, 1, INT32_MIN, INT32_MAX), -2);
    /* "More (lo = -2^31, hi = 2^31 - 1)" */
    ck_assert_int_eq(tvae_requantize(1000, 3, 4, INT32_MIN, INT32_MAX), 188);
    ck_assert_int_eq(tvae_requantize(-1000, 3, 4, INT32_MIN, INT32_MAX), -187);
    ck_assert_int_eq(tvae_requantize(-1001, 3, 4, INT32_MIN, INT32_MAX), -188);
    ck_assert_int_eq(tvae_requantize(7, 65535, 40, INT32_MIN, INT32_MAX), 0);
}
END_TEST

/* Every acc in a window of +-64 around the accumulator that lands exactly
 * on the tie t + 1/2 for targets t around 0 and both clamp edges, both
 * signs, every S 1..40, every edge M. */
START_TEST(matches_floor_division_around_every_tie)
{
    static const int32_t targets[] = {-257, -256, -129, -128, -127, -3, -2, -1,
                                      0, 1, 2, 3, 126, 127, 128, 254, 255, 256};
    unsigned s, mi, ti;
    int32_t d;

    compared = 0;
    for (s = 1; s <= 40u; s++) {
        for (mi = 1; mi < N_MULTS; mi++) {
            uint16_t m = edge_mults[mi];
            for (ti = 0; ti < sizeof targets / sizeof targets[0]; ti++) {
                /* acc * M = (2t + 1) * 2^(S-1) at the tie */
                int64_t num = (2 * (int64_t)targets[ti] + 1) * ((int64_t)1 << (s - 1u));
                int64_t centre = floor_div(num, m);
                if (centre > INT32_MAX - 64)
                    centre = INT32_MAX - 64;
                if (centre < INT32_MIN + 64)
                    centre = INT32_MIN + 64;
                for (d = -64; d <= 64; d++)
                    compare((int32_t)(centre + d), m, s);
            }
        }
    }
    ck_assert_uint_eq(compared, 40ul * (N_MULTS - 1u) * 18u * 129u * 3u);
}
END_TEST

/* Ties exist exactly when acc * M is an odd multiple of 2^(S-1): check
 * that every such tie in a window rounds up (toward +infinity). */
START_TEST(exact_ties_round_toward_plus_infinity)
{
    unsigned s;
    int32_t k;

    for (s = 1; s <= 20u; s++) {
        for (k = -300; k <= 300; k++) {
            /* M = 1: acc = (2k + 1) * 2^(S-1) is the tie k + 1/2 */
            int64_t acc = (2 * (int64_t)k + 1) * ((int64_t)1 << (s - 1u));
            if (acc > INT32_MAX || acc < INT32_MIN)
                continue;
            ck_assert_int_eq(tvae_requantize((int32_t)acc, 1, s, INT32_MIN, INT32_MAX),
                             k + 1);
        }
    }
}
END_TEST

/* A small accumulator range exhaustively, every S, several M. */
START_TEST(matches_floor_division_on_small_accumulators)
{
    static const uint16_t mults[] = {0, 1, 3, 32768, 65535};
    int32_t acc;
    unsigned s, mi;

    compared = 0;
    for (mi = 0; mi < sizeof mults / sizeof mults[0]; mi++)
        for (s = 1; s <= 40u; s++)
            for (acc = -4096; acc <= 4096; acc++)
                compare(acc, mults[mi], s);
    ck_assert_uint_eq(compared, 5ul * 40ul * 8193ul * 3ul);
}
END_TEST

/* INT32 extremes and the spec 5.7 bound +-(2^30 + 18653760), every S, every
 * edge M, plus every M 0..65535 at S = 1, 20, 40. */
START_TEST(matches_floor_division_at_int32_extremes_and_the_57_bound)
{
    static const int32_t accs[] = {
        INT32_MIN, INT32_MIN + 1, INT32_MIN + 2, -1092395585, -1092395584,
        -1092395583, -1073741824, -65536, -2, -1, 0, 1, 2, 65536, 1073741824,
        1092395583, 1092395584, 1092395585, INT32_MAX - 2, INT32_MAX - 1,
        INT32_MAX};
    unsigned s, mi, ai;
    uint32_t m;

    compared = 0;
    for (ai = 0; ai < sizeof accs / sizeof accs[0]; ai++) {
        for (s = 1; s <= 40u; s++)
            for (mi = 0; mi < N_MULTS; mi++)
                compare(accs[ai], edge_mults[mi], s);
        for (m = 0; m <= 65535u; m++) {
            compare(accs[ai], (uint16_t)m, 1);
            compare(accs[ai], (uint16_t)m, 20);
            compare(accs[ai], (uint16_t)m, 40);
        }
    }
    ck_assert_uint_eq(compared, 21ul * (40ul * N_MULTS + 3ul * 65536ul) * 3ul);
}
END_TEST

START_TEST(saturates_at_both_ends)
{
    /* 2^30 + 18653760 times 65535 over 2^1 is far above 255 ... */
    ck_assert_int_eq(tvae_requantize(1092395584, 65535, 1, 0, 255), 255);
    ck_assert_int_eq(tvae_requantize(-1092395584, 65535, 1, 0, 255), 0);
    ck_assert_int_eq(tvae_requantize(INT32_MAX, 65535, 1, INT32_MIN, INT32_MAX),
                     INT32_MAX);
    ck_assert_int_eq(tvae_requantize(INT32_MIN, 65535, 1, INT32_MIN, INT32_MAX),
                     INT32_MIN);
    ck_assert_int_eq(tvae_requantize(INT32_MIN, 65535, 40, INT32_MIN, INT32_MAX),
                     -128);   /* -2^31 * 65535 / 2^40 = -127.998 -> -128 */
    ck_assert_int_eq(tvae_requantize(INT32_MAX, 65535, 40, INT32_MIN, INT32_MAX),
                     128);    /* 127.998 -> 128 */
    ck_assert_int_eq(tvae_requantize(INT32_MAX, 65535, 40, -128, 127), 127);
    /* exactly at the edges: 255.5 rounds to 256 -> 255; 254.5 -> 255 */
    ck_assert_int_eq(tvae_requantize(511, 1, 1, 0, 255), 255);
    ck_assert_int_eq(tvae_requantize(509, 1, 1, 0, 255), 255);
    ck_assert_int_eq(tvae_requantize(507, 1, 1, 0, 255), 254);
    /* -0.5 -> 0 (not clamped: the value is 0); -1.5 -> -1 -> clamp 0 */
    ck_assert_int_eq(tvae_requantize(-1, 1, 1, 0, 255), 0);
    ck_assert_int_eq(tvae_requantize(-3, 1, 1, -1, 255), -1);
    ck_assert_int_eq(tvae_requantize(-3, 1, 1, 0, 255), 0);
    /* roll profile range: -128.5 -> -128, -129 -> -128 clamp, 127.5 -> 127 */
    ck_assert_int_eq(tvae_requantize(-257, 1, 1, -128, 127), -128);
    ck_assert_int_eq(tvae_requantize(-258, 1, 1, -128, 127), -128);
    ck_assert_int_eq(tvae_requantize(255, 1, 1, -128, 127), 127);
    ck_assert_int_eq(tvae_requantize(253, 1, 1, -128, 127), 127);
    ck_assert_int_eq(tvae_requantize(251, 1, 1, -128, 127), 126);
    /* M = 0 gives floor(2^(S-1) / 2^S) = 0 whatever acc is */
    ck_assert_int_eq(tvae_requantize(INT32_MAX, 0, 1, INT32_MIN, INT32_MAX), 0);
    ck_assert_int_eq(tvae_requantize(INT32_MIN, 0, 40, INT32_MIN, INT32_MAX), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("requantize (spec 5.1)");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, spec_worked_examples_half_up_not_away_from_zero);
    tcase_add_test(tc, matches_floor_division_around_every_tie);
    tcase_add_test(tc, exact_ties_round_toward_plus_infinity);
    tcase_add_test(tc, matches_floor_division_on_small_accumulators);
    tcase_add_test(tc, matches_floor_division_at_int32_extremes_and_the_57_bound);
    tcase_add_test(tc, saturates_at_both_ends);
    suite_add_tcase(s, tc);
    return tt_run(s);
}
