/*
 * tvae-decode -- decode tvae dice images on the host.
 *
 * Reads a model file (spec 4), takes a pip count and a latent (integers,
 * real values converted by spec 10, or a roll seed, spec 6), runs the
 * reference decoder (ref/tvae.c) and writes PNG / PGM files, a terminal
 * preview, the per-layer hashes of spec 9.2, a model summary or a
 * contact sheet.  Every error is one line on stderr and a non-zero exit
 * status: 1 usage, 2 model invalid, 3 input/output error.
 */
#define _POSIX_C_SOURCE 200809L

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libfixmath/fix16.h>

#include "tvae.h"
#include "image.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "dev"
#endif

#define PROG "tvae-decode"

/* Exit statuses (documented in --help). */
#define EXIT_USAGE 1
#define EXIT_MODEL 2
#define EXIT_IO    3

/* spec 7: the largest valid model file.  Reading stops a little past it,
 * so /dev/zero or a huge file costs at most this much memory and time. */
#define MODEL_MAX_BYTES  265768u
#define MODEL_READ_LIMIT (MODEL_MAX_BYTES + 65536u)

#define MAX_SCALE   32u
#define MAX_COLUMNS 64u

/* ---------------------------------------------------------------- */
/* Errors: one line on stderr, then exit                              */
/* ---------------------------------------------------------------- */

#if defined(__GNUC__)
#define TVAE_NORETURN __attribute__((noreturn))
#define TVAE_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TVAE_NORETURN
#define TVAE_PRINTF(f, a)
#endif

static void fail(int status, const char *fmt, ...) TVAE_NORETURN TVAE_PRINTF(2, 3);

static void fail(int status, const char *fmt, ...)
{
    char msg[512];
    size_t i;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* User text (file names, numbers) may hold control characters; keep
     * the message on one line and free of terminal escapes. */
    for (i = 0; msg[i] != '\0'; i++)
        if ((unsigned char)msg[i] < 0x20u || (unsigned char)msg[i] == 0x7Fu)
            msg[i] = '?';
    fflush(stdout);
    fprintf(stderr, PROG ": %s\n", msg);
    exit(status);
}

static const char *status_name(int status)
{
    static const char *const names[] = {
        "TVAE_OK", "TVAE_E_ARGUMENT", "TVAE_E_TRUNCATED", "TVAE_E_MAGIC",
        "TVAE_E_VERSION", "TVAE_E_FILE_SIZE", "TVAE_E_CRC",
        "TVAE_E_RESERVED", "TVAE_E_LATENT_LEN", "TVAE_E_LAYER_COUNT",
        "TVAE_E_LATENT_FRAC", "TVAE_E_ROLL", "TVAE_E_LAYER_KIND",
        "TVAE_E_CHANNELS", "TVAE_E_SHAPE", "TVAE_E_CHAIN", "TVAE_E_OFFSET",
        "TVAE_E_PARAM_SIZE", "TVAE_E_WEIGHT", "TVAE_E_BIAS", "TVAE_E_SHIFT",
        "TVAE_E_PIPS", "TVAE_E_SCRATCH"
    };
    if (status <= 0 && -status < (int)(sizeof names / sizeof names[0]))
        return names[-status];
    return "TVAE_E_UNKNOWN";
}

/* ---------------------------------------------------------------- */
/* Usage                                                              */
/* ---------------------------------------------------------------- */

