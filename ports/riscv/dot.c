/*
 * dot.c -- multiply-accumulate without a multiplier, for RV32EC (the
 * CH32V003 has no M extension: every `*` becomes a call to libgcc's
 * __mulsi3, a shift-and-add loop of up to 32 steps).
 *
 * Quarter squares: for integers a and w,
 *     a * w = floor((a + w)^2 / 4) - floor((a - w)^2 / 4)
 * exactly, because a + w and a - w have the same parity, so the two
 * floors drop the same 1/4 (or nothing).  With a in [0, 255] (uint8
 * activation, spec 3) and w in [-127, 127] (spec 4.5 rule 24), both
 * a + w and a - w lie in [-127, 382], so one table of 510 uint16 values
 * (floor(x^2 / 4) <= 36480) in flash turns each product into two loads
 * and a subtraction.  The table is generated at build time by
 * qsquare.sh; test-dot checks every (a, w) pair against a plain product.
 */
#include "dot.h"

/* floor(x * x / 4) for x = -127 .. 382, index x + 127 (qsquare.sh) */
extern const uint16_t tvae_rv32ec_qsquare[510];

int32_t tvae_rv32ec_dot(const uint8_t *w, const uint8_t *a, unsigned n)
{
    const uint16_t *q = tvae_rv32ec_qsquare + 127;
    const int8_t *ws = (const int8_t *)(const void *)w;
    int32_t acc = 0;

    do {
        int wi = *ws++;
        int ai = *a++;
        acc += (int32_t)q[ai + wi] - (int32_t)q[ai - wi];
    } while (--n != 0u);
    return acc;
}
