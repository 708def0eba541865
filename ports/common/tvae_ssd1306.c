/*
 * tvae_ssd1306.c -- spec/profiles.md, profile "ssd1306-128x64-bayer4".
 */
#include "tvae_ssd1306.h"

/* Like the model, the table may live in a separate flash address space
 * (AVR: ports/avr/tvae_avr.h defines both macros). */
#ifndef TVAE_READ_BYTE
#define TVAE_READ_BYTE(p) (*(p))
#endif
#ifndef TVAE_FLASH_TABLE
#define TVAE_FLASH_TABLE
#endif

/* The classic 4x4 Bayer index matrix (values 0..15). */
static const uint8_t bayer4[4][4] TVAE_FLASH_TABLE = {
    { 0,  8,  2, 10},
    {12,  4, 14,  6},
    { 3, 11,  1,  9},
    {15,  7, 13,  5},
};

unsigned tvae_ssd1306_threshold(unsigned u, unsigned v)
{
    /* 8, 24, ..., 248: pixel 0 is never lit, 255 always. */
    return 16u * (unsigned)TVAE_READ_BYTE(&bayer4[v & 3u][u & 3u]) + 8u;
}

void tvae_ssd1306_add_row(uint8_t area[64], unsigned y, const uint8_t row[32])
{
    unsigned u, half, bit0 = 2u * (y & 3u);

    if ((y & 3u) == 0u)
        for (u = 0; u < TVAE_SSD1306_AREA; u++)
            area[u] = 0;
    for (half = 0; half < 2u; half++) {
        unsigned v = 2u * y + half;
        uint8_t mask = (uint8_t)(1u << (bit0 + half));
        for (u = 0; u < TVAE_SSD1306_AREA; u++)
            if (row[u / 2u] >= tvae_ssd1306_threshold(u, v))
                area[u] = (uint8_t)(area[u] | mask);
    }
}
