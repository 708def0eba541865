/*
 * image.c -- greyscale picture helpers for the tvae host tools:
 * PNG (libpng) and PGM writers, nearest-neighbour upscaling, a 3x5
 * bitmap font for contact-sheet labels, and terminal previews.
 */
#include "image.h"

#include <errno.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

int tvae_image_new(tvae_image *img, unsigned width, unsigned height,
                   uint8_t fill)
{
    img->width = 0;
    img->height = 0;
    img->pixels = NULL;
    if (width == 0u || height == 0u || width > TVAE_IMAGE_MAX_SIDE
        || height > TVAE_IMAGE_MAX_SIDE)
        return -1;
    img->pixels = malloc((size_t)width * height);
    if (img->pixels == NULL)
        return -1;
    memset(img->pixels, fill, (size_t)width * height);
    img->width = width;
    img->height = height;
    return 0;
}

void tvae_image_free(tvae_image *img)
{
    free(img->pixels);
    img->pixels = NULL;
    img->width = 0;
    img->height = 0;
}

void tvae_image_blit(tvae_image *dst, unsigned x, unsigned y,
                     const uint8_t *src, unsigned src_w, unsigned src_h,
                     unsigned scale)
{
    unsigned sy, sx, dy, dx;

    for (sy = 0; sy < src_h; sy++) {
        for (dy = 0; dy < scale; dy++) {
            unsigned ty = y + sy * scale + dy;
            uint8_t *row;
            if (ty >= dst->height)
                return;
            row = dst->pixels + (size_t)ty * dst->width;
            for (sx = 0; sx < src_w; sx++) {
                uint8_t v = src[(size_t)sy * src_w + sx];
                for (dx = 0; dx < scale; dx++) {
                    unsigned tx = x + sx * scale + dx;
                    if (tx < dst->width)
                        row[tx] = v;
                }
            }
        }
    }
}

void tvae_image_fill(tvae_image *img, unsigned x, unsigned y,
                     unsigned w, unsigned h, uint8_t value)
{
    unsigned ty, tx;

    for (ty = y; ty < y + h && ty < img->height; ty++)
        for (tx = x; tx < x + w && tx < img->width; tx++)
            img->pixels[(size_t)ty * img->width + tx] = value;
}

/* 3x5 glyphs: five rows of three bits, most significant bit on the left. */
static const uint8_t *glyph(char c)
{
    static const uint8_t digits[10][5] = {
        {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 3, 1, 7},
        {5, 5, 7, 1, 1}, {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 2, 2, 2},
        {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7}
    };
    static const uint8_t letters[26][5] = {
        {2, 5, 7, 5, 5}, {6, 5, 6, 5, 6}, {3, 4, 4, 4, 3}, {6, 5, 5, 5, 6},
        {7, 4, 6, 4, 7}, {7, 4, 6, 4, 4}, {3, 4, 5, 5, 3}, {5, 5, 7, 5, 5},
        {7, 2, 2, 2, 7}, {1, 1, 1, 5, 2}, {5, 5, 6, 5, 5}, {4, 4, 4, 4, 7},
        {5, 7, 7, 5, 5}, {6, 5, 5, 5, 5}, {2, 5, 5, 5, 2}, {6, 5, 6, 4, 4},
        {2, 5, 5, 6, 3}, {6, 5, 6, 5, 5}, {3, 4, 2, 1, 6}, {7, 2, 2, 2, 2},
        {5, 5, 5, 5, 7}, {5, 5, 5, 5, 2}, {5, 5, 7, 7, 5}, {5, 5, 2, 5, 5},
        {5, 5, 2, 2, 2}, {7, 1, 2, 4, 7}
    };
    static const uint8_t minus[5] = {0, 0, 7, 0, 0};
    static const uint8_t plus[5] = {0, 2, 7, 2, 0};
    static const uint8_t equals[5] = {0, 7, 0, 7, 0};
    static const uint8_t dot[5] = {0, 0, 0, 0, 2};
    static const uint8_t blank[5] = {0, 0, 0, 0, 0};

    if (c >= '0' && c <= '9')
        return digits[c - '0'];
    if (c >= 'A' && c <= 'Z')
        return letters[c - 'A'];
    if (c >= 'a' && c <= 'z')
        return letters[c - 'a'];
    switch (c) {
    case '-': return minus;
    case '+': return plus;
    case '=': return equals;
    case '.': return dot;
    default:  return blank;
    }
}

unsigned tvae_image_text_width(const char *text, unsigned size)
{
    size_t n = strlen(text);
    if (n == 0u)
        return 0;
    return (unsigned)(n * 4u - 1u) * size;
}

void tvae_image_text(tvae_image *img, unsigned x, unsigned y,
                     const char *text, unsigned size, uint8_t value)
{
    unsigned row, col;

    for (; *text != '\0'; text++, x += 4u * size) {
        const uint8_t *g = glyph(*text);
        for (row = 0; row < 5u; row++)
            for (col = 0; col < 3u; col++)
                if (g[row] & (4u >> col))
                    tvae_image_fill(img, x + col * size, y + row * size,
                                    size, size, value);
    }
}

/* ---------------------------------------------------------------- */
/* Files                                                              */
/* ---------------------------------------------------------------- */

