/* wrong/kernels-overrun.c -- a conv kernel that is right but writes one
 * byte past its output; checkkernels' guard bytes must catch it. */
#include "tvae_kernels.h"

static void conv_overrun(const tvae_layer *l, const uint8_t *in, uint8_t *out)
{
    tvae_conv(l, in, out);
    out[(size_t)l->out_c * l->out_h * l->out_w] = 0; /* the bug */
}

void tvae_kernels_init(tvae_kernels *k)
{
    k->name = "wrong: conv writes one byte too many";
    k->conv = conv_overrun;
}
