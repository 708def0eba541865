/*
 * test-dot.c -- a port's multiply-accumulate kernel (TVAE_STREAM_DOT)
 * equals the plain product sum for every (activation, weight) pair, one
 * pair at a time, and on long random vectors (n up to 576 = 9 x 64, the
 * largest fan-in the spec allows), with the extreme vectors too.
 *
 * On the host it tests the RV32EC quarter-square kernel (dot.c, plain
 * C).  test-kernels.sh also builds it for the targets with the kernel's
 * header forced in (-include dot.h / dot-m4.h), and runs it under QEMU,
 * where printf goes out through picolibc's semihosting stdio.
 */
#include <stdio.h>
#include <stdlib.h>

#ifndef TVAE_STREAM_DOT
#include "dot.h"
#endif

static uint32_t rng_state = 12345u;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

#ifdef TVAE_TEST_MULSI3
/* x * y modulo 2^32 by shifts and adds (no `*`, so no __mulsi3 call) */
static uint32_t shift_add(uint32_t x, uint32_t y)
{
    uint32_t r = 0;

    while (y != 0u) {
        if ((y & 1u) != 0u)
            r += x;
        x <<= 1;
        y >>= 1;
    }
    return r;
}
#endif

static int32_t plain(const uint8_t *w, const uint8_t *a, unsigned n)
{
    int32_t acc = 0;
    unsigned i;

    for (i = 0; i < n; i++)
        acc += (int32_t)(w[i] >= 128u ? (int)w[i] - 256 : (int)w[i]) * (int32_t)a[i];
    return acc;
}

int main(void)
{
    uint8_t w[576], a[576];
    unsigned ai, wi, i, n, trial, fails = 0, checks = 0;

    for (ai = 0; ai < 256u; ai++) {
        for (wi = 0; wi < 256u; wi++) {
            if (wi == 128u)
                continue; /* -128 is not a valid weight (spec 4.5 rule 24) */
            w[0] = (uint8_t)wi;
            a[0] = (uint8_t)ai;
            checks++;
            if (TVAE_STREAM_DOT(w, a, 1u) != plain(w, a, 1u)) {
                if (fails++ < 5u)
                    printf("FAIL a=%u w=%u: %ld != %ld\n", ai, wi,
                           (long)TVAE_STREAM_DOT(w, a, 1u), (long)plain(w, a, 1u));
            }
        }
    }
    /* every pair again in each lane of a 4-wide step (SIMD kernels take
     * n >= 4 through another path than the one-at-a-time tail) */
    for (ai = 0; ai < 256u; ai++) {
        for (wi = 0; wi < 256u; wi++) {
            unsigned lane, k;
            if (wi == 128u)
                continue;
            for (lane = 0; lane < 4u; lane++) {
                for (k = 0; k < 4u; k++) {
                    unsigned wk = (wi + 61u * (k + lane)) & 255u;
                    w[k] = (uint8_t)(wk == 128u ? 129u : wk);
                    a[k] = (uint8_t)(ai + 85u * (k + lane));
                }
                w[lane] = (uint8_t)wi;
                a[lane] = (uint8_t)ai;
                checks++;
                if (TVAE_STREAM_DOT(w, a, 4u) != plain(w, a, 4u)) {
                    if (fails++ < 5u)
                        printf("FAIL lane %u a=%u w=%u\n", lane, ai, wi);
                }
            }
        }
    }
    for (trial = 0; trial < 2000u; trial++) {
        n = 1u + (unsigned)(rng() % 576u);
        for (i = 0; i < n; i++) {
            uint32_t r = rng();
            switch (trial % 4u) {
            case 0:  w[i] = (uint8_t)(r % 255u + 129u); break; /* -127..127 */
            case 1:  w[i] = 127u; break;
            case 2:  w[i] = 129u; break;                       /* -127 */
            default: w[i] = (r & 256u) ? 127u : 129u; break;
            }
            a[i] = (trial % 8u) >= 4u ? 255u : (uint8_t)(r >> 16);
        }
        checks++;
        if (TVAE_STREAM_DOT(w, a, n) != plain(w, a, n)) {
            if (fails++ < 5u)
                printf("FAIL trial %u n=%u\n", trial, n);
        }
    }
#ifdef TVAE_TEST_MULSI3
    /* the port's __mulsi3 (mulsi3.S): x * y below is a call to it;
     * shift_add() computes the same product without a multiply */
    {
        static const uint32_t edge[] = { 0u, 1u, 2u, 3u, 7u, 255u, 256u, 65535u, 65536u,
                                         0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu,
                                         0x85EBCA6Bu, 0xC2B2AE35u, 0xFFFFFF81u };
        unsigned i2, j2;
        for (i2 = 0; i2 < sizeof edge / sizeof edge[0]; i2++) {
            for (j2 = 0; j2 < sizeof edge / sizeof edge[0]; j2++) {
                volatile uint32_t x = edge[i2], y = edge[j2];
                checks++;
                if (x * y != shift_add(x, y)) {
                    if (fails++ < 5u)
                        printf("FAIL __mulsi3 %lx * %lx\n", (unsigned long)x, (unsigned long)y);
                }
            }
        }
        for (trial = 0; trial < 200000u; trial++) {
            volatile uint32_t x = rng(), y = rng();
            if (trial & 1u)
                y >>= (trial >> 1) % 32u; /* small operands too */
            if (trial & 2u)
                x >>= (trial >> 2) % 32u;
            checks++;
            if (x * y != shift_add(x, y)) {
                if (fails++ < 5u)
                    printf("FAIL __mulsi3 %lx * %lx\n", (unsigned long)x, (unsigned long)y);
            }
        }
    }
#endif
    printf("%u checks, %u failed\n", checks, fails);
    return fails == 0u ? 0 : 1;
}
