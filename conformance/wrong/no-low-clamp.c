/* wrong/no-low-clamp.c -- no lower clamp: negative results wrap into the uint8. */
#define MUTANT_NO_LOW_CLAMP 1
#include "mutant.h"
