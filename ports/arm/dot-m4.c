/*
 * dot-m4.c -- multiply-accumulate with the Cortex-M4 DSP instructions.
 *
 * Four products per step: one word of four int8 weights and one word of
 * four uint8 activations are split into two pairs of 16-bit lanes each
 * (SXTB16 sign-extends bytes 0 and 2, SXTB16 of the word rotated by 8
 * bytes 1 and 3; UXTB16 zero-extends the activations likewise), and two
 * SMLADs add both lane products to the accumulator.  Each product is at
 * most 127 * 255 in magnitude and every partial sum stays inside int32
 * (spec 5.7), so SMLAD's wrap-free result is the exact sum, in any
 * order.  The tail (n mod 4) goes one product at a time.  Words are read
 * with memcpy: weights in flash and activation rows have any alignment,
 * and the M4 loads unaligned words (the compiler emits plain LDR).
 */
#include <string.h>

#include "dot-m4.h"

static uint32_t sxtb16(uint32_t x)
{
    uint32_t r;
    __asm__ ("sxtb16 %0, %1" : "=r"(r) : "r"(x));
    return r;
}

static uint32_t sxtb16_ror8(uint32_t x)
{
    uint32_t r;
    __asm__ ("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}

static uint32_t uxtb16(uint32_t x)
{
    uint32_t r;
    __asm__ ("uxtb16 %0, %1" : "=r"(r) : "r"(x));
    return r;
}

static uint32_t uxtb16_ror8(uint32_t x)
{
    uint32_t r;
    __asm__ ("uxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}

static int32_t smlad(uint32_t x, uint32_t y, int32_t acc)
{
    int32_t r;
    __asm__ ("smlad %0, %1, %2, %3" : "=r"(r) : "r"(x), "r"(y), "r"(acc));
    return r;
}

int32_t tvae_m4_dot(const uint8_t *w, const uint8_t *a, unsigned n)
{
    const int8_t *ws;
    int32_t acc = 0;

    while (n >= 4u) {
        uint32_t wv, av;
        memcpy(&wv, w, 4);
        memcpy(&av, a, 4);
        acc = smlad(sxtb16(wv), uxtb16(av), acc);
        acc = smlad(sxtb16_ror8(wv), uxtb16_ror8(av), acc);
        w += 4;
        a += 4;
        n -= 4u;
    }
    ws = (const int8_t *)(const void *)w;
    while (n-- > 0u)
        acc += (int32_t)*ws++ * (int32_t)*a++;
    return acc;
}
