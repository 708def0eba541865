/* wrong/truncate.c -- requantization truncates toward zero instead of rounding. */
#define MUTANT_TRUNCATE 1
#include "mutant.h"
