/* wrong/half-even.c -- requantization rounds half to even instead of half up. */
#define MUTANT_HALF_EVEN 1
#include "mutant.h"
