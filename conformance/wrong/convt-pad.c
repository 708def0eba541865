/* wrong/convt-pad.c -- off-by-one in the transposed-conv padding (0 instead of 1). */
#define MUTANT_CONVT_PAD 1
#include "mutant.h"
