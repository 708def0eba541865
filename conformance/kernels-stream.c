/* kernels-stream.c -- the building blocks of ports/common/tvae_stream.c
 * that every MCU port runs: the 32-bit requantization, the tap dot product
 * (TVAE_STREAM_DOT's default) and the 16x16-multiply hash mix, each against
 * the reference. */
#include "tvae_kernels.h"
#include "tvae_stream.h"

void tvae_kernels_init(tvae_kernels *k)
{
    k->name = "ports/common tvae_stream";
    k->requantize_u8 = tvae_stream_requantize;
    k->dot = tvae_stream_dot;
    k->hash_element = tvae_stream_hash_element;
}
