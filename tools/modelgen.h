/*
 * modelgen.h -- host-side writer of tvae model files (spec section 4) and a
 * deterministic generator of synthetic models for tests and stress vectors.
 *
 * This is NOT part of libtvae (the decoder core stays dependency-free); it
 * is the noinst library libtvaegen.la, linked as "libtvaegen.la libtvae.la".
 *
 * The writer produces the canonical encoding of spec 4.4 (offsets, lengths,
 * zero padding, CRC) from whatever field values it is given, even invalid
 * ones, so that tests can build malformed models on purpose.
 */
#ifndef TVAE_MODELGEN_H
#define TVAE_MODELGEN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TVAE_GEN_MAX_LAYERS 8

/*
 * One layer, spec 4.3/4.4.  Array lengths follow from the shape fields:
 *   bias:    DENSE 6 * N values stored [p-1][o] with N = out_h*out_w*out_c,
 *            other kinds out_c values;
 *   mult:    out_c values;  shift: out_c values;
 *   weights: DENSE N * in_c values [o][i], others out_c*9*in_c values
 *            [co][ky][kx][ci] (spec 4.4 order).
 * A NULL array is written as zeros.  A kind other than DENSE is laid out
 * like a convolution.
 */
typedef struct tvae_gen_layer {
    unsigned kind, in_c, out_c, in_h, in_w, out_h, out_w;
    const int32_t *bias;    /* DENSE: 6*N values [p-1][o]; else out_c */
    const uint16_t *mult;   /* out_c */
    const uint8_t *shift;   /* out_c */
    const int8_t *weights;  /* spec 4.4 order */
} tvae_gen_layer;

/* Header fields (spec 4.2) and up to 8 layers.  layer_count layers are
 * written (at most TVAE_GEN_MAX_LAYERS); the value itself goes to byte 17. */
typedef struct tvae_gen_model {
    unsigned latent_len, layer_count, latent_frac, roll_kind, roll_mult, roll_shift;
    tvae_gen_layer layers[TVAE_GEN_MAX_LAYERS];
} tvae_gen_model;

/* Bytes the file will take (a multiple of 4); 0 if layer_count > 8. */
size_t tvae_gen_size(const tvae_gen_model *m);

/* Write the file into out[0..cap).  Returns the size written, or 0 when cap
 * is too small (or layer_count > 8).  Field values are written as given
 * (truncated to the field's width), never checked. */
size_t tvae_gen_write(const tvae_gen_model *m, uint8_t *out, size_t cap);

/* Recompute the CRC field (bytes 12..15) of blob[0..size) after an edit:
 * CRC-32 of bytes [16, size).  Does nothing when size < 16. */
void tvae_gen_fix_crc(uint8_t *blob, size_t size);

/*
 * Fill *m with the header and layer shapes of the spec 2 family (see
 * tvae_synth below for the list and the header defaults), every array NULL.
 * Values are not checked (extra is capped at 3); a test then sets arrays
 * or breaks fields on purpose before tvae_gen_write.
 */
void tvae_gen_family(tvae_gen_model *m, unsigned latent_len, unsigned d1,
                     unsigned d2, unsigned d3, unsigned d4, unsigned extra);

/*
 * Synthetic models of the spec 2 family: DENSE L -> d4x4x4, CONVT_S2 -> d3
 * x8x8, CONVT_S2 -> d2x16x16, CONVT_S1 -> d1x16x16, E x CONV d1x16x16,
 * CONVT_S2 -> 1x32x32.  Header: latent_frac 7, roll kind 0 (uniform),
 * roll_mult 2, roll_shift 1 (z = the uniform byte, spec 6.3).
 *
 * Deterministic: every value comes from one xorshift32 stream (the spec
 * 6.1 step, tvae_roll_next) started at state = seed * 0x9E3779B9 +
 * 0x7F4A7C15 (mod 2^32; 1 if that is 0).  Values are drawn layer by layer,
 * biases first, then weights, in file order.
 *
 * Default model (all modes 0): weights uniform in [-127, 127] (u % 255 -
 * 127), biases uniform in [-R, R] with R = 4672 * isqrt(fan-in)
 * (fan-in = L for DENSE, 9 * in_c otherwise; 4672 ~ 73 * 64, the spread
 * of one weight times a typical activation), and per-channel M/S
 * calibrated layer by layer with the reference kernels (tvae_dense,
 * tvae_convt, tvae_conv) on the inputs tvae_roll gives for seeds 1..8:
 * each channel gets the largest scale on the grid
 *     S = 40 - t / 16,  M = 32768 + 2048 * (t % 16),  t = 0 .. 639
 * for which at most 1/8 of its nonzero outputs saturate at 255 (the
 * search is an 11-step bisection on t, all channels of a layer at once).
 * Negative accumulators still clamp at 0, so a decode exercises rounding
 * and both clamps.
 *
 * Stress knobs (0 = default):
 *   weight_mode 1: all +127; 2: all -127; 3: +127, -127 alternating by
 *                  index within the layer's weight array (even +, odd -).
 *   bias_mode   1: all +2^30; 2: all -2^30; 3: uniform in [-2^30, 2^30].
 *   scale_mode  1: smallest M and S: S = 1, M = co % 2 (0 or 1);
 *               2: M = 65535, S = 40;
 *               3: ties-heavy: the calibrated scale re-expressed with a small
 *                  S = 1 + co % 3, M = max(1, round(M_cal * 2^(S - S_cal)))
 *                  (capped at 65535), so many products land on a half.
 */
typedef struct tvae_synth_config {
    unsigned latent_len, d1, d2, d3, d4, extra;  /* family of spec 2 */
    uint32_t seed;
    /* knobs for stress models (0 = default): */
    int weight_mode;   /* 0 random in [-127,127]; 1 all +127; 2 all -127; 3 alternating +-127 */
    int bias_mode;     /* 0 small random; 1 +2^30; 2 -2^30; 3 random in full range */
    int scale_mode;    /* 0 calibrated so activations spread over 0..255; 1 min M/S; 2 max M (65535) with S=40; 3 ties-heavy (S small) */
} tvae_synth_config;

/*
 * Build the model into out[0..cap) and store its size in *size.
 * Returns 0, or TVAE_E_ARGUMENT for a NULL config/size, a shape outside the
 * spec limits (L 1..16, d 1..64, E 0..3) or a mode outside 0..3; when out is
 * NULL or cap is too small it stores the size needed in *size and returns
 * TVAE_E_ARGUMENT.  The result always passes tvae_model_validate.
 */
int tvae_synth(const tvae_synth_config *c, uint8_t *out, size_t cap, size_t *size);

/* Size of the model tvae_synth would build for this shape (0 if invalid). */
size_t tvae_synth_size(const tvae_synth_config *c);

#ifdef __cplusplus
}
#endif
#endif /* TVAE_MODELGEN_H */
