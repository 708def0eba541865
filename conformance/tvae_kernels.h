/*
 * tvae_kernels.h -- the kernel table conformance/checkkernels checks
 * (checkasm style: each kernel side by side with the reference kernel).
 *
 * A port plugs its optimised kernels in by providing ONE function,
 * tvae_kernels_init(), which overrides the pointers it implements and
 * leaves the rest alone (they hold the reference kernels on entry):
 *
 *     #include "tvae_kernels.h"
 *     void tvae_kernels_init(tvae_kernels *k)
 *     {
 *         k->name = "my-port";
 *         k->convt = my_convt_neon;
 *         k->requantize_u8 = my_requantize;
 *     }
 *
 * and links that file with conformance/checkkernels.c and the reference.
 * The signatures are the reference's (ref/tvae.h), so a kernel can be
 * dropped into a decoder built on ref's layer loop unchanged.
 */
#ifndef TVAE_KERNELS_H
#define TVAE_KERNELS_H

#include <stdint.h>

#include "tvae.h"

typedef struct tvae_kernels {
    const char *name; /* printed in the report */
    /* spec 5.1, any lo/hi (the roll profile uses -128..127) */
    int32_t (*requantize)(int32_t acc, uint16_t mult, unsigned shift,
                          int32_t lo, int32_t hi);
    /* spec 5.1 with the decoder's clamp [0, 255] (what layer loops call) */
    uint8_t (*requantize_u8)(int32_t acc, uint16_t mult, unsigned shift);
    /* spec 5.2-5.4: whole layers, out never aliases in */
    void (*dense)(const tvae_layer *l, const int8_t *latent, unsigned pips,
                  uint8_t *out);
    void (*convt)(const tvae_layer *l, const uint8_t *in, uint8_t *out);
    void (*conv)(const tvae_layer *l, const uint8_t *in, uint8_t *out);
    /* streaming building blocks (ports/common/tvae_stream.h): the sum of
     * int8 w[i] * uint8 a[i] for i < n, 1 <= n <= 64 (one 3x3 tap), and the
     * spec 9.2 element mix */
    int32_t (*dot)(const uint8_t *w, const uint8_t *a, unsigned n);
    uint32_t (*hash_element)(uint32_t index, uint8_t value);
} tvae_kernels;

/* Provided by the port (conformance/kernels-ref.c: no override). */
void tvae_kernels_init(tvae_kernels *k);

#endif
