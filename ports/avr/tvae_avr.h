/*
 * tvae_avr.h -- forced into every AVR compile of ref/tvae.c and
 * ports/common/tvae_stream.c (-include): the models sit in program memory
 * (spec 1.3, 4.6), so model bytes are read with the lpm instruction.
 * Pointers to program memory are 16 bits: every model must lie in the
 * first 64 KB of flash (the linker places .progmem there first).
 */
#ifndef TVAE_AVR_H
#define TVAE_AVR_H
#include <avr/pgmspace.h>
#define TVAE_READ_BYTE(p) pgm_read_byte(p)
#endif
