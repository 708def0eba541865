/*
 * tvae-ssd1306 -- turn what a roll firmware printed (ports/avr/roll.c,
 * ports/riscv/fw.c) into pictures: the 32x32 image and the 128x64 SSD1306
 * frame of spec/profiles.md, as PNG files.
 *
 *   tvae-ssd1306 [-i LOG] [--seed S] [--image OUT.png] [--frame OUT.png]
 *                [--scale N] [--model MODEL.tvm]
 *
 * Reads the firmware's text (LOG, default standard input): the block
 * "seed S pips P latent ...", 32 lines "row YY <64 hex>" and 8 lines
 * "page P <256 hex>" (the first block, or the one for --seed S).  It
 * checks that every row and page is there exactly once and well formed,
 * and that the pages are the frame the profile computes from the rows;
 * with --model it also decodes (seed -> tvae_roll -> tvae_decode) on the
 * host and checks the image bit for bit.  Then it writes the image scaled
 * by N (default 8) and the frame scaled by N / 2 (lit pixels white, dark
 * pixels dark grey, as on the panel).  Any problem: one line on stderr,
 * exit 1 (2 for usage).  Prints one line on success.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "tvae.h"
#include "tvae_ssd1306.h"

#define MAX_LINE 1024
#define MAX_MODEL (1024L * 1024L)

static int fail(const char *what, const char *detail)
{
    fprintf(stderr, "tvae-ssd1306: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    return 1;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* n bytes of hex digits, then end of line; 0 ok, -1 malformed. */
