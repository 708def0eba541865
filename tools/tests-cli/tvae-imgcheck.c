/*
 * tvae-imgcheck -- an independent checker for the tvae-decode tests.
 *
 * It reads PNG with libpng (not with tools/image.c, the writer under
 * test) and PGM with its own strict parser, and computes the spec 9.2
 * hash with its own code, so that the tests compare tvae-decode against
 * something it did not write.
 *
 *   tvae-imgcheck size FILE            print "W H" (PNG or PGM)
 *   tvae-imgcheck same A B             exit 0 when A and B (PNG or PGM)
 *                                      have the same size and pixels
 *   tvae-imgcheck crop FILE X Y W H OUT.pgm
 *                                      write a region as PGM
 *   tvae-imgcheck pixel FILE X Y       print the grey value at (X, Y)
 *   tvae-imgcheck row FILE Y           print row Y's grey values, spaces
 *   tvae-imgcheck hash FILE            print the spec 9.2 hash, 0x%08x
 *   tvae-imgcheck setbyte IN OUT OFFSET VALUE [OFFSET VALUE...]
 *                                      copy a file with bytes replaced and
 *                                      the tvae CRC field (bytes 12..15,
 *                                      CRC-32 of [16, end)) recomputed
 *
 * Exit 0 on success, 1 when "same" finds a difference, 2 on any error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

typedef struct {
    unsigned w, h;
    unsigned char *px;
} grey;

static void die(const char *msg, const char *arg)
{
    fprintf(stderr, "tvae-imgcheck: %s: %s\n", msg, arg);
    exit(2);
}

static unsigned char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;

    if (f == NULL)
        die("cannot open", path);
    for (;;) {
        size_t got;
        if (n == cap) {
            cap = cap ? cap * 2u : 65536u;
            buf = realloc(buf, cap);
            if (buf == NULL)
                die("out of memory", path);
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f))
        die("read error", path);
    fclose(f);
    *size = n;
    return buf;
}

/* Strict P5: "P5" whitespace W whitespace H whitespace 255, one
 * whitespace byte, then exactly W*H bytes. */
static void read_pgm(const char *path, const unsigned char *b, size_t n,
                     grey *g)
{
    size_t i = 2;
    unsigned long v[3];
    int k;

    for (k = 0; k < 3; k++) {
        if (i >= n || (b[i] != ' ' && b[i] != '\n'))
            die("bad PGM header", path);
        while (i < n && (b[i] == ' ' || b[i] == '\n'))
            i++;
        v[k] = 0;
        if (i >= n || b[i] < '0' || b[i] > '9')
            die("bad PGM header", path);
        while (i < n && b[i] >= '0' && b[i] <= '9' && v[k] < 100000ul)
            v[k] = v[k] * 10u + (unsigned long)(b[i++] - '0');
    }
    if (v[2] != 255u || v[0] == 0u || v[1] == 0u || v[0] > 65536u
        || v[1] > 65536u || i >= n || b[i] != '\n')
        die("bad PGM header", path);
    i++;
    if (n - i != (size_t)v[0] * v[1])
        die("PGM pixel count differs from its header", path);
    g->w = (unsigned)v[0];
    g->h = (unsigned)v[1];
    g->px = malloc(n - i);
    if (g->px == NULL)
        die("out of memory", path);
    memcpy(g->px, b + i, n - i);
}

static void read_png(const char *path, grey *g)
{
    png_image img;

    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path))
        die("cannot read PNG", path);
    if (img.format != PNG_FORMAT_GRAY)
        die("PNG is not 8-bit greyscale", path);
    g->w = img.width;
    g->h = img.height;
    g->px = malloc(PNG_IMAGE_SIZE(img));
    if (g->px == NULL)
        die("out of memory", path);
    if (!png_image_finish_read(&img, NULL, g->px, 0, NULL))
        die("cannot decode PNG", path);
}

static void load(const char *path, grey *g)
{
    size_t n;
    unsigned char *b = slurp(path, &n);

    if (n >= 8 && png_sig_cmp(b, 0, 8) == 0)
        read_png(path, g);
    else if (n >= 2 && b[0] == 'P' && b[1] == '5')
        read_pgm(path, b, n, g);
    else
        die("neither PNG nor binary PGM", path);
    free(b);
}

