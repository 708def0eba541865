/*
 * dot-m0.c -- multiply-accumulate for the Cortex-M0 (ARMv6-M: one MULS,
 * no DSP instructions), four products per loop step.  The generic loop
 * spends half its instructions on loop control and pointer steps
 * (Thumb-1 LDRSB has only a register-offset form); unrolled by four,
 * with the byte offsets as immediates where Thumb-1 allows them, it does
 * about five instructions per product.  Exact in any order (spec 5.7).
 */
#include "dot-m0.h"

int32_t tvae_m0_dot(const uint8_t *w, const uint8_t *a, unsigned n)
{
    const int8_t *ws = (const int8_t *)(const void *)w;
    int32_t acc = 0;

    while (n >= 4u) {
        acc += (int32_t)ws[0] * (int32_t)a[0];
        acc += (int32_t)ws[1] * (int32_t)a[1];
        acc += (int32_t)ws[2] * (int32_t)a[2];
        acc += (int32_t)ws[3] * (int32_t)a[3];
        ws += 4;
        a += 4;
        n -= 4u;
    }
    while (n-- > 0u)
        acc += (int32_t)*ws++ * (int32_t)*a++;
    return acc;
}
