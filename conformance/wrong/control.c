/* wrong/control.c -- the correct control: no mutation, must pass every vector. */
#include "mutant.h"
