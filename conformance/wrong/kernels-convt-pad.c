/* wrong/kernels-convt-pad.c -- a convt kernel with the padding off by one
 * (MUTANT_CONVT_PAD of mutant.h); checkkernels must report it with its seed. */
#define MUTANT_CONVT_PAD 1
#include "mutant.h"
#include "tvae_kernels.h"

void tvae_kernels_init(tvae_kernels *k)
{
    k->name = "wrong: convt padding 0";
    k->convt = mut_conv_any;
}
