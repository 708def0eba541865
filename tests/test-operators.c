/*
 * test-operators.c -- spec 5.2-5.4: each operator on small cases whose
 * expected outputs were worked out by hand from the spec formulas (the
 * working is in the comments).  The kernels are called directly on
 * tvae_layer views of hand-made parameter bytes.
 */
#include "tvae-test.h"

/* Parameter bytes for one layer, laid out as spec 4.4 (bias, mult, shift,
 * weights) so that the layer view points into it like tvae_model_layer. */
typedef struct hand_layer {
    uint8_t bytes[4096];
    tvae_layer l;
} hand_layer;

static void hand_init(hand_layer *h, unsigned kind, unsigned in_c,
                      unsigned in_h, unsigned in_w, unsigned out_c,
                      unsigned out_h, unsigned out_w,
                      const int32_t *bias, unsigned nbias,
                      const uint16_t *mult, const uint8_t *shift,
                      const int8_t *w, unsigned nw)
{
    unsigned i;
    uint8_t *p = h->bytes;

    memset(h, 0, sizeof *h);
    h->l.kind = kind;
    h->l.in_c = in_c;
    h->l.in_h = in_h;
    h->l.in_w = in_w;
    h->l.out_c = out_c;
    h->l.out_h = out_h;
    h->l.out_w = out_w;
    h->l.bias = p;
    for (i = 0; i < nbias; i++, p += 4)
        tt_put_u32(p, (uint32_t)bias[i]);
    h->l.mult = p;
    for (i = 0; i < out_c; i++, p += 2)
        tt_put_u16(p, mult[i]);
    h->l.shift = p;
    for (i = 0; i < out_c; i++, p++)
        *p = shift[i];
    h->l.weights = p;
    for (i = 0; i < nw; i++, p++)
        *p = (uint8_t)w[i];
    ck_assert_uint_le((size_t)(p - h->bytes), sizeof h->bytes);
}

