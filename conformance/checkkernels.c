/*
 * checkkernels -- checkasm-style kernel checker (conformance/PORTING.md).
 *
 *   checkkernels [--seed N] [--iterations N] [--kernel NAME] [--bench]
 *
 * Calls every kernel of the port's table (tvae_kernels_init, see
 * tvae_kernels.h) side by side with the reference kernel on seeded random
 * and extreme inputs: spec-shaped layers with weights at +-127, biases at
 * +-2^30, M from 0 to 65535, S from 1 to 40, activations all 0 / all 255.
 * Output buffers carry guard bytes on both sides, and inputs are checked
 * to be left untouched.  A failure prints the seed and the command that
 * reproduces it; the exit status is 1 on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define HAVE_TSC 1
#endif

#include "tvae.h"
#include "tvae_kernels.h"

#define GUARD 64
#define GUARD_BYTE 0xA5u

static uint32_t rs;

static uint32_t rnd(void)
{
    return tvae_roll_next(&rs);
}

static int32_t rnd_range(int32_t lo, int32_t hi) /* hi - lo < 2^31 */
{
    uint32_t span = (uint32_t)(hi - lo) + 1u;
    return lo + (int32_t)(uint32_t)(((uint64_t)rnd() * span) >> 32);
}

static uint8_t ref_requantize_u8(int32_t acc, uint16_t mult, unsigned shift)
{
    return (uint8_t)tvae_requantize(acc, mult, shift, 0, 255);
}

static unsigned failures;
static uint32_t seed;
static const char *only;

static void fail_report(const char *kernel, unsigned iter, const char *what)
{
    failures++;
    printf("FAIL %s (iteration %u): %s\n     reproduce: checkkernels --seed %lu --kernel %s\n",
           kernel, iter, what, (unsigned long)seed, kernel);
}

/* ---------------------------------------------------------------- */

static int check_requantize(const tvae_kernels *k, unsigned iters)
{
    static const int32_t accs[] = { 0, 1, -1, 2, -2, 3, -3, 5, -5, 255, 256, -256,
        32767, -32768, 65535, -65536, 18653760, -18653760, 1073741824, -1073741824,
        1092395584, -1092395584, 2147483647, -2147483647 - 1 };
    static const uint16_t mults[] = { 0, 1, 2, 3, 255, 256, 32767, 32768, 65534, 65535 };
    unsigned s, a, mi, it, bad_before = failures;
    char msg[200];

    for (s = 1; s <= 40; s++)
        for (a = 0; a < sizeof accs / sizeof accs[0]; a++)
            for (mi = 0; mi < sizeof mults / sizeof mults[0]; mi++) {
                int32_t acc = accs[a];
                uint16_t m = mults[mi];
                int32_t r1 = tvae_requantize(acc, m, s, -128, 127);
                int32_t n1 = k->requantize(acc, m, s, -128, 127);
                uint8_t r2 = ref_requantize_u8(acc, m, s), n2 = k->requantize_u8(acc, m, s);
                if (r1 != n1 || r2 != n2) {
                    snprintf(msg, sizeof msg, "acc %ld M %u S %u: expected %ld/%u, got %ld/%u",
                             (long)acc, m, s, (long)r1, r2, (long)n1, n2);
                    fail_report("requantize", 0, msg);
                    return 0;
                }
            }
    for (it = 0; it < iters * 500u; it++) {
        unsigned sh = (unsigned)rnd_range(1, 40);
        uint16_t m = (uint16_t)(rnd() & 3u ? rnd() >> 16 : mults[rnd() % 10u]);
        int32_t acc;
        int32_t r1, n1;
        uint8_t r2, n2;
        switch (rnd() & 3u) {
        case 0: /* exact ties: acc * M = (2j+1) * 2^(S-1) with M = 1 */
            m = 1;
            sh = (unsigned)rnd_range(1, 20);
            acc = (2 * rnd_range(-1000, 1000) + 1) * (int32_t)(1u << (sh - 1u));
            break;
        case 1:
            acc = rnd_range(-1092395584, 1092395584);
            break;
        default:
            acc = rnd_range(-70000, 70000);
            break;
        }
        r1 = tvae_requantize(acc, m, sh, -128, 127);
        n1 = k->requantize(acc, m, sh, -128, 127);
        r2 = ref_requantize_u8(acc, m, sh);
        n2 = k->requantize_u8(acc, m, sh);
        if (r1 != n1 || r2 != n2) {
            snprintf(msg, sizeof msg, "acc %ld M %u S %u: expected %ld/%u, got %ld/%u",
                     (long)acc, m, sh, (long)r1, r2, (long)n1, n2);
            fail_report("requantize", it, msg);
            return 0;
        }
    }
    return failures == bad_before;
}

