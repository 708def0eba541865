/*
 * dot.h -- the RV32EC multiply-accumulate kernel that replaces the
 * generic one of ports/common/tvae_stream.c (its TVAE_STREAM_DOT hook).
 * fw-build.sh passes this header with -include when compiling
 * tvae_stream.c for rv32ec.
 */
#ifndef TVAE_RV32EC_DOT_H
#define TVAE_RV32EC_DOT_H

#ifndef __ASSEMBLER__ /* -include reaches start.S too */
#include <stdint.h>

/* sum of w[i] * a[i], i < n (n >= 1): int8 weights, uint8 activations.
 * Same result as tvae_stream_dot for every input. */
int32_t tvae_rv32ec_dot(const uint8_t *w, const uint8_t *a, unsigned n);

#define TVAE_STREAM_DOT(w, a, n) tvae_rv32ec_dot((w), (a), (n))
#endif

#endif