static void usage(FILE *out)
{
    fprintf(out,
"Usage: " PROG " MODEL.tvm [INPUT] [OUTPUT...]\n"
"       " PROG " MODEL.tvm --info\n"
"       " PROG " MODEL.tvm --sheet=FILE.png [--columns=K] [--sheet-seeds[=N]]\n"
"\n"
"Decode a 32x32 greyscale die picture with the tvae reference decoder\n"
"(tvae specification %d.%d).  MODEL.tvm is a model file (spec 4); '-'\n"
"reads it from standard input.\n"
"\n"
"Input (one of):\n"
"  -p, --pips=P           pip count, 1..6 (needed with --latent and --real;\n"
"                         with --seed it replaces the rolled count)\n"
"  -l, --latent=Q,Q,...   the latent as exactly L integers in -128..127\n"
"  -r, --real=X,X,...     the latent as exactly L decimals (e.g. 0.5,-1.25),\n"
"                         each turned into Q16.16 by libfixmath and then into\n"
"                         q = clamp(floor(x * 2^F + 1/2), -128, 127), F the\n"
"                         model's latent_frac (spec 10); |x| < 32768, and\n"
"                         digits after the fifth decimal are ignored\n"
"  -s, --seed=N           roll the die (spec 6): N in 0..4294967295 (decimal\n"
"                         or 0x hex) gives the pips and the latent\n"
"The chosen input is printed as '--pips P --latent Q,...' (values in\n"
"-128..127), so a roll or a --real conversion can be replayed exactly.\n"
"\n"
"Output (any of; without one, --preview):\n"
"  -o, --output=FILE.png  8-bit greyscale PNG ('-' = standard output)\n"
"      --pgm=FILE.pgm     binary PGM (P5, maxval 255)\n"
"      --scale=K          enlarge PNG, PGM and sheet K times, nearest\n"
"                         neighbour, K in 1..%u (default 1)\n"
"      --preview[=MODE]   print the picture on the terminal; MODE is\n"
"                         truecolor (24-bit colour), 256 (xterm greys) or\n"
"                         ascii; default: truecolor when COLORTERM says so,\n"
"                         ascii when NO_COLOR is set or TERM is dumb, else 256\n"
"                         (the mode needs '=': --preview=ascii)\n"
"      --hashes           print every layer's shape (C x H x W) and its\n"
"                         spec 9.2 hash\n"
"  -q, --quiet            do not print the '--pips P --latent ...' line\n"
"                         nor the sheet's progress (shown on a terminal)\n"
"\n"
"Model:\n"
"      --info             print the model summary (L, F, dims d1_d2_d3_d4,\n"
"                         extra layers, parameters, bytes, scratch, roll\n"
"                         profile, CRC) and the layer table; decodes nothing\n"
"\n"
"Contact sheet:\n"
"      --sheet=FILE.png   6 rows (pips 1..6) by K columns of decodes, grey\n"
"                         grid lines, labelled; latent element 0 swept\n"
"                         evenly over -128..127, the others 0\n"
"      --columns=K        columns, 1..%u (default 8)\n"
"      --sheet-seeds[=N]  instead of the sweep, roll the latents from seeds\n"
"                         N, N+1, ... (default 1); row P, column c (from 0)\n"
"                         uses seed N + (P-1)*K + c with the pip count P\n"
"\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and the spec version and exit\n"
"\n"
"Exit status: 0 success, 1 usage error (bad option, number text, range,\n"
"latent count), 2 model invalid (including too large), 3 input/output\n"
"error (cannot read the model, cannot write an output).  Every error is\n"
"one line on stderr starting '" PROG ": '.\n"
"\n"
"Examples:\n"
"  " PROG " dice.tvm --seed 7 --preview\n"
"  " PROG " dice.tvm --pips 5 --latent 12 -o five.png --scale 8\n"
"  " PROG " dice.tvm --pips 3 --real 0.25 --pgm three.pgm --hashes\n"
"  " PROG " dice.tvm --sheet sheet.png --columns 10 --scale 2\n",
            TVAE_VERSION_MAJOR, TVAE_VERSION_MINOR, MAX_SCALE, MAX_COLUMNS);
}

/* ---------------------------------------------------------------- */
/* Number text                                                        */
/* ---------------------------------------------------------------- */

/* Strict decimal integer: optional sign, digits, nothing else.  Returns
 * 0 and *out, 1 for bad text, 2 for a value outside [lo, hi].  Long digit
 * strings saturate instead of overflowing. */
static int parse_long(const char *s, long lo, long hi, long *out)
{
    const char *p = s;
    int neg = 0;
    unsigned long mag = 0;
    long v;

    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if (*p < '0' || *p > '9')
        return 1;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (mag < 100000000ul)
            mag = mag * 10u + (unsigned long)(*p - '0');
        else
            mag = 1000000000ul;
    }
    if (*p != '\0')
        return 1;
    if (mag >= 1000000000ul)
        return 2;
    v = neg ? -(long)mag : (long)mag;
    if (v < lo || v > hi)
        return 2;
    *out = v;
    return 0;
}

static unsigned parse_unsigned_opt(const char *opt, const char *s,
                                   unsigned lo, unsigned hi)
{
    long v = 0;
    int rc = parse_long(s, (long)lo, (long)hi, &v);

    if (rc == 1)
        fail(EXIT_USAGE, "%s: bad number text '%s' (want an integer)", opt, s);
    if (rc == 2)
        fail(EXIT_USAGE, "%s: '%s' out of range %u..%u", opt, s, lo, hi);
    return (unsigned)v;
}

