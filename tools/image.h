/*
 * image.h -- greyscale picture helpers for the tvae host tools.
 *
 * A tvae_image is an 8-bit greyscale raster, row-major, 0 = black,
 * 255 = white, the same convention as the decoder's 32x32 output
 * (spec 3).  This module writes PNG (libpng) and binary PGM (P5) files,
 * upscales by pixel repetition, composes contact sheets and prints
 * terminal previews.  It is host code: it allocates and does I/O, which
 * the decoder core in ref/ never does.
 */
#ifndef TVAE_IMAGE_H
#define TVAE_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct tvae_image {
    unsigned width;
    unsigned height;
    uint8_t *pixels; /* width * height bytes, row-major */
} tvae_image;

/* Largest side tvae_image_new accepts (keeps width * height far from
 * overflow and from absurd allocations). */
#define TVAE_IMAGE_MAX_SIDE 16384u

/* Allocate a width x height image filled with `fill`.  Returns 0, or -1
 * when a side is 0 or above TVAE_IMAGE_MAX_SIDE or memory runs out. */
int tvae_image_new(tvae_image *img, unsigned width, unsigned height,
                   uint8_t fill);
void tvae_image_free(tvae_image *img);

/* Copy src into dst with its top-left corner at (x, y), every source
 * pixel repeated into a scale x scale block (nearest neighbour).  Parts
 * falling outside dst are cut off. */
void tvae_image_blit(tvae_image *dst, unsigned x, unsigned y,
                     const uint8_t *src, unsigned src_w, unsigned src_h,
                     unsigned scale);

/* Fill a rectangle (clipped to the image). */
void tvae_image_fill(tvae_image *img, unsigned x, unsigned y,
                     unsigned w, unsigned h, uint8_t value);

/* Draw text made of the characters 0-9, '-', '+', ' ' and 'A'-'Z' with a
 * 3x5 bitmap font, each font pixel a size x size block; characters
 * advance 4 * size pixels.  Other characters draw as blanks. */
void tvae_image_text(tvae_image *img, unsigned x, unsigned y,
                     const char *text, unsigned size, uint8_t value);
/* Width in pixels that tvae_image_text needs for text. */
unsigned tvae_image_text_width(const char *text, unsigned size);

/*
 * Write 8-bit greyscale PNG / binary PGM (P5, maxval 255).  path "-"
 * means standard output.  Return 0, or -1 with a one-line reason
 * (without the path) in err.
 */
int tvae_image_write_png(const tvae_image *img, const char *path,
                         char *err, size_t err_size);
int tvae_image_write_pgm(const tvae_image *img, const char *path,
                         char *err, size_t err_size);

/* Terminal preview styles. */
enum tvae_preview_mode {
    TVAE_PREVIEW_TRUECOLOR, /* U+2580 half blocks, 24-bit ANSI colours   */
    TVAE_PREVIEW_GREY256,   /* U+2580 half blocks, xterm 256-colour greys */
    TVAE_PREVIEW_ASCII      /* plain ASCII ramp, no escape sequences      */
};

/* Print img to out.  Half-block modes show two pixel rows per text line;
 * the ASCII mode shows two rows per line too, averaged, dark = dense. */
void tvae_image_preview(const tvae_image *img, enum tvae_preview_mode mode,
                        FILE *out);

/* xterm 256-colour index nearest to grey level v (16, 232..255 or 231). */
unsigned tvae_grey256_index(uint8_t v);

#endif /* TVAE_IMAGE_H */
