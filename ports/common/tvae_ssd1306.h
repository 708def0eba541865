/*
 * tvae_ssd1306.h -- the optional output profile "ssd1306-128x64-bayer4"
 * of spec/profiles.md: the 32x32 image scaled 2x into columns 32..95 of
 * a 128x64 one-bit SSD1306 frame, ordered 4x4 Bayer dithering, integer
 * only.  Computed from the streaming rows: image rows 4p..4p+3 make page
 * p (frame rows 8p..8p+7), so a port needs a 64-byte page buffer, not a
 * frame buffer.  Portable C99, 16-bit-int safe, no model access.
 */
#ifndef TVAE_SSD1306_H
#define TVAE_SSD1306_H

#include <stdint.h>

#define TVAE_SSD1306_WIDTH   128u
#define TVAE_SSD1306_PAGES   8u   /* 64 rows, 8 rows per page byte */
#define TVAE_SSD1306_LEFT    32u  /* first column of the 64x64 area */
#define TVAE_SSD1306_AREA    64u  /* the area's width and height */
#define TVAE_SSD1306_FRAME_BYTES 1024u

/* spec/profiles.md: frame pixel (u, v) of the area is lit iff
 * image[v / 2][u / 2] >= tvae_ssd1306_threshold(u, v). */
unsigned tvae_ssd1306_threshold(unsigned u, unsigned v);

/*
 * Add image row y (0..31) to the area bytes of page y / 4: area[i] is
 * frame column TVAE_SSD1306_LEFT + i of that page.  Row y sets bits
 * 2 (y mod 4) and 2 (y mod 4) + 1 (bit 0 = top row of the page); when
 * y mod 4 == 0 the buffer is cleared first.  After row 4p + 3 the buffer
 * holds page p's 64 area bytes; the other 64 columns of the page are 0.
 */
void tvae_ssd1306_add_row(uint8_t area[64], unsigned y, const uint8_t row[32]);

#endif