/* A seed: decimal or 0x-prefixed hexadecimal, 0..2^32-1. */
static uint32_t parse_seed(const char *opt, const char *s)
{
    const char *p = s;
    unsigned base = 10;
    uint64_t v = 0;
    int digits = 0;

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    for (; *p != '\0'; p++) {
        unsigned d;
        if (*p >= '0' && *p <= '9')
            d = (unsigned)(*p - '0');
        else if (base == 16 && *p >= 'a' && *p <= 'f')
            d = (unsigned)(*p - 'a') + 10u;
        else if (base == 16 && *p >= 'A' && *p <= 'F')
            d = (unsigned)(*p - 'A') + 10u;
        else
            fail(EXIT_USAGE, "%s: bad number text '%s' (want 0..4294967295 "
                 "or 0x hex)", opt, s);
        if (v <= 0xFFFFFFFFu)
            v = v * base + d;
        digits++;
    }
    if (digits == 0)
        fail(EXIT_USAGE, "%s: bad number text '%s' (want 0..4294967295 "
             "or 0x hex)", opt, s);
    if (v > 0xFFFFFFFFu)
        fail(EXIT_USAGE, "%s: '%s' out of range 0..4294967295", opt, s);
    return (uint32_t)v;
}

/*
 * spec 10: decimal text -> Q16.16 (libfixmath fix16_from_str) -> latent
 * byte.  fix16_from_str has sharp edges, so the text is checked first:
 * it accepts trailing blanks and digits ("1 2" reads as 1), ',' as a
 * decimal point, rejects more than five integer digits (so "000001"),
 * and returns a wrong, positive value for text just below -32768.  We
 * accept only [+-]digits[.digits] with an integer part below 32768 and
 * hand fix16_from_str the text without leading zeros.
 */
static int real_to_fix16(const char *s, fix16_t *out)
{
    char buf[64];
    const char *p = s, *int_start, *q;
    size_t n = 0, int_digits;
    int rc = 0;

    if (*p == '+' || *p == '-')
        buf[n++] = *p++;
    int_start = p;
    while (*p >= '0' && *p <= '9')
        p++;
    if (p == int_start)
        return 1;
    q = p;
    if (*q == '.') {
        q++;
        if (*q < '0' || *q > '9')
            return 1;
        while (*q >= '0' && *q <= '9')
            q++;
    }
    if (*q != '\0')
        return 1;
    while (int_start + 1 < p && *int_start == '0')
        int_start++;
    int_digits = (size_t)(p - int_start);
    if (int_digits > 5u
        || (int_digits == 5u && strncmp(int_start, "32768", 5) >= 0))
        return 2;
    /* Copy the rest, keeping at most what libfixmath reads (five
     * decimals) so the buffer is bounded whatever the text's length. */
    memcpy(buf + n, int_start, int_digits);
    n += int_digits;
    if (*p == '.') {
        size_t k;
        buf[n++] = '.';
        for (k = 1; k <= 5u && p[k] >= '0' && p[k] <= '9'; k++)
            buf[n++] = p[k];
    }
    buf[n] = '\0';
    *out = fix16_from_str(buf);
    if (*out == fix16_overflow)
        rc = 2; /* cannot happen after the checks above */
    return rc;
}

/* spec 10: q = clamp(floor((X * 2^F + 2^15) / 2^16), -128, 127), integers
 * only; floor division written without shifting a negative value. */
static int8_t fix16_to_latent(fix16_t x, unsigned frac)
{
    int64_t t = (int64_t)x * ((int64_t)1 << frac) + 32768;
    int64_t q = t >= 0 ? t / 65536 : -((-t + 65535) / 65536);

    if (q < -128)
        q = -128;
    if (q > 127)
        q = 127;
    return (int8_t)q;
}

/* Split a comma-separated list into its items (modifies s). */
static unsigned split_list(char *s, char **items, unsigned max)
{
    unsigned n = 0;

    for (;;) {
        char *comma = strchr(s, ',');
        if (n < max)
            items[n] = s;
        n++;
        if (comma == NULL)
            break;
        *comma = '\0';
        s = comma + 1;
        if (n > max)
            break;
    }
    return n;
}

static void parse_latent(const char *opt, const char *text, unsigned count,
                         unsigned frac, int real, int8_t *latent)
{
    char buf[1024];
    char *items[TVAE_MAX_LATENT];
    unsigned n, i;
    size_t len = strlen(text);

    if (len >= sizeof buf)
        fail(EXIT_USAGE, "%s: list too long (the model wants %u value%s)",
             opt, count, count == 1u ? "" : "s");
    memcpy(buf, text, len + 1u);
    n = split_list(buf, items, TVAE_MAX_LATENT);
    if (n != count)
        fail(EXIT_USAGE, "%s: the model wants exactly %u value%s (L = %u), "
             "got %s%u", opt, count, count == 1u ? "" : "s", count,
             n > TVAE_MAX_LATENT ? "more than " : "",
             n > TVAE_MAX_LATENT ? TVAE_MAX_LATENT : n);
    for (i = 0; i < n; i++) {
        if (real) {
            fix16_t x = 0;
            int rc = real_to_fix16(items[i], &x);
            if (rc == 1)
                fail(EXIT_USAGE, "%s: bad number text '%s' (want a decimal "
                     "such as -0.75)", opt, items[i]);
            if (rc == 2)
                fail(EXIT_USAGE, "%s: '%s' out of range (|x| must be below "
                     "32768)", opt, items[i]);
            latent[i] = fix16_to_latent(x, frac);
        } else {
            long v = 0;
            int rc = parse_long(items[i], -128, 127, &v);
            if (rc == 1)
                fail(EXIT_USAGE, "%s: bad number text '%s' (want an integer "
                     "in -128..127)", opt, items[i]);
            if (rc == 2)
                fail(EXIT_USAGE, "%s: value '%s' out of int8 range "
                     "-128..127", opt, items[i]);
            latent[i] = (int8_t)v;
        }
    }
}