static unsigned long num(const char *s)
{
    char *end;
    unsigned long v = strtoul(s, &end, 0);
    if (*s == '\0' || *end != '\0')
        die("bad number", s);
    return v;
}

/* spec 9.2, written independently of ref/tvae.c */
static uint32_t fmix32(uint32_t h)
{
    h ^= h >> 16;
    h = (uint32_t)(h * 0x85EBCA6Bu);
    h ^= h >> 13;
    h = (uint32_t)(h * 0xC2B2AE35u);
    h ^= h >> 16;
    return h;
}

static uint32_t crc32_ieee(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    size_t i;
    int k;

    for (i = 0; i < n; i++) {
        c ^= p[i];
        for (k = 0; k < 8; k++)
            c = (c & 1u) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
}

int main(int argc, char **argv)
{
    grey a, b;

    if (argc >= 3 && strcmp(argv[1], "size") == 0) {
        load(argv[2], &a);
        printf("%u %u\n", a.w, a.h);
        free(a.px);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "same") == 0) {
        int differ;
        load(argv[2], &a);
        load(argv[3], &b);
        differ = a.w != b.w || a.h != b.h
              || memcmp(a.px, b.px, (size_t)a.w * a.h) != 0;
        free(a.px);
        free(b.px);
        return differ;
    }
    if (argc == 8 && strcmp(argv[1], "crop") == 0) {
        unsigned long x = num(argv[3]), y = num(argv[4]);
        unsigned long w = num(argv[5]), h = num(argv[6]), r;
        FILE *f;
        load(argv[2], &a);
        if (w == 0 || h == 0 || x + w > a.w || y + h > a.h)
            die("crop outside the image", argv[2]);
        f = fopen(argv[7], "wb");
        if (f == NULL)
            die("cannot write", argv[7]);
        fprintf(f, "P5\n%lu %lu\n255\n", w, h);
        for (r = 0; r < h; r++)
            fwrite(a.px + (y + r) * a.w + x, 1, w, f);
        if (fclose(f) != 0)
            die("cannot write", argv[7]);
        free(a.px);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "pixel") == 0) {
        unsigned long x = num(argv[3]), y = num(argv[4]);
        load(argv[2], &a);
        if (x >= a.w || y >= a.h)
            die("pixel outside the image", argv[2]);
        printf("%u\n", a.px[y * a.w + x]);
        free(a.px);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "row") == 0) {
        unsigned long y = num(argv[3]), x;
        load(argv[2], &a);
        if (y >= a.h)
            die("row outside the image", argv[2]);
        for (x = 0; x < a.w; x++)
            printf("%s%u", x ? " " : "", a.px[y * a.w + x]);
        printf("\n");
        free(a.px);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "hash") == 0) {
        uint32_t h = 0, i;
        load(argv[2], &a);
        for (i = 0; i < a.w * a.h; i++)
            h += fmix32((uint32_t)((i << 8) | a.px[i]) ^ 0x9E3779B9u);
        printf("0x%08lx\n", (unsigned long)h);
        free(a.px);
        return 0;
    }
    if (argc >= 6 && argc % 2 == 0 && strcmp(argv[1], "setbyte") == 0) {
        size_t n;
        unsigned char *bytes = slurp(argv[2], &n);
        uint32_t crc;
        FILE *f;
        int k;
        for (k = 4; k + 1 < argc; k += 2) {
            unsigned long off = num(argv[k]), v = num(argv[k + 1]);
            if (off >= n || v > 255u)
                die("offset or value out of range", argv[k]);
            bytes[off] = (unsigned char)v;
        }
        if (n >= 16) {
            crc = crc32_ieee(bytes + 16, n - 16);
            bytes[12] = (unsigned char)(crc & 0xFFu);
            bytes[13] = (unsigned char)((crc >> 8) & 0xFFu);
            bytes[14] = (unsigned char)((crc >> 16) & 0xFFu);
            bytes[15] = (unsigned char)(crc >> 24);
        }
        f = fopen(argv[3], "wb");
        if (f == NULL || fwrite(bytes, 1, n, f) != n || fclose(f) != 0)
            die("cannot write", argv[3]);
        free(bytes);
        return 0;
    }
    fprintf(stderr, "usage: tvae-imgcheck size|same|crop|pixel|hash|setbyte "
            "... (see the source)\n");
    return 2;
}