static int parse_hex(const char *s, uint8_t *out, unsigned n)
{
    unsigned i;
    for (i = 0; i < n; i++) {
        int hi = hexval((unsigned char)s[2 * i]);
        int lo = hi < 0 ? -1 : hexval((unsigned char)s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (uint8_t)(hi * 16 + lo);
    }
    s += 2 * n;
    while (*s == '\r' || *s == '\n' || *s == ' ')
        s++;
    return *s == '\0' ? 0 : -1;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *v,
                      const char **end)
{
    char *e;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    *v = strtoul(s, &e, 10);
    if (errno != 0 || *v > max)
        return -1;
    *end = e;
    return 0;
}

int main(int argc, char **argv)
{
    const char *in_path = NULL, *image_path = NULL, *frame_path = NULL;
    const char *model_path = NULL;
    unsigned long want_seed = 0, scale = 8, v;
    int have_want = 0, in_block = 0, done = 0, i;
    unsigned long seed = 0, pips = 0;
    uint8_t image[TVAE_PIXELS], pages[TVAE_SSD1306_PAGES][TVAE_SSD1306_WIDTH];
    uint32_t rows_seen = 0;
    unsigned pages_seen = 0, y, p, x;
    char line[MAX_LINE + 2], err[256];
    FILE *in = stdin;
    unsigned long lineno = 0;

    for (i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) {
            printf("usage: tvae-ssd1306 [-i LOG] [--seed S] [--image OUT.png] "
                   "[--frame OUT.png] [--scale N] [--model MODEL.tvm]\n");
            return 0;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "tvae-ssd1306: %s needs a value (try --help)\n", o);
            return 2;
        }
        if (strcmp(o, "-i") == 0) {
            in_path = argv[++i];
        } else if (strcmp(o, "--image") == 0) {
            image_path = argv[++i];
        } else if (strcmp(o, "--frame") == 0) {
            frame_path = argv[++i];
        } else if (strcmp(o, "--model") == 0) {
            model_path = argv[++i];
        } else if (strcmp(o, "--seed") == 0) {
            const char *e;
            if (parse_uint(argv[++i], 0xFFFFFFFFUL, &want_seed, &e) != 0 || *e)
                return fail("--seed must be an integer 0..4294967295", argv[i]);
            have_want = 1;
        } else if (strcmp(o, "--scale") == 0) {
            const char *e;
            if (parse_uint(argv[++i], 64, &scale, &e) != 0 || *e
                || scale < 2 || scale % 2 != 0)
                return fail("--scale must be an even integer 2..64", argv[i]);
        } else {
            fprintf(stderr, "tvae-ssd1306: unknown option %s (try --help)\n", o);
            return 2;
        }
    }
    if (in_path != NULL && (in = fopen(in_path, "r")) == NULL)
        return fail("cannot open", in_path);

    while (!done && fgets(line, sizeof line, in) != NULL) {
        const char *s = line, *e;
        lineno++;
        if (strlen(line) > MAX_LINE) {
            snprintf(err, sizeof err, "line %lu is too long", lineno);
            return fail(err, NULL);
        }
        if (strncmp(s, "seed ", 5) == 0) {
            if (in_block) {
                done = 1; /* next block: the one we read is over */
                break;
            }
            if (parse_uint(s + 5, 0xFFFFFFFFUL, &seed, &e) != 0
                || strncmp(e, " pips ", 6) != 0
                || parse_uint(e + 6, 6, &pips, &e) != 0 || pips < 1) {
                snprintf(err, sizeof err, "line %lu: bad seed line", lineno);
                return fail(err, NULL);
            }
            if (!have_want || seed == want_seed)
                in_block = 1;
        } else if (in_block && strncmp(s, "row ", 4) == 0) {
            if (hexval((unsigned char)s[4]) < 0
                || hexval((unsigned char)s[5]) < 0 || s[6] != ' ') {
                snprintf(err, sizeof err, "line %lu: bad row line", lineno);
                return fail(err, NULL);
            }
            y = (unsigned)(hexval((unsigned char)s[4]) * 16 + hexval((unsigned char)s[5]));
            if (y >= 32u || (rows_seen >> y) & 1u
                || parse_hex(s + 7, image + 32u * y, 32) != 0) {
                snprintf(err, sizeof err, "line %lu: bad or repeated row %u",
                         lineno, y);
                return fail(err, NULL);
            }
            rows_seen |= (uint32_t)1 << y;
        } else if (in_block && strncmp(s, "page ", 5) == 0) {
            if (parse_uint(s + 5, 7, &v, &e) != 0 || *e != ' '
                || (pages_seen >> v) & 1u
                || parse_hex(e + 1, pages[v], TVAE_SSD1306_WIDTH) != 0) {
                snprintf(err, sizeof err, "line %lu: bad or repeated page line",
                         lineno);
                return fail(err, NULL);
            }
            pages_seen |= 1u << v;
        }
        /* other lines (banner, cycles) are ignored */
    }
    if (in != stdin)
        fclose(in);
    if (!in_block)
        return fail(have_want ? "no block for that seed in the input"
                              : "no \"seed\" line in the input", NULL);
    if (rows_seen != 0xFFFFFFFFUL)
        return fail("the image is incomplete (missing row lines)", NULL);
    if (pages_seen != 0xFFu)
        return fail("the frame is incomplete (missing page lines)", NULL);

    /* The pages must be the profile's frame of these rows. */
    {
        uint8_t area[TVAE_SSD1306_AREA];
        for (y = 0; y < 32u; y++) {
            tvae_ssd1306_add_row(area, y, image + 32u * y);
            if ((y & 3u) != 3u)
                continue;
            p = y / 4u;
            for (x = 0; x < TVAE_SSD1306_WIDTH; x++) {
                uint8_t want = 0;
                if (x >= TVAE_SSD1306_LEFT
                    && x < TVAE_SSD1306_LEFT + TVAE_SSD1306_AREA)
                    want = area[x - TVAE_SSD1306_LEFT];
                if (pages[p][x] != want) {
                    snprintf(err, sizeof err, "page %u column %u is 0x%02x, "
                             "the profile gives 0x%02x", p, x, pages[p][x], want);
                    return fail("frame does not follow spec/profiles.md", err);
                }
            }
        }
    }

    if (model_path != NULL) {
        FILE *f = fopen(model_path, "rb");
        uint8_t *blob = malloc((size_t)MAX_MODEL + 1u), *scratch;
        uint8_t ref[TVAE_PIXELS];
        int8_t latent[TVAE_MAX_LATENT];
        unsigned rpips;
        size_t n;
        tvae_model m;
        int rc;
        if (f == NULL || blob == NULL) {
            free(blob);
            if (f != NULL)
                fclose(f);
            return fail("cannot open model", model_path);
        }
        n = fread(blob, 1, (size_t)MAX_MODEL + 1u, f);
        fclose(f);
        if (n > (size_t)MAX_MODEL)
            return fail("model file too large", model_path);
        rc = tvae_model_validate(&m, blob, n);
        if (rc != TVAE_OK)
            return fail("invalid model", tvae_strerror(rc));
        scratch = malloc(tvae_scratch_size(&m));
        if (scratch == NULL)
            return fail("out of memory", NULL);
        if (tvae_roll(&m, (uint32_t)seed, &rpips, latent) != TVAE_OK
            || tvae_decode(&m, latent, rpips, scratch, tvae_scratch_size(&m),
                           ref, NULL, NULL) != TVAE_OK)
            return fail("host decode failed", NULL);
        if (rpips != pips) {
            snprintf(err, sizeof err, "firmware says pips %lu, the roll "
                     "profile gives %u", pips, rpips);
            return fail(err, NULL);
        }
        for (i = 0; i < (int)TVAE_PIXELS; i++)
            if (ref[i] != image[i]) {
                snprintf(err, sizeof err, "pixel (%d, %d) is %u, the reference "
                         "gives %u", i % 32, i / 32, image[i], ref[i]);
                return fail("image differs from the host decode", err);
            }
        free(scratch);
        free(blob);
    }

    if (image_path != NULL) {
        tvae_image img;
        if (tvae_image_new(&img, 32u * (unsigned)scale, 32u * (unsigned)scale, 0) != 0)
            return fail("out of memory", NULL);
        tvae_image_blit(&img, 0, 0, image, 32, 32, (unsigned)scale);
        if (tvae_image_write_png(&img, image_path, err, sizeof err) != 0)
            return fail(image_path, err);
        tvae_image_free(&img);
    }
    if (frame_path != NULL) {
        tvae_image img;
        uint8_t px[TVAE_SSD1306_WIDTH * 64u];
        for (y = 0; y < 64u; y++)
            for (x = 0; x < TVAE_SSD1306_WIDTH; x++)
                px[y * TVAE_SSD1306_WIDTH + x] =
                    (pages[y / 8u][x] >> (y % 8u)) & 1u ? 255 : 24;
        if (tvae_image_new(&img, TVAE_SSD1306_WIDTH * (unsigned)scale / 2u,
                           64u * (unsigned)scale / 2u, 0) != 0)
            return fail("out of memory", NULL);
        tvae_image_blit(&img, 0, 0, px, TVAE_SSD1306_WIDTH, 64,
                        (unsigned)scale / 2u);
        if (tvae_image_write_png(&img, frame_path, err, sizeof err) != 0)
            return fail(frame_path, err);
        tvae_image_free(&img);
    }
    printf("tvae-ssd1306: seed %lu pips %lu: 32 rows and 8 pages consistent "
           "with the profile%s\n", seed, pips,
           model_path != NULL ? ", image equals the host decode" : "");
    return 0;
}