/* ---------------------------------------------------------------- */
/* Reading the model                                                  */
/* ---------------------------------------------------------------- */

/* Read at most MODEL_READ_LIMIT + 1 bytes; a directory, an unreadable
 * file or a read error is an I/O error, more bytes than that is "too
 * large".  O_NONBLOCK keeps open() from waiting on a FIFO with no
 * writer; it is cleared before reading. */
static uint8_t *read_model(const char *path, size_t *size)
{
    uint8_t *buf;
    size_t n = 0;
    int fd, flags;
    struct stat st;

    if (strcmp(path, "-") == 0) {
        fd = STDIN_FILENO;
    } else {
        fd = open(path, O_RDONLY | O_NONBLOCK);
        if (fd < 0)
            fail(EXIT_IO, "cannot open model '%s': %s", path,
                 strerror(errno));
    }
    if (fstat(fd, &st) != 0)
        fail(EXIT_IO, "cannot read model '%s': %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        fail(EXIT_IO, "cannot read model '%s': %s", path, strerror(EISDIR));
    if (S_ISREG(st.st_mode) && st.st_size > (off_t)MODEL_READ_LIMIT)
        fail(EXIT_MODEL, "model '%s' too large: %lld bytes, a valid model "
             "has at most %u (spec 7)", path, (long long)st.st_size,
             MODEL_MAX_BYTES);
    flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);

    buf = malloc(MODEL_READ_LIMIT + 1u);
    if (buf == NULL)
        fail(EXIT_IO, "out of memory");
    while (n <= MODEL_READ_LIMIT) {
        ssize_t got = read(fd, buf + n, MODEL_READ_LIMIT + 1u - n);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            fail(EXIT_IO, "cannot read model '%s': %s", path,
                 strerror(errno));
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    if (fd != STDIN_FILENO)
        close(fd);
    if (n > MODEL_READ_LIMIT)
        fail(EXIT_MODEL, "model '%s' too large: more than %u bytes, a valid "
             "model has at most %u (spec 7)", path, MODEL_READ_LIMIT,
             MODEL_MAX_BYTES);
    *size = n;
    return buf;
}

/* ---------------------------------------------------------------- */
/* Model summary (--info)                                             */
/* ---------------------------------------------------------------- */

static const char *kind_name(unsigned kind)
{
    switch (kind) {
    case TVAE_LAYER_DENSE:    return "dense";
    case TVAE_LAYER_CONVT_S2: return "convt_s2";
    case TVAE_LAYER_CONVT_S1: return "convt_s1";
    case TVAE_LAYER_CONV:     return "conv";
    default:                  return "?";
    }
}

/* spec 4.4: the published parameter count of one layer. */
static unsigned long layer_params(const tvae_layer *l)
{
    if (l->kind == TVAE_LAYER_DENSE)
        return ((unsigned long)l->in_c + TVAE_PIPS)
             * l->out_h * l->out_w * l->out_c;
    return 9ul * l->in_c * l->out_c + l->out_c;
}

static void print_info(const tvae_model *m, const char *path)
{
    unsigned n = tvae_model_layer_count(m), L = tvae_model_latent_len(m);
    unsigned F = tvae_model_latent_frac(m), k;
    unsigned roll_kind = tvae_model_roll_kind(m), roll_shift = tvae_model_roll_shift(m);
    unsigned roll_mult = tvae_model_roll_mult(m);
    unsigned long total = 0;
    tvae_layer l, d[4];

    memset(d, 0, sizeof d); /* n >= 5 in a valid model: all four get set */

    for (k = 0; k < n; k++) {
        tvae_model_layer(m, k, &l);
        total += layer_params(&l);
        if (k < 4u)
            d[k] = l;
    }
    printf("model        %s\n", path);
    printf("format       %u.%u\n", m->blob[4], m->blob[5]);
    printf("file bytes   %lu\n", (unsigned long)m->size);
    printf("crc32        0x%08lx\n", (unsigned long)tvae_model_crc(m));
    printf("latent       L = %u, F = %u (one step = 1/%u)\n", L, F, 1u << F);
    printf("dims         %u_%u_%u_%u (d1_d2_d3_d4)\n", d[3].out_c, d[2].out_c,
           d[1].out_c, d[0].out_c);
    printf("layers       %u (%u extra conv)\n", n, n - 5u);
    printf("parameters   %lu\n", total);
    printf("scratch      %lu bytes\n", (unsigned long)tvae_scratch_size(m));
    printf("roll         %s, mult %u, shift %u\n",
           roll_kind == TVAE_ROLL_UNIFORM ? "uniform" : "bell",
           roll_mult, roll_shift);
    printf("layer  kind      input      output     params\n");
    for (k = 0; k < n; k++) {
        char in[16], out[16];
        tvae_model_layer(m, k, &l);
        snprintf(in, sizeof in, "%ux%ux%u", l.in_c, l.in_h, l.in_w);
        snprintf(out, sizeof out, "%ux%ux%u", l.out_c, l.out_h, l.out_w);
        printf("%5u  %-8s  %-9s  %-9s  %6lu\n", k, kind_name(l.kind), in,
               out, layer_params(&l));
    }
}

/* ---------------------------------------------------------------- */
/* Decoding                                                           */
/* ---------------------------------------------------------------- */

struct decoder {
    tvae_model model;
    void *scratch;
    size_t scratch_size;
};

static void on_layer_hash(void *ctx, unsigned index, const tvae_layer *l,
                          const uint8_t *act)
{
    FILE *out = (FILE *)ctx;
    char shape[16];
    uint32_t count = (uint32_t)l->out_c * l->out_h * l->out_w;

    snprintf(shape, sizeof shape, "%ux%ux%u", l->out_c, l->out_h, l->out_w);
    fprintf(out, "layer %u %-8s %-9s hash 0x%08lx\n", index,
            kind_name(l->kind), shape,
            (unsigned long)tvae_layer_hash(act, count));
}

static void decode(struct decoder *dec, const int8_t *latent, unsigned pips,
                   uint8_t pixels[TVAE_PIXELS], int hashes)
{
    int rc = tvae_decode(&dec->model, latent, pips, dec->scratch,
                         dec->scratch_size, pixels,
                         hashes ? on_layer_hash : NULL, (void *)stdout);
    if (rc != TVAE_OK)
        fail(EXIT_MODEL, "decode failed: %s (%s, %d)", tvae_strerror(rc),
             status_name(rc), rc);
}

/* Write an image; on failure remove what was written, so that no
 * truncated picture is left behind, and exit. */
static void write_image(const tvae_image *img, const char *path, int png)
{
    char err[256];

    if ((png ? tvae_image_write_png(img, path, err, sizeof err)
             : tvae_image_write_pgm(img, path, err, sizeof err)) != 0) {
        struct stat st;
        if (strcmp(path, "-") != 0 && stat(path, &st) == 0
            && S_ISREG(st.st_mode))
            (void)remove(path);
        fail(EXIT_IO, "cannot write '%s': %s", path, err);
    }
}

static void scaled(tvae_image *img, const uint8_t *pixels, unsigned scale)
{
    if (tvae_image_new(img, TVAE_IMAGE_SIDE * scale, TVAE_IMAGE_SIDE * scale,
                       255) != 0)
        fail(EXIT_IO, "out of memory");
    tvae_image_blit(img, 0, 0, pixels, TVAE_IMAGE_SIDE, TVAE_IMAGE_SIDE,
                    scale);
}

/* ---------------------------------------------------------------- */
/* Contact sheet                                                      */
/* ---------------------------------------------------------------- */

#define SHEET_BACKGROUND 255
#define SHEET_GRID       150
#define SHEET_LABEL      70

/* Progress on long jobs: on a terminal only, one line rewritten in place
 * ("\r"), so pipes and logs stay clean. */
static void progress(int show, unsigned done, unsigned total)
{
    if (!show)
        return;
    fprintf(stderr, "\r" PROG ": sheet: %u/%u decodes", done, total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

static void write_sheet(struct decoder *dec, const char *path,
                        unsigned columns, unsigned scale, int use_seeds,
                        uint32_t first_seed, int show_progress)
{
    unsigned cell = TVAE_IMAGE_SIDE * scale, font = scale, pad = 2u * scale;
    unsigned left = 3u * font + 2u * pad, top, width, height, row, col;
    int8_t latent[TVAE_MAX_LATENT];
    uint8_t pixels[TVAE_PIXELS];
    char label[16];
    tvae_image sheet;
    int top_labels = !use_seeds;

    top = top_labels ? 5u * font + 2u * pad : 0u;
    width = left + columns * (cell + 1u) + 1u;
    height = top + 6u * (cell + 1u) + 1u;
    if (width > TVAE_IMAGE_MAX_SIDE || height > TVAE_IMAGE_MAX_SIDE)
        fail(EXIT_USAGE, "--sheet: %ux%u pixels is too large (at most %u "
             "on a side); lower --scale or --columns", width, height,
             TVAE_IMAGE_MAX_SIDE);
    if (tvae_image_new(&sheet, width, height, SHEET_BACKGROUND) != 0)
        fail(EXIT_IO, "out of memory");

    /* grid: a 1-pixel line around every cell */
    for (col = 0; col <= columns; col++)
        tvae_image_fill(&sheet, left + col * (cell + 1u), top, 1u,
                        height - top, SHEET_GRID);
    for (row = 0; row <= 6u; row++)
        tvae_image_fill(&sheet, left, top + row * (cell + 1u),
                        width - left, 1u, SHEET_GRID);

    for (row = 0; row < 6u; row++) {
        unsigned pips = row + 1u;
        unsigned y = top + row * (cell + 1u) + 1u;
        snprintf(label, sizeof label, "%u", pips);
        tvae_image_text(&sheet, pad, y + (cell - 5u * font) / 2u, label,
                        font, SHEET_LABEL);
        for (col = 0; col < columns; col++) {
            unsigned x = left + col * (cell + 1u) + 1u;
            if (use_seeds) {
                unsigned rolled_pips;
                uint32_t seed = first_seed + (uint32_t)(row * columns + col);
                int rc = tvae_roll(&dec->model, seed, &rolled_pips, latent);
                if (rc != TVAE_OK)
                    fail(EXIT_MODEL, "roll failed: %s (%s, %d)",
                         tvae_strerror(rc), status_name(rc), rc);
            } else {
                long z = columns > 1u
                       ? -128 + (255L * (long)col + (long)(columns - 1u) / 2)
                                / (long)(columns - 1u)
                       : 0;
                memset(latent, 0, sizeof latent);
                latent[0] = (int8_t)z;
                if (row == 0u) {
                    unsigned w;
                    snprintf(label, sizeof label, "%ld", z);
                    w = tvae_image_text_width(label, font);
                    if (w <= cell)
                        tvae_image_text(&sheet, x + (cell - w) / 2u, pad,
                                        label, font, SHEET_LABEL);
                }
            }
            decode(dec, latent, pips, pixels, 0);
            tvae_image_blit(&sheet, x, y, pixels, TVAE_IMAGE_SIDE,
                            TVAE_IMAGE_SIDE, scale);
            progress(show_progress, row * columns + col + 1u, 6u * columns);
        }
    }
    write_image(&sheet, path, 1);
    tvae_image_free(&sheet);
}

/* ---------------------------------------------------------------- */
/* main                                                               */
/* ---------------------------------------------------------------- */

enum {
    OPT_PGM = 256, OPT_SCALE, OPT_PREVIEW, OPT_HASHES, OPT_INFO, OPT_SHEET,
    OPT_COLUMNS, OPT_SHEET_SEEDS
};

enum input_kind { INPUT_NONE, INPUT_LATENT, INPUT_REAL, INPUT_SEED };

static enum tvae_preview_mode default_preview(void)
{
    const char *colorterm = getenv("COLORTERM"), *term = getenv("TERM");
    const char *no_color = getenv("NO_COLOR");

    if ((no_color != NULL && no_color[0] != '\0')
        || (term != NULL && strcmp(term, "dumb") == 0))
        return TVAE_PREVIEW_ASCII;
    if (colorterm != NULL && (strcmp(colorterm, "truecolor") == 0
                              || strcmp(colorterm, "24bit") == 0))
        return TVAE_PREVIEW_TRUECOLOR;
    return TVAE_PREVIEW_GREY256;
}

static void set_input(enum input_kind *input, enum input_kind kind,
                      const char *text, const char **input_text)
{
    static const char *const names[] = {"", "--latent", "--real", "--seed"};

    if (*input != INPUT_NONE && *input != kind)
        fail(EXIT_USAGE, "%s and %s cannot be combined: give one input",
             names[*input], names[kind]);
    *input = kind;
    *input_text = text;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"pips",        required_argument, NULL, 'p'},
        {"latent",      required_argument, NULL, 'l'},
        {"real",        required_argument, NULL, 'r'},
        {"seed",        required_argument, NULL, 's'},
        {"output",      required_argument, NULL, 'o'},
        {"pgm",         required_argument, NULL, OPT_PGM},
        {"scale",       required_argument, NULL, OPT_SCALE},
        {"preview",     optional_argument, NULL, OPT_PREVIEW},
        {"hashes",      no_argument,       NULL, OPT_HASHES},
        {"info",        no_argument,       NULL, OPT_INFO},
        {"sheet",       required_argument, NULL, OPT_SHEET},
        {"columns",     required_argument, NULL, OPT_COLUMNS},
        {"sheet-seeds", optional_argument, NULL, OPT_SHEET_SEEDS},
        {"quiet",       no_argument,       NULL, 'q'},
        {"help",        no_argument,       NULL, 'h'},
        {"version",     no_argument,       NULL, 'V'},
        {NULL, 0, NULL, 0}
    };
    enum input_kind input = INPUT_NONE;
    const char *input_text = NULL, *png_path = NULL, *pgm_path = NULL;
    const char *sheet_path = NULL, *model_path;
    unsigned pips = 0, scale = 1, columns = 8;
    int have_pips = 0, preview = 0, hashes = 0, info = 0, quiet = 0;
    int sheet_seeds = 0, have_columns = 0, image_to_stdout;
    uint32_t seed = 0, first_seed = 1;
    enum tvae_preview_mode preview_mode = TVAE_PREVIEW_ASCII;
    struct decoder dec;
    uint8_t *blob;
    size_t blob_size;
    int rc, c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":p:l:r:s:o:qhV", longopts, NULL))
           != -1) {
        /* getopt_long sets optarg for every required_argument option;
         * "" only keeps static analysers from assuming NULL. */
        const char *arg = optarg != NULL ? optarg : "";
        switch (c) {
        case 'p':
            pips = parse_unsigned_opt("--pips", arg, 1, TVAE_PIPS);
            have_pips = 1;
            break;
        case 'l':
            set_input(&input, INPUT_LATENT, arg, &input_text);
            break;
        case 'r':
            set_input(&input, INPUT_REAL, arg, &input_text);
            break;
        case 's':
            set_input(&input, INPUT_SEED, arg, &input_text);
            seed = parse_seed("--seed", arg);
            break;
        case 'o':
            png_path = arg;
            break;
        case OPT_PGM:
            pgm_path = arg;
            break;
        case OPT_SCALE:
            scale = parse_unsigned_opt("--scale", arg, 1, MAX_SCALE);
            break;
        case OPT_PREVIEW:
            preview = 1;
            if (optarg == NULL || strcmp(arg, "auto") == 0)
                preview_mode = default_preview();
            else if (strcmp(arg, "truecolor") == 0
                     || strcmp(arg, "24bit") == 0)
                preview_mode = TVAE_PREVIEW_TRUECOLOR;
            else if (strcmp(arg, "256") == 0)
                preview_mode = TVAE_PREVIEW_GREY256;
            else if (strcmp(arg, "ascii") == 0)
                preview_mode = TVAE_PREVIEW_ASCII;
            else
                fail(EXIT_USAGE, "--preview: unknown mode '%s' (want "
                     "truecolor, 256 or ascii)", arg);
            break;
        case OPT_HASHES:
            hashes = 1;
            break;
        case OPT_INFO:
            info = 1;
            break;
        case OPT_SHEET:
            sheet_path = arg;
            break;
        case OPT_COLUMNS:
            columns = parse_unsigned_opt("--columns", arg, 1,
                                         MAX_COLUMNS);
            have_columns = 1;
            break;
        case OPT_SHEET_SEEDS:
            sheet_seeds = 1;
            if (optarg != NULL)
                first_seed = parse_seed("--sheet-seeds", arg);
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf(PROG " (tvae) %s\ntvae specification %d.%d, model format "
                   "%d.%d\n", PACKAGE_VERSION, TVAE_VERSION_MAJOR,
                   TVAE_VERSION_MINOR, TVAE_VERSION_MAJOR,
                   TVAE_VERSION_MINOR);
            return 0;
        case ':':
            /* name the option as it was typed: --pips or -p */
            if (strncmp(argv[optind - 1], "--", 2) == 0)
                fail(EXIT_USAGE, "option '%s' needs a value (see --help)",
                     argv[optind - 1]);
            fail(EXIT_USAGE, "option -%c needs a value (see --help)", optopt);
            break;
        default:
            if (optopt != 0 && optopt < 256)
                fail(EXIT_USAGE, "unknown option -%c (see --help)", optopt);
            fail(EXIT_USAGE, "unknown or ambiguous option '%s' (see --help)",
                 argv[optind - 1]);
            break;
        }
    }
    if (optind >= argc)
        fail(EXIT_USAGE, "no model file given (see --help)");
    if (argc - optind > 1)
        fail(EXIT_USAGE, "one model file expected, got also '%s'",
             argv[optind + 1]);
    model_path = argv[optind];

    /* Check the whole command line before touching the model. */
    if (input == INPUT_NONE && !info && sheet_path == NULL) {
        if (have_pips)
            fail(EXIT_USAGE, "--pips needs a latent: add --latent, --real "
                 "or --seed");
        if (png_path != NULL || pgm_path != NULL || preview || hashes)
            fail(EXIT_USAGE, "nothing to decode: add --latent, --real or "
                 "--seed");
        fail(EXIT_USAGE, "nothing to do: give an input (--latent, --real, "
             "--seed), --info or --sheet (see --help)");
    }
    if (input == INPUT_NONE
        && (have_pips || png_path != NULL || pgm_path != NULL || preview
            || hashes))
        fail(EXIT_USAGE, "--pips, -o, --pgm, --preview and --hashes need an "
             "input: --latent, --real or --seed");
    if ((input == INPUT_LATENT || input == INPUT_REAL) && !have_pips)
        fail(EXIT_USAGE, "%s needs --pips P (1..6)",
             input == INPUT_LATENT ? "--latent" : "--real");
    if (sheet_seeds && sheet_path == NULL)
        fail(EXIT_USAGE, "--sheet-seeds needs --sheet FILE.png");
    if (have_columns && sheet_path == NULL)
        fail(EXIT_USAGE, "--columns needs --sheet FILE.png");
    if (input != INPUT_NONE && png_path == NULL && pgm_path == NULL
        && !hashes && !preview) {
        preview = 1;
        preview_mode = default_preview();
    }
    if (png_path != NULL && pgm_path != NULL && strcmp(png_path, "-") == 0
        && strcmp(pgm_path, "-") == 0)
        fail(EXIT_USAGE, "-o - and --pgm - cannot both use standard output");
    image_to_stdout = (png_path != NULL && strcmp(png_path, "-") == 0)
                   || (pgm_path != NULL && strcmp(pgm_path, "-") == 0)
                   || (sheet_path != NULL && strcmp(sheet_path, "-") == 0);
    if (image_to_stdout && (preview || hashes || info))
        fail(EXIT_USAGE, "an image on standard output ('-') cannot be "
             "mixed with --preview, --hashes or --info");
    if (image_to_stdout)
        quiet = 1;
    if (image_to_stdout && isatty(STDOUT_FILENO))
        fail(EXIT_USAGE, "refusing to write an image to a terminal ('-'); "
             "redirect standard output or name a file");

    blob = read_model(model_path, &blob_size);
    rc = tvae_model_validate(&dec.model, blob, blob_size);
    if (rc != TVAE_OK)
        fail(EXIT_MODEL, "model '%s' invalid: %s (%s, %d)", model_path,
             tvae_strerror(rc), status_name(rc), rc);
    dec.scratch_size = tvae_scratch_size(&dec.model);
    dec.scratch = malloc(dec.scratch_size);
    if (dec.scratch == NULL)
        fail(EXIT_IO, "out of memory");

    if (info)
        print_info(&dec.model, model_path);

    if (input != INPUT_NONE) {
        unsigned L = tvae_model_latent_len(&dec.model), i;
        int8_t latent[TVAE_MAX_LATENT];
        uint8_t pixels[TVAE_PIXELS];
        tvae_image img;

        if (input == INPUT_SEED) {
            unsigned rolled = 0;
            rc = tvae_roll(&dec.model, seed, &rolled, latent);
            if (rc != TVAE_OK)
                fail(EXIT_MODEL, "roll failed: %s (%s, %d)",
                     tvae_strerror(rc), status_name(rc), rc);
            if (!have_pips)
                pips = rolled;
        } else {
            parse_latent(input == INPUT_LATENT ? "--latent" : "--real",
                         input_text, L, tvae_model_latent_frac(&dec.model),
                         input == INPUT_REAL, latent);
        }
        if (!quiet) {
            if (input == INPUT_SEED)
                printf("seed %lu: ", (unsigned long)seed);
            printf("--pips %u --latent ", pips);
            for (i = 0; i < L; i++)
                printf("%s%d", i ? "," : "", latent[i]);
            printf("\n");
        }
        decode(&dec, latent, pips, pixels, hashes);
        if (png_path != NULL || pgm_path != NULL) {
            scaled(&img, pixels, scale);
            if (png_path != NULL)
                write_image(&img, png_path, 1);
            if (pgm_path != NULL)
                write_image(&img, pgm_path, 0);
            tvae_image_free(&img);
        }
        if (preview) {
            img.width = TVAE_IMAGE_SIDE;
            img.height = TVAE_IMAGE_SIDE;
            img.pixels = pixels;
            tvae_image_preview(&img, preview_mode, stdout);
        }
    }

    if (sheet_path != NULL)
        write_sheet(&dec, sheet_path, columns, scale, sheet_seeds,
                    first_seed, !quiet && isatty(STDERR_FILENO));

    free(dec.scratch);
    free(blob);
    if (fflush(stdout) != 0 || ferror(stdout))
        fail(EXIT_IO, "cannot write standard output: %s", strerror(errno));
    return 0;
}
