/*
 * tvae_stream.h -- depth-first (streaming) tvae decoder for small MCUs.
 *
 * The reference decoder (ref/tvae.c) evaluates one whole layer after the
 * other and needs tvae_scratch_size() bytes (2048 for 4_4_4_4, 4096 for
 * 8_8_8_8).  This evaluator computes the same image (spec 5.7: every
 * evaluation order gives the same bits) depth first: each layer keeps only
 * the few output rows its consumer's 3x3 taps still need, rows are produced
 * on demand, and the image is delivered one 32-pixel row at a time through
 * a callback.  No whole intermediate layer is ever in RAM.
 *
 * Rules kept (as ref/, spec 1.3): ISO C99, no floating point, no
 * allocation, no I/O, no global mutable state, correct with 16-bit int;
 * model bytes are read only through TVAE_READ_BYTE (define it, e.g. to
 * pgm_read_byte, when the model lives in AVR program memory -- the same
 * definition must be used for ref/tvae.c).
 *
 * This API is stable: ports/avr, ports/riscv and ports/arm build on it.
 */
#ifndef TVAE_STREAM_H
#define TVAE_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "tvae.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Receives image row y (0..31), 32 pixels, 0 black .. 255 white.  Rows come
 * in order 0, 1, ..., 31, each exactly once.  The row buffer is only valid
 * during the call.
 */
typedef void (*tvae_row_fn)(void *ctx, unsigned y, const uint8_t row[32]);

/*
 * Bytes of work memory tvae_stream_decode() needs for a validated model:
 * the row windows of every layer (2 rows in front of a stride-2 transposed
 * convolution, 3 rows in front of a stride-1 one or a convolution) plus one
 * image row.  4_4_4_4: 448 bytes; 8_8_8_8: 864; 8_8_8_8+2: 1632.
 * Stack use on top of this is a few dozen bytes per layer (recursion depth
 * is the layer count, at most 8).
 */
size_t tvae_stream_work_size(const tvae_model *model);

/*
 * Decode one image depth first.  latent holds tvae_model_latent_len()
 * values, pips is 1..6.  row is called 32 times, in order.  work is
 * work_size bytes of RAM, at least tvae_stream_work_size(model).
 *
 * layer_hashes, when not NULL, receives tvae_model_layer_count(model)
 * values: the spec 9.2 hash of every layer's output, summed element by
 * element as the elements are computed (identical to tvae_layer_hash of
 * the reference's tensors).  Computing the hashes costs time (one fmix32
 * per element); pass NULL to skip it.
 *
 * Returns TVAE_OK, TVAE_E_ARGUMENT (NULL model, latent, work or row),
 * TVAE_E_PIPS or TVAE_E_SCRATCH (work_size too small); on error row is
 * never called.  The model must have passed tvae_model_validate().
 */
int tvae_stream_decode(const tvae_model *model, const int8_t *latent,
                       unsigned pips, void *work, size_t work_size,
                       tvae_row_fn row, void *ctx, uint32_t *layer_hashes);

/*
 * spec 5.1 for the decoder's clamp [0, 255], computed with 32-bit words
 * only (no 64-bit multiply or shift, which are library calls on AVR and
 * RV32).  Equal to tvae_requantize(acc, mult, shift, 0, 255) for every
 * acc, mult and 1 <= shift <= 40; the host test checks this.
 */
uint8_t tvae_stream_requantize(int32_t acc, uint16_t mult, unsigned shift);

/*
 * Multiply-accumulate of n >= 1 int8 weights (model memory, read through
 * TVAE_READ_BYTE) with n uint8 activations (RAM): sum w[i] * a[i].
 * A port may replace it with a faster kernel by defining
 * TVAE_STREAM_DOT(w, a, n) when compiling tvae_stream.c; the replacement
 * must return the same int32 sum.  n is at most 64 (sum at most
 * 64 * 127 * 255 in magnitude) unless the port also defines
 * TVAE_STREAM_DOT_MAX_N (at most 255) to let the evaluator join
 * consecutive taps whose weights and inputs are both contiguous (the
 * three taps of a convolution row: n = 3 in_c).
 */
int32_t tvae_stream_dot(const uint8_t *w, const uint8_t *a, unsigned n);

/* spec 9.2 mix(index, value), equal to ref's tvae_hash_element but with
 * 16 x 16 multiplies only (TVAE_STREAM_MUL_U16); the host test checks it. */
uint32_t tvae_stream_hash_element(uint32_t index, uint8_t value);

/* Multiply-accumulates of one image (spec 5.2-5.4 product terms whose
 * input position falls inside the input): the unit of cycles per MAC. */
uint32_t tvae_stream_macs(const tvae_model *model);

#ifdef __cplusplus
}
#endif
#endif /* TVAE_STREAM_H */