/* Kernel W[ky][kx] = 3 ky + kx + 1 (1..9), one channel. */
static const int8_t k19[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
static const uint16_t m_exact[2] = {2, 2}; /* M = 2, S = 1: y = acc exactly */
static const uint8_t s_one[2] = {1, 1};

/*
 * CONVT_S2, 1 -> 1 channel, 2x2 -> 4x4, input a = [[1,2],[3,4]], bias 0.
 * Row taps (spec 5.3, oy = 2 iy - 1 + ky): oy 0: (iy,ky)=(0,1);
 * oy 1: (0,2),(1,0); oy 2: (1,1); oy 3: (1,2) only (iy = 2 absent: this is
 * the output-padding row).  Same for columns.  So, by hand:
 *   out(0,*) = 5*1, 6*1+4*2, 5*2, 6*2             = 5, 14, 10, 12
 *   out(1,*) = 8*1+2*3, 9*1+7*2+3*3+1*4, 8*2+2*4, 9*2+3*4 = 14, 36, 24, 30
 *   out(2,*) = 5*3, 6*3+4*4, 5*4, 6*4             = 15, 34, 20, 24
 *   out(3,*) = 8*3, 9*3+7*4, 8*4, 9*4             = 24, 55, 32, 36
 */
START_TEST(convt_s2_one_channel_every_pixel_including_output_padding)
{
    static const uint8_t in[4] = {1, 2, 3, 4};
    static const uint8_t want[16] = {5, 14, 10, 12, 14, 36, 24, 30,
                                     15, 34, 20, 24, 24, 55, 32, 36};
    static const int32_t bias0[1] = {0};
    hand_layer h;
    uint8_t out[16];

    hand_init(&h, TVAE_LAYER_CONVT_S2, 1, 2, 2, 1, 4, 4, bias0, 1, m_exact,
              s_one, k19, 9);
    memset(out, 0xAA, sizeof out);
    tvae_convt(&h.l, in, out);
    ck_assert_mem_eq(out, want, 16);
}
END_TEST

/*
 * The same with bias -20 and M = 1, S = 1: y = clamp(floor((acc - 20 + 1)
 * / 2), 0, 255).  acc - 20 by rows: -15 -6 -10 -8 / -6 16 4 10 /
 * -5 14 0 4 / 4 35 12 16.  Negative values round to <= -2 and clamp to 0
 * (-5 -> floor(-4/2) = -2 -> 0); 16 -> floor(17/2) = 8; 4 -> 2; 10 -> 5;
 * 14 -> 7; 0 -> floor(1/2) = 0; 35 -> 18 (17.5, tie goes up); 12 -> 6.
 */
START_TEST(convt_s2_rounds_half_up_and_clamps_at_zero)
{
    static const uint8_t in[4] = {1, 2, 3, 4};
    static const uint8_t want[16] = {0, 0, 0, 0, 0, 8, 2, 5,
                                     0, 7, 0, 2, 2, 18, 6, 8};
    static const int32_t bias[1] = {-20};
    static const uint16_t m1[1] = {1};
    hand_layer h;
    uint8_t out[16];

    hand_init(&h, TVAE_LAYER_CONVT_S2, 1, 2, 2, 1, 4, 4, bias, 1, m1, s_one,
              k19, 9);
    tvae_convt(&h.l, in, out);
    ck_assert_mem_eq(out, want, 16);
}
END_TEST

/*
 * CONVT_S1, 1 -> 1, 2x2 -> 2x2, same a and W.  iy = oy + 1 - ky:
 * oy 0: (iy,ky) = (0,1),(1,0); oy 1: (1,1),(0,2).
 *   out(0,0) = W11 a00 + W10 a01 + W01 a10 + W00 a11 = 5+8+6+4   = 23
 *   out(0,1) = W11 a01 + W12 a00 + W01 a11 + W02 a10 = 10+6+8+9  = 33
 *   out(1,0) = W11 a10 + W10 a11 + W21 a00 + W20 a01 = 15+16+8+14 = 53
 *   out(1,1) = W11 a11 + W12 a10 + W21 a01 + W22 a00 = 20+18+16+9 = 63
 */
START_TEST(convt_s1_one_channel_is_flipped_kernel_convolution)
{
    static const uint8_t in[4] = {1, 2, 3, 4};
    static const uint8_t want[4] = {23, 33, 53, 63};
    static const int32_t bias0[1] = {0};
    hand_layer h;
    uint8_t out[4];

    hand_init(&h, TVAE_LAYER_CONVT_S1, 1, 2, 2, 1, 2, 2, bias0, 1, m_exact,
              s_one, k19, 9);
    tvae_convt(&h.l, in, out);
    ck_assert_mem_eq(out, want, 4);
}
END_TEST

/*
 * CONV 3x3 (cross-correlation), 1 -> 1, 3x3 -> 3x3, a = 1..9 row-major,
 * W = Sobel-x [[1,0,-1],[2,0,-2],[1,0,-1]], bias 100, exact scale.
 * acc - 100 by hand (iy = oy + ky - 1):
 *   row 0: -9, -6, 9      (corner: W11 a00 + W12 a01 + W21 a10 + W22 a11
 *                          = 0 - 4 + 0 - 5)
 *   row 1: -20, -8, 20
 *   row 2: -21, -6, 21
 */
START_TEST(conv_one_channel_border_and_centre_pixels)
{
    static const uint8_t in[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    static const int8_t sobel[9] = {1, 0, -1, 2, 0, -2, 1, 0, -1};
    static const uint8_t want[9] = {91, 94, 109, 80, 92, 120, 79, 94, 121};
    static const int32_t bias[1] = {100};
    hand_layer h;
    uint8_t out[9];

    hand_init(&h, TVAE_LAYER_CONV, 1, 3, 3, 1, 3, 3, bias, 1, m_exact, s_one,
              sobel, 9);
    tvae_conv(&h.l, in, out);
    ck_assert_mem_eq(out, want, 9);
}
END_TEST

/*
 * Channel layout: CONV 2 -> 2 on a 1x1 image, so only the centre tap
 * (ky = kx = 1) lies inside; weights W[co][ky][kx][ci] at
 * ((co*3 + ky)*3 + kx)*2 + ci.  Every other tap is 99 and must not count.
 * a = (10, 20); W[0][1][1] = (3, -1), W[1][1][1] = (2, 5); bias (1, -2).
 *   ch0: 1 + 30 - 20 = 11, M = 2, S = 1 -> 11
 *   ch1: -2 + 20 + 100 = 118, M = 1, S = 1 -> floor(119 / 2) = 59
 * The output is HWC: (ch0, ch1).
 */
START_TEST(conv_channels_use_ohwi_weights_and_per_channel_scale)
{
    static const uint8_t in[2] = {10, 20};
    static const uint8_t want[2] = {11, 59};
    static const int32_t bias[2] = {1, -2};
    static const uint16_t mult[2] = {2, 1};
    int8_t w[36];
    hand_layer h;
    uint8_t out[2];
    unsigned i;

    for (i = 0; i < 36u; i++)
        w[i] = 99;
    w[(0 * 9 + 4) * 2 + 0] = 3;
    w[(0 * 9 + 4) * 2 + 1] = -1;
    w[(1 * 9 + 4) * 2 + 0] = 2;
    w[(1 * 9 + 4) * 2 + 1] = 5;
    hand_init(&h, TVAE_LAYER_CONV, 2, 1, 1, 2, 1, 1, bias, 2, mult, s_one, w, 36);
    tvae_conv(&h.l, in, out);
    ck_assert_mem_eq(out, want, 2);
}
END_TEST

/*
 * CONVT_S2 with 2 input channels and 1 output on a 1x1 input -> 2x2.
 * out(oy,ox) takes only iy = ix = 0 with ky = oy + 1, kx = ox + 1:
 *   W[0][ky][kx][ci] at (ky*3 + kx)*2 + ci.  a = (3, 5).
 *   out(0,0): tap (1,1): w = (1, 2)  -> 3 + 10 = 13
 *   out(0,1): tap (1,2): w = (-1, 4) -> -3 + 20 = 17
 *   out(1,0): tap (2,1): w = (7, -7) -> 21 - 35 = -14 -> clamp 0
 *   out(1,1): tap (2,2): w = (127, 127) -> 381 + 635 = 1016 -> clamp 255
 * (taps with ky = 0 or kx = 0 would need iy = 1: the padding row/column.)
 */
START_TEST(convt_s2_two_input_channels_and_both_clamps)
{
    static const uint8_t in[2] = {3, 5};
    static const uint8_t want[4] = {13, 17, 0, 255};
    static const int32_t bias0[1] = {0};
    int8_t w[18];
    hand_layer h;
    uint8_t out[4];
    unsigned i;

    for (i = 0; i < 18u; i++)
        w[i] = -100; /* taps that must not contribute */
    w[(1 * 3 + 1) * 2 + 0] = 1;   w[(1 * 3 + 1) * 2 + 1] = 2;
    w[(1 * 3 + 2) * 2 + 0] = -1;  w[(1 * 3 + 2) * 2 + 1] = 4;
    w[(2 * 3 + 1) * 2 + 0] = 7;   w[(2 * 3 + 1) * 2 + 1] = -7;
    w[(2 * 3 + 2) * 2 + 0] = 127; w[(2 * 3 + 2) * 2 + 1] = 127;
    hand_init(&h, TVAE_LAYER_CONVT_S2, 2, 1, 1, 1, 2, 2, bias0, 1, m_exact,
              s_one, w, 18);
    tvae_convt(&h.l, in, out);
    ck_assert_mem_eq(out, want, 4);
}
END_TEST

/*
 * DENSE, L = 2, out_c = 2, N = 32 outputs o = (y*4 + x)*2 + c.
 * Bias table B[p-1][o] = 10 p + o; W[o] = (1, -1); z = (10, 3), so the
 * latent part is 7 for every o.  Channel 0: M = 2, S = 1 (exact);
 * channel 1: M = 1, S = 2: floor((acc + 2) / 4).
 * pips 3, o = 0: 30 + 0 + 7 = 37;      o = 1: floor((31 + 7 + 2)/4) = 10;
 *         o = 30: 30 + 30 + 7 = 67;    o = 31: floor((61 + 7 + 2)/4) = 17.
 * pips 1, o = 0: 17; pips 6, o = 0: 67; o = 31: floor((91+9)/4) = 25.
 */
START_TEST(dense_selects_the_pip_bias_column_and_adds_the_latent)
{
    int32_t bias[6 * 32];
    int8_t w[64];
    static const uint16_t mult[2] = {2, 1};
    static const uint8_t shift[2] = {1, 2};
    static const int8_t z[2] = {10, 3};
    hand_layer h;
    uint8_t out[32];
    unsigned p, o;

    for (p = 1; p <= 6u; p++)
        for (o = 0; o < 32u; o++)
            bias[(p - 1u) * 32u + o] = (int32_t)(10u * p + o);
    for (o = 0; o < 32u; o++) {
        w[2u * o] = 1;
        w[2u * o + 1u] = -1;
    }
    hand_init(&h, TVAE_LAYER_DENSE, 2, 1, 1, 2, 4, 4, bias, 6 * 32, mult,
              shift, w, 64);
    tvae_dense(&h.l, z, 3, out);
    ck_assert_uint_eq(out[0], 37);
    ck_assert_uint_eq(out[1], 10);
    ck_assert_uint_eq(out[30], 67);
    ck_assert_uint_eq(out[31], 17);
    tvae_dense(&h.l, z, 1, out);
    ck_assert_uint_eq(out[0], 17);
    tvae_dense(&h.l, z, 6, out);
    ck_assert_uint_eq(out[0], 67);
    ck_assert_uint_eq(out[31], 25);
    /* every output of every pip count, from the formula of spec 5.2 */
    for (p = 1; p <= 6u; p++) {
        tvae_dense(&h.l, z, p, out);
        for (o = 0; o < 32u; o++) {
            int32_t acc = (int32_t)(10u * p + o) + 7;
            int32_t y = o % 2u == 0u ? acc : (acc + 2) / 4; /* acc > 0 here */
            ck_assert_int_eq(out[o], y);
        }
    }
}
END_TEST

/*
 * DENSE with extreme latents: L = 2, out_c = 1, W[o] = (127, 127),
 * z = (-128, 127): latent part = -16256 + 16129 = -127.  Bias B[5][o] = 65
 * for p = 6 -> acc = -62 -> y = -62 with M = 2, S = 1 -> clamp 0.
 * Bias 382 -> acc 255 -> 255; bias 383 -> 256 -> clamp 255.
 */
START_TEST(dense_extreme_latent_values_and_clamps)
{
    int32_t bias[6 * 16];
    int8_t w[32];
    static const int8_t z[2] = {-128, 127};
    hand_layer h;
    uint8_t out[16];
    unsigned o;

    for (o = 0; o < 6u * 16u; o++)
        bias[o] = 0;
    bias[5 * 16 + 0] = 65;
    bias[5 * 16 + 1] = 382;
    bias[5 * 16 + 2] = 383;
    bias[5 * 16 + 3] = 127;
    bias[5 * 16 + 4] = 128;
    for (o = 0; o < 32u; o++)
        w[o] = 127;
    hand_init(&h, TVAE_LAYER_DENSE, 2, 1, 1, 1, 4, 4, bias, 6 * 16, m_exact,
              s_one, w, 32);
    tvae_dense(&h.l, z, 6, out);
    ck_assert_uint_eq(out[0], 0);
    ck_assert_uint_eq(out[1], 255);
    ck_assert_uint_eq(out[2], 255);
    ck_assert_uint_eq(out[3], 0);   /* 127 - 127 = 0 */
    ck_assert_uint_eq(out[4], 1);   /* 128 - 127 = 1 */
    ck_assert_uint_eq(out[5], 0);   /* 0 - 127 -> 0 */
}
END_TEST

/* Readers of spec 4.1: little-endian, two's complement. */
START_TEST(little_endian_readers)
{
    static const uint8_t b[4] = {0x78, 0x56, 0x34, 0x12};
    static const uint8_t neg[4] = {0x00, 0x00, 0x00, 0x80};
    static const uint8_t m1[4] = {0xFF, 0xFF, 0xFF, 0xFF};
    static const uint8_t c0[4] = {0x00, 0x00, 0x00, 0xC0};
    uint8_t x = 0x80, y = 0x7F, z = 0xFF;

    ck_assert_int_eq(tvae_rd_i32(b), 0x12345678);
    ck_assert_int_eq(tvae_rd_i32(neg), INT32_MIN);
    ck_assert_int_eq(tvae_rd_i32(m1), -1);
    ck_assert_int_eq(tvae_rd_i32(c0), -1073741824);
    ck_assert_uint_eq(tvae_rd_u16(b), 0x5678);
    ck_assert_uint_eq(tvae_rd_u16(m1), 0xFFFF);
    ck_assert_int_eq(tvae_rd_i8(&x), -128);
    ck_assert_int_eq(tvae_rd_i8(&y), 127);
    ck_assert_int_eq(tvae_rd_i8(&z), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("operators (spec 5.2-5.4)");
    TCase *tc = tcase_create("hand-computed");

    tcase_add_test(tc, convt_s2_one_channel_every_pixel_including_output_padding);
    tcase_add_test(tc, convt_s2_rounds_half_up_and_clamps_at_zero);
    tcase_add_test(tc, convt_s1_one_channel_is_flipped_kernel_convolution);
    tcase_add_test(tc, conv_one_channel_border_and_centre_pixels);
    tcase_add_test(tc, conv_channels_use_ohwi_weights_and_per_channel_scale);
    tcase_add_test(tc, convt_s2_two_input_channels_and_both_clamps);
    tcase_add_test(tc, dense_selects_the_pip_bias_column_and_adds_the_latent);
    tcase_add_test(tc, dense_extreme_latent_values_and_clamps);
    tcase_add_test(tc, little_endian_readers);
    suite_add_tcase(s, tc);
    return tt_run(s);
}
