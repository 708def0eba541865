/*
 * dot-m0.h -- the Cortex-M0 multiply-accumulate kernel that replaces the
 * generic one of ports/common/tvae_stream.c (its TVAE_STREAM_DOT hook);
 * fw-build.sh passes it with -include for the m0 target.
 */
#ifndef TVAE_M0_DOT_H
#define TVAE_M0_DOT_H

#ifndef __ASSEMBLER__ /* -include reaches start.S too */
#include <stdint.h>

/* sum of w[i] * a[i], i < n (n >= 1): int8 weights, uint8 activations.
 * Same result as tvae_stream_dot for every input. */
int32_t tvae_m0_dot(const uint8_t *w, const uint8_t *a, unsigned n);

#define TVAE_STREAM_DOT(w, a, n) tvae_m0_dot((w), (a), (n))
#endif

#endif