/* the reference dot product of one tap: spec 5.3/5.4 product terms */
static int32_t ref_dot(const uint8_t *w, const uint8_t *a, unsigned n)
{
    int32_t s = 0;
    unsigned i;
    for (i = 0; i < n; i++)
        s += (int32_t)tvae_rd_i8(w + i) * (int32_t)a[i];
    return s;
}

static int check_dot(const tvae_kernels *k, unsigned iters)
{
    static uint8_t w[GUARD + 64 + GUARD], a[GUARD + 64 + GUARD], w2[sizeof w], a2[sizeof a];
    unsigned it;
    char msg[200];

    for (it = 0; it < iters * 50u; it++) {
        unsigned n = it < 64u ? it + 1u : (unsigned)rnd_range(1, 64), i, mode = it % 5u;
        int32_t r, g;
        for (i = 0; i < sizeof w; i++) {
            int wv = mode == 0 ? 127 : mode == 1 ? -127 : rnd_range(-127, 127);
            w[i] = (uint8_t)(wv < 0 ? wv + 256 : wv);
            a[i] = (uint8_t)(mode < 2 ? 255u : mode == 2 ? 0u : rnd() >> 24);
        }
        memcpy(w2, w, sizeof w);
        memcpy(a2, a, sizeof a);
        r = ref_dot(w + GUARD, a + GUARD, n);
        g = k->dot(w + GUARD, a + GUARD, n);
        if (r != g) {
            snprintf(msg, sizeof msg, "n %u: expected %ld, got %ld", n, (long)r, (long)g);
            fail_report("dot", it, msg);
            return 0;
        }
        if (memcmp(w, w2, sizeof w) != 0 || memcmp(a, a2, sizeof a) != 0) {
            fail_report("dot", it, "modified its inputs");
            return 0;
        }
    }
    return 1;
}

static int check_hash(const tvae_kernels *k, unsigned iters)
{
    uint32_t i;
    unsigned v, it;
    char msg[200];

    /* every value at the indices a 64 x 16 x 16 layer has, then random */
    for (i = 0; i < 16384u; i += 1u + (i & 7u))
        for (v = 0; v < 256u; v += 17u) {
            if (k->hash_element(i, (uint8_t)v) != tvae_hash_element(i, (uint8_t)v)) {
                snprintf(msg, sizeof msg, "index %lu value %u: expected 0x%08lx, got 0x%08lx",
                         (unsigned long)i, v, (unsigned long)tvae_hash_element(i, (uint8_t)v),
                         (unsigned long)k->hash_element(i, (uint8_t)v));
                fail_report("hash", 0, msg);
                return 0;
            }
        }
    for (it = 0; it < iters * 100u; it++) {
        uint32_t idx = rnd();
        uint8_t val = (uint8_t)(rnd() >> 24);
        if (k->hash_element(idx, val) != tvae_hash_element(idx, val)) {
            snprintf(msg, sizeof msg, "index %lu value %u differs", (unsigned long)idx, val);
            fail_report("hash", it, msg);
            return 0;
        }
    }
    return 1;
}

/* ---------------------------------------------------------------- */

typedef struct test_layer {
    tvae_layer l;
    uint8_t *block;
    size_t in_bytes, out_bytes;
} test_layer;

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
    p[2] = (uint8_t)((v >> 16) & 0xFFu);
    p[3] = (uint8_t)(v >> 24);
}

static unsigned pick_channels(void)
{
    static const unsigned c[] = { 1, 2, 3, 4, 5, 8, 16, 64 };
    return c[rnd() % 8u];
}

