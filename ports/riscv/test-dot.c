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
    printf("%u checks, %u failed\n", checks, fails);
    return fails == 0u ? 0 : 1;
}
