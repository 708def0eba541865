/* kernels-stream.c -- ports/common/tvae_stream.c's 32-bit requantization
 * (the one every MCU port runs) against the reference's 64-bit one. */
#include "tvae_kernels.h"
#include "tvae_stream.h"

void tvae_kernels_init(tvae_kernels *k)
{
    k->name = "ports/common tvae_stream_requantize";
    k->requantize_u8 = tvae_stream_requantize;
}