/* A random layer of the given kind with spec shapes and extreme values. */
static void make_layer(test_layer *t, unsigned kind, unsigned iter)
{
    tvae_layer *l = &t->l;
    size_t nbias, nw, i;
    unsigned c, mode = iter % 6u;
    uint8_t *p;

    memset(t, 0, sizeof *t);
    l->kind = kind;
    l->out_c = pick_channels();
    switch (kind) {
    case TVAE_LAYER_DENSE:
        l->in_c = (unsigned)rnd_range(1, 16);
        l->in_h = l->in_w = 1;
        l->out_h = l->out_w = 4;
        break;
    case TVAE_LAYER_CONVT_S2:
        l->in_c = pick_channels();
        l->in_h = l->in_w = 4u << (rnd() % 3u);
        l->out_h = l->out_w = 2 * l->in_h;
        if (l->out_h == 32)
            l->out_c = 1;
        break;
    default:
        l->in_c = pick_channels();
        if (kind == TVAE_LAYER_CONV)
            l->out_c = l->in_c;
        l->in_h = l->in_w = l->out_h = l->out_w = 16;
        break;
    }
    nbias = kind == TVAE_LAYER_DENSE ? 6u * 16u * l->out_c : l->out_c;
    nw = kind == TVAE_LAYER_DENSE ? 16u * l->out_c * l->in_c : 9u * l->out_c * l->in_c;
    t->block = malloc(nbias * 4u + 3u * l->out_c + nw);
    if (t->block == NULL) {
        fprintf(stderr, "checkkernels: out of memory\n");
        exit(2);
    }
    p = t->block;
    l->bias = p;
    for (i = 0; i < nbias; i++, p += 4) {
        int32_t b = mode == 1 ? (int32_t)TVAE_BIAS_LIMIT
                  : mode == 2 ? -(int32_t)TVAE_BIAS_LIMIT
                  : (rnd() & 7u) == 0 ? rnd_range(-(int32_t)TVAE_BIAS_LIMIT, (int32_t)TVAE_BIAS_LIMIT)
                  : rnd_range(-200000, 200000);
        put32(p, (uint32_t)b);
    }
    l->mult = p;
    for (c = 0; c < l->out_c; c++, p += 2) {
        unsigned m = mode == 3 ? 65535u : (rnd() & 7u) == 0 ? 0u : (rnd() >> 16);
        p[0] = (uint8_t)(m & 0xFFu);
        p[1] = (uint8_t)(m >> 8);
    }
    l->shift = p;
    for (c = 0; c < l->out_c; c++)
        *p++ = (uint8_t)(mode == 3 ? 40 : mode == 4 ? 1 : rnd_range(12, 30));
    l->weights = p;
    for (i = 0; i < nw; i++) {
        int w = mode == 1 ? 127 : mode == 2 ? -127 : rnd_range(-127, 127);
        if (mode == 5 && (rnd() & 1u))
            w = (rnd() & 1u) ? 127 : -127;
        *p++ = (uint8_t)(w < 0 ? w + 256 : w);
    }
    t->in_bytes = kind == TVAE_LAYER_DENSE ? l->in_c : (size_t)l->in_c * l->in_h * l->in_w;
    t->out_bytes = (size_t)l->out_c * l->out_h * l->out_w;
}

static void fill_input(uint8_t *in, size_t n, unsigned kind, unsigned iter)
{
    size_t i;
    unsigned mode = (iter / 6u) % 4u;
    for (i = 0; i < n; i++) {
        if (kind == TVAE_LAYER_DENSE) /* int8 latent */
            in[i] = (uint8_t)(mode == 1 ? 0x80u : mode == 2 ? 0x7Fu : rnd() >> 24);
        else
            in[i] = (uint8_t)(mode == 1 ? 255u : mode == 2 ? 0u : rnd() >> 24);
    }
}

static const char *kernel_name(unsigned kind)
{
    return kind == TVAE_LAYER_DENSE ? "dense" : kind == TVAE_LAYER_CONV ? "conv" : "convt";
}

static void run_kernel(const tvae_kernels *k, int ref, const test_layer *t,
                       const uint8_t *in, unsigned pips, uint8_t *out)
{
    const tvae_layer *l = &t->l;
    if (l->kind == TVAE_LAYER_DENSE)
        (ref ? tvae_dense : k->dense)(l, (const int8_t *)(const void *)in, pips, out);
    else if (l->kind == TVAE_LAYER_CONV)
        (ref ? tvae_conv : k->conv)(l, in, out);
    else
        (ref ? tvae_convt : k->convt)(l, in, out);
}

