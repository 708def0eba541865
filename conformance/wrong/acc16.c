/* wrong/acc16.c -- int16 accumulator (and bias) instead of int32. */
#define MUTANT_ACC16 1
#include "mutant.h"