static FILE *open_output(const char *path, char *err, size_t err_size)
{
    FILE *f;

    if (strcmp(path, "-") == 0)
        return stdout;
    f = fopen(path, "wb");
    if (f == NULL)
        snprintf(err, err_size, "%s", strerror(errno));
    return f;
}

/* Flush and close; report a write error that only shows up now (a full
 * disk, /dev/full). */
static int close_output(FILE *f, int failed, char *err, size_t err_size)
{
    int rc = failed ? -1 : 0;

    if (fflush(f) != 0 || ferror(f)) {
        if (!failed)
            snprintf(err, err_size, "%s", strerror(errno));
        rc = -1;
    }
    if (f != stdout && fclose(f) != 0) {
        if (rc == 0)
            snprintf(err, err_size, "%s", strerror(errno));
        rc = -1;
    }
    return rc;
}

int tvae_image_write_pgm(const tvae_image *img, const char *path,
                         char *err, size_t err_size)
{
    FILE *f = open_output(path, err, err_size);
    size_t n = (size_t)img->width * img->height;
    int failed;

    if (f == NULL)
        return -1;
    failed = fprintf(f, "P5\n%u %u\n255\n", img->width, img->height) < 0
          || fwrite(img->pixels, 1, n, f) != n;
    if (failed)
        snprintf(err, err_size, "%s", strerror(errno));
    return close_output(f, failed, err, err_size);
}

struct png_failure {
    char *err;
    size_t err_size;
};

static void png_fail(png_structp png, png_const_charp msg)
{
    struct png_failure *pf = (struct png_failure *)png_get_error_ptr(png);
    snprintf(pf->err, pf->err_size, "libpng: %s", msg);
    png_longjmp(png, 1);
}

static void png_warn(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

int tvae_image_write_png(const tvae_image *img, const char *path,
                         char *err, size_t err_size)
{
    struct png_failure pf;
    png_structp png;
    png_infop info;
    FILE *volatile f = open_output(path, err, err_size);
    unsigned y;

    if (f == NULL)
        return -1;
    pf.err = err;
    pf.err_size = err_size;
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &pf, png_fail,
                                  png_warn);
    info = png == NULL ? NULL : png_create_info_struct(png);
    if (info == NULL) {
        snprintf(err, err_size, "libpng: out of memory");
        png_destroy_write_struct(&png, NULL);
        return close_output(f, 1, err, err_size);
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return close_output(f, 1, err, err_size);
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, img->width, img->height, 8, PNG_COLOR_TYPE_GRAY,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (y = 0; y < img->height; y++)
        png_write_row(png, img->pixels + (size_t)y * img->width);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return close_output(f, 0, err, err_size);
}

/* ---------------------------------------------------------------- */
/* Terminal preview                                                   */
/* ---------------------------------------------------------------- */

unsigned tvae_grey256_index(uint8_t v)
{
    /* The xterm palette's greys: the 24-step ramp 232..255 (8, 18, ...,
     * 238) and the six greys of the colour cube (index 16 + 43 k for
     * levels 0, 95, 135, 175, 215, 255). */
    static const uint8_t cube[6] = {0, 95, 135, 175, 215, 255};
    unsigned best = 16, best_d = 256, k;

    for (k = 0; k < 24u; k++) {
        unsigned level = 8u + 10u * k;
        unsigned d = level > v ? level - v : v - level;
        if (d < best_d) {
            best_d = d;
            best = 232u + k;
        }
    }
    for (k = 0; k < 6u; k++) {
        unsigned d = cube[k] > v ? (unsigned)(cube[k] - v)
                                 : (unsigned)(v - cube[k]);
        if (d < best_d) {
            best_d = d;
            best = 16u + 43u * k;
        }
    }
    return best;
}

void tvae_image_preview(const tvae_image *img, enum tvae_preview_mode mode,
                        FILE *out)
{
    /* Dark pixels get the dense characters: the picture reads like ink
     * on paper whatever the terminal's background. */
    static const char ramp[] = "@%#*+=-:. ";
    unsigned y, x;

    for (y = 0; y < img->height; y += 2u) {
        const uint8_t *top = img->pixels + (size_t)y * img->width;
        const uint8_t *bot = y + 1u < img->height ? top + img->width : NULL;
        for (x = 0; x < img->width; x++) {
            uint8_t t = top[x], b = bot != NULL ? bot[x] : t;
            switch (mode) {
            case TVAE_PREVIEW_TRUECOLOR:
                fprintf(out, "\033[38;2;%u;%u;%um\033[48;2;%u;%u;%um\342\226\200",
                        t, t, t, b, b, b);
                break;
            case TVAE_PREVIEW_GREY256:
                fprintf(out, "\033[38;5;%um\033[48;5;%um\342\226\200",
                        tvae_grey256_index(t), tvae_grey256_index(b));
                break;
            default: {
                unsigned avg = ((unsigned)t + b + 1u) / 2u;
                fputc(ramp[avg * 10u / 256u], out);
                break;
            }
            }
        }
        if (mode != TVAE_PREVIEW_ASCII)
            fputs("\033[0m", out);
        fputc('\n', out);
    }
}