static int check_layers(const tvae_kernels *k, unsigned kind, unsigned iters)
{
    static uint8_t in[64 * 16 * 16], in_copy[64 * 16 * 16];
    static uint8_t out_ref[64 * 32 * 32], out_new[GUARD + 64 * 32 * 32 + GUARD];
    unsigned it;
    char msg[300];

    for (it = 0; it < iters; it++) {
        test_layer t;
        unsigned pips = (unsigned)rnd_range(1, 6);
        size_t i;
        const char *kn = kernel_name(kind);
        unsigned k2 = kind;
        if (kind == TVAE_LAYER_CONVT_S2 && (rnd() & 1u))
            k2 = TVAE_LAYER_CONVT_S1;
        make_layer(&t, k2, it);
        fill_input(in, t.in_bytes, k2, it);
        memcpy(in_copy, in, t.in_bytes);
        run_kernel(k, 1, &t, in, pips, out_ref);
        memset(out_new, GUARD_BYTE, sizeof out_new);
        run_kernel(k, 0, &t, in, pips, out_new + GUARD);
        for (i = 0; i < GUARD; i++) {
            if (out_new[i] != GUARD_BYTE || out_new[GUARD + t.out_bytes + i] != GUARD_BYTE) {
                snprintf(msg, sizeof msg, "wrote outside its output (%s %ux%ux%u -> %ux%ux%u): guard byte %s+%lu changed",
                         k2 == TVAE_LAYER_CONVT_S1 ? "CONVT_S1" : kn, t.l.in_c, t.l.in_h, t.l.in_w,
                         t.l.out_c, t.l.out_h, t.l.out_w, out_new[i] != GUARD_BYTE ? "before" : "after",
                         (unsigned long)i);
                fail_report(kn, it, msg);
                free(t.block);
                return 0;
            }
        }
        if (memcmp(in, in_copy, t.in_bytes) != 0) {
            fail_report(kn, it, "modified its input");
            free(t.block);
            return 0;
        }
        for (i = 0; i < t.out_bytes; i++)
            if (out_ref[i] != out_new[GUARD + i]) {
                size_t px = i / t.l.out_c;
                snprintf(msg, sizeof msg,
                         "layer %s %ux%ux%u -> %ux%ux%u: output (y %lu, x %lu, c %lu) expected %u, got %u",
                         k2 == TVAE_LAYER_CONVT_S1 ? "CONVT_S1" : k2 == TVAE_LAYER_CONVT_S2 ? "CONVT_S2" : kn,
                         t.l.in_c, t.l.in_h, t.l.in_w, t.l.out_c, t.l.out_h, t.l.out_w,
                         (unsigned long)(px / t.l.out_w), (unsigned long)(px % t.l.out_w),
                         (unsigned long)(i % t.l.out_c), out_ref[i], out_new[GUARD + i]);
                fail_report(kn, it, msg);
                free(t.block);
                return 0;
            }
        free(t.block);
    }
    return 1;
}

/* ---------------------------------------------------------------- */

static unsigned long long ticks(void)
{
#ifdef HAVE_TSC
    return (unsigned long long)__rdtsc();
#else
    return 0;
#endif
}

static void bench(const tvae_kernels *k)
{
    static const unsigned kinds[] = { TVAE_LAYER_DENSE, TVAE_LAYER_CONVT_S2, TVAE_LAYER_CONV };
    static uint8_t in[64 * 16 * 16], out[64 * 32 * 32];
    unsigned i, r;
#ifdef HAVE_TSC
    printf("bench: host TSC ticks (a time-stamp counter, not core cycles); layers: median of 9 calls\n");
#else
    printf("bench: no cycle counter on this host; call counts only\n");
#endif
    {
        /* requantize_u8: 4096 calls per timing, the same inputs for both */
        static int32_t accs[4096];
        unsigned long long best_r = ~0ull, best_n = ~0ull;
        unsigned j;
        volatile unsigned sink = 0;
        for (j = 0; j < 4096; j++)
            accs[j] = rnd_range(-2000000, 2000000);
        for (r = 0; r < 9; r++) {
            unsigned long long t0 = ticks(), d;
            for (j = 0; j < 4096; j++)
                sink += ref_requantize_u8(accs[j], 40000, 20);
            d = ticks() - t0;
            if (d < best_r)
                best_r = d;
            t0 = ticks();
            for (j = 0; j < 4096; j++)
                sink += k->requantize_u8(accs[j], 40000, 20);
            d = ticks() - t0;
            if (d < best_n)
                best_n = d;
        }
        (void)sink;
        printf("  %-10s 4096 calls (best of 9):   ref %10llu  new %10llu  (ref/new %.2f)\n",
               "requant_u8", best_r, best_n, best_n ? (double)best_r / (double)best_n : 0.0);
    }
    for (i = 0; i < 3; i++) {
        test_layer t;
        unsigned long long tr[9], tn[9], tmp;
        unsigned a, b;
        make_layer(&t, kinds[i], 0);
        fill_input(in, t.in_bytes, kinds[i], 0);
        for (r = 0; r < 9; r++) {
            unsigned long long t0 = ticks();
            run_kernel(k, 1, &t, in, 1, out);
            tr[r] = ticks() - t0;
            t0 = ticks();
            run_kernel(k, 0, &t, in, 1, out);
            tn[r] = ticks() - t0;
        }
        for (a = 0; a < 9; a++)
            for (b = a + 1; b < 9; b++) {
                if (tr[b] < tr[a]) { tmp = tr[a]; tr[a] = tr[b]; tr[b] = tmp; }
                if (tn[b] < tn[a]) { tmp = tn[a]; tn[a] = tn[b]; tn[b] = tmp; }
            }
        printf("  %-10s %2ux%2ux%2u -> %2ux%2ux%2u: ref %10llu  new %10llu  (ref/new %.2f)\n",
               kernel_name(kinds[i]), t.l.in_c, t.l.in_h, t.l.in_w, t.l.out_c, t.l.out_h,
               t.l.out_w, tr[4], tn[4], tn[4] ? (double)tr[4] / (double)tn[4] : 0.0);
        free(t.block);
    }
}

