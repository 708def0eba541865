/* kernels-ref.c -- the kernel table of the reference itself: no override.
 * checkkernels built with this file checks the checker (every kernel must
 * match); a port replaces this file with its own tvae_kernels_init(). */
#include "tvae_kernels.h"

void tvae_kernels_init(tvae_kernels *k)
{
    k->name = "reference";
}
