/* wrong/crash.c -- plug-ins that are right except on vectors whose latent
 * starts with 127: wrong_crash dies there (SIGSEGV), wrong_hang never
 * returns.  The runner must report CRASH and TIMEOUT for those vectors and
 * go on with the others. */
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "tvae.h"

int wrong_crash(const tvae_model *m, const int8_t *z, unsigned pips, void *scratch,
                size_t scratch_size, uint8_t *pixels, tvae_layer_fn cb, void *ctx);
int wrong_hang(const tvae_model *m, const int8_t *z, unsigned pips, void *scratch,
               size_t scratch_size, uint8_t *pixels, tvae_layer_fn cb, void *ctx);

/* the runner forks per vector, so a call count cannot live in the
 * plug-in: pick the vectors by their latent */
static int third(const tvae_model *m, const int8_t *z)
{
    (void)m;
    return z[0] == 127;
}

int wrong_crash(const tvae_model *m, const int8_t *z, unsigned pips, void *scratch,
                size_t scratch_size, uint8_t *pixels, tvae_layer_fn cb, void *ctx)
{
    if (third(m, z))
        raise(SIGSEGV);
    return tvae_decode(m, z, pips, scratch, scratch_size, pixels, cb, ctx);
}

int wrong_hang(const tvae_model *m, const int8_t *z, unsigned pips, void *scratch,
               size_t scratch_size, uint8_t *pixels, tvae_layer_fn cb, void *ctx)
{
    if (third(m, z)) {
        volatile unsigned spin = 1;
        while (spin)
            spin = spin + 0u;
    }
    return tvae_decode(m, z, pips, scratch, scratch_size, pixels, cb, ctx);
}