int main(int argc, char **argv)
{
    tvae_kernels k;
    unsigned iters = 200, a;
    int do_bench = 0, seeded = 0;

    for (a = 1; a < (unsigned)argc; a++) {
        if (strcmp(argv[a], "--seed") == 0 && a + 1 < (unsigned)argc) {
            char *end;
            seed = (uint32_t)strtoul(argv[++a], &end, 0);
            if (*end != '\0') {
                fprintf(stderr, "checkkernels: --seed needs a number\n");
                return 2;
            }
            seeded = 1;
        } else if (strcmp(argv[a], "--iterations") == 0 && a + 1 < (unsigned)argc) {
            iters = (unsigned)strtoul(argv[++a], NULL, 0);
            if (iters == 0 || iters > 1000000u) {
                fprintf(stderr, "checkkernels: --iterations must be 1..1000000\n");
                return 2;
            }
        } else if (strcmp(argv[a], "--kernel") == 0 && a + 1 < (unsigned)argc) {
            only = argv[++a];
        } else if (strcmp(argv[a], "--bench") == 0) {
            do_bench = 1;
        } else {
            printf("usage: checkkernels [--seed N] [--iterations N] [--kernel requantize|dense|convt|conv|dot|hash] [--bench]\n");
            return strcmp(argv[a], "--help") == 0 ? 0 : 2;
        }
    }
    if (!seeded)
        seed = (uint32_t)time(NULL);
    k.name = "reference";
    k.requantize = tvae_requantize;
    k.requantize_u8 = ref_requantize_u8;
    k.dense = tvae_dense;
    k.convt = tvae_convt;
    k.conv = tvae_conv;
    k.dot = ref_dot;
    k.hash_element = tvae_hash_element;
    tvae_kernels_init(&k);
    printf("checkkernels: kernels \"%s\" against the reference, seed %lu, %u iterations\n",
           k.name, (unsigned long)seed, iters);
    {
        static const struct { const char *name; unsigned kind; } ks[] = {
            { "requantize", 0 }, { "dense", TVAE_LAYER_DENSE },
            { "convt", TVAE_LAYER_CONVT_S2 }, { "conv", TVAE_LAYER_CONV },
            { "dot", 0 }, { "hash", 0 } };
        unsigned i;
        for (i = 0; i < 6; i++) {
            int ok;
            if (only && strcmp(only, ks[i].name) != 0)
                continue;
            rs = seed ^ (0x9E3779B9u * (i + 1u));
            if (rs == 0)
                rs = 1;
            ok = i == 0 ? check_requantize(&k, iters)
               : i == 4 ? check_dot(&k, iters)
               : i == 5 ? check_hash(&k, iters)
               : check_layers(&k, ks[i].kind, iters);
            if (ok)
                printf("  %-10s ok\n", ks[i].name);
        }
    }
    if (do_bench)
        bench(&k);
    printf("%s (seed %lu)\n", failures ? "FAILED" : "all kernels match the reference",
           (unsigned long)seed);
    return failures ? 1 : 0;
}
