/*
 * fw.c -- the tvae firmware for the QEMU-run ports (RV32EC, Cortex-M0,
 * Cortex-M4).  Target-independent: the board comes from board.h, the
 * models from the generated table (fw_models.h).  One source, three
 * programs, chosen at compile time:
 *
 *   TVAE_FW_CONFORM  serve the conformance stream protocol
 *                    (conformance/PROTOCOL.md) on the UART;
 *   TVAE_FW_BENCH    decode seed 1 with every model it carries and print
 *                    one line per model: instructions, stack, static RAM;
 *   TVAE_FW_ROLL     read a decimal seed line from the UART, roll the die
 *                    (spec 6) with the first model, print the image rows
 *                    and the SSD1306 frame (the AVR port's text format).
 *
 * and two decoders: the shared depth-first evaluator
 * (ports/common/tvae_stream.h, the default) or, with TVAE_FW_REF, the
 * plain layer-by-layer reference (ref/tvae.c) for comparison.
 *
 * Work memory lives on the stack (a C99 variable-length array sized for
 * the model at hand), so the stack high-water mark that the board
 * measures is the true peak: protocol state + decoder state + work.
 */
#include "board.h"
#include "fw_models.h"
#include "tvae.h"
#include "tvae_stream.h"
#include "tvae_target.h"

#ifndef TVAE_FW_ARCH
#define TVAE_FW_ARCH "unknown"
#endif

/* Exit status when a carried model fails validation at boot. */
#define FW_EXIT_BAD_MODEL 3

static void model_view(unsigned index, tvae_model *m)
{
    m->blob = tvae_fw_models[index].blob;
    m->size = tvae_fw_models[index].size;
}

#if !defined(TVAE_FW_PREVALIDATED)
/* Validate every carried model once at boot (spec 4.5): a firmware only
 * decodes models the validator accepts.  Not inlined: its locals would
 * sit in main's frame under the decoder's stack for the whole run. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void check_models(void)
{
    unsigned i;

    for (i = 0; i < tvae_fw_model_count; i++) {
        tvae_model m;
        int rc = tvae_model_validate(&m, tvae_fw_models[i].blob,
                                     tvae_fw_models[i].size);
        if (rc != TVAE_OK) {
            tvae_board_puts("model ");
            tvae_board_puts(tvae_fw_models[i].name);
            tvae_board_puts(": ");
            tvae_board_puts(tvae_strerror(rc));
            tvae_board_puts("\n");
            tvae_board_exit(FW_EXIT_BAD_MODEL);
        }
    }
}
#else
/* Real-part builds (TVAE_FW_PREVALIDATED): fw-build.sh validated every
 * model on the host with the reference validator before compiling it in
 * (spec 9.1: a firmware with pre-validated models in flash), which saves
 * the validator's ~1.8 KB of flash (code, CRC, status texts). */
static void check_models(void)
{
}
#endif

#if !defined(TVAE_FW_BENCH)
/* A firmware whose stack ran over its data does not fit its part: stop
 * with a distinct status instead of answering (the runner reports CRASH). */
static void check_stack(void)
{
    if (tvae_board_stack_overflowed()) {
        tvae_board_puts("\nSTACK OVERFLOW: the decode needs more RAM than this part has\n");
        tvae_board_exit(TVAE_BOARD_STACK_STATUS);
    }
}
#endif

/* ---- one decode, streaming or reference, rows to a callback ---- */

typedef void (*fw_row_fn)(void *ctx, unsigned y, const uint8_t row[32]);
typedef void (*fw_hash_fn)(void *ctx, unsigned layer, uint32_t hash);

#ifdef TVAE_FW_REF
struct ref_ctx {
    fw_hash_fn hash;
    void *ctx;
};

static void ref_layer(void *ctx, unsigned k, const tvae_layer *l,
                      const uint8_t *act)
{
    struct ref_ctx *r = (struct ref_ctx *)ctx;
    r->hash(r->ctx, k, tvae_layer_hash(act, (uint32_t)l->out_c
                                            * l->out_h * l->out_w));
}

static int fw_decode_rows(unsigned index, const int8_t *latent, unsigned pips,
                          fw_row_fn row, fw_hash_fn hash, void *ctx)
{
    tvae_model m;
    size_t need;
    struct ref_ctx r;
    int rc;

    model_view(index, &m);
    need = tvae_scratch_size(&m);
    {
        uint8_t scratch[need];
        uint8_t pixels[TVAE_PIXELS];
        unsigned y;

        r.hash = hash;
        r.ctx = ctx;
        rc = tvae_decode(&m, latent, pips, scratch, need, pixels,
                         hash != 0 ? ref_layer : 0, &r);
        if (rc != TVAE_OK)
            return rc;
        for (y = 0; y < TVAE_IMAGE_SIDE; y++)
            row(ctx, y, pixels + TVAE_IMAGE_SIDE * y);
    }
    return TVAE_OK;
}
#else
static int fw_decode_rows(unsigned index, const int8_t *latent, unsigned pips,
                          fw_row_fn row, fw_hash_fn hash, void *ctx)
{
    tvae_model m;
    size_t need;
    int rc;

    model_view(index, &m);
    need = tvae_stream_work_size(&m);
    {
        uint8_t work[need];
#if defined(TVAE_FW_CONFORM)
        uint32_t hashes[TVAE_MAX_LAYERS];
        unsigned k;

        rc = tvae_stream_decode(&m, latent, pips, work, need, row, ctx,
                                hash != 0 ? hashes : 0);
        if (rc != TVAE_OK || hash == 0)
            return rc;
        for (k = 0; k < tvae_model_layer_count(&m); k++)
            hash(ctx, k, hashes[k]);
#else
        /* bench and roll report no layer hashes: no stack for them */
        (void)hash;
        rc = tvae_stream_decode(&m, latent, pips, work, need, row, ctx, 0);
#endif
    }
    return rc;
}
#endif

#if defined(TVAE_FW_CONFORM)
/* ---- the conformance target ---- */

static int get_byte(void *ctx)
{
    (void)ctx;
    return tvae_board_getc();
}

static void put_byte(void *ctx, uint8_t b)
{
    (void)ctx;
    tvae_board_putc(b);
}

static uint32_t count(void *ctx)
{
    (void)ctx;
    return (uint32_t)tvae_board_count();
}

static void send_row(void *ctx, unsigned y, const uint8_t row[32])
{
    tvae_target_row((struct tvae_target *)ctx, y, row);
}

static void send_hash(void *ctx, unsigned layer, uint32_t hash)
{
    tvae_target_hash((struct tvae_target *)ctx, layer, hash);
}

static int target_decode(struct tvae_target *t, unsigned index,
                         const int8_t *latent, unsigned latent_len,
                         unsigned pips)
{
    tvae_model m;
    int rc;

    model_view(index, &m);
    if (latent_len != tvae_model_latent_len(&m))
        return TVAE_E_ARGUMENT;
    rc = fw_decode_rows(index, latent, pips, send_row, send_hash, t);
    check_stack();
    return rc;
}

static int target_roll(struct tvae_target *t, unsigned index, uint32_t seed,
                       unsigned *pips, int8_t *latent, unsigned *latent_len)
{
    tvae_model m;

    (void)t;
    model_view(index, &m);
    *latent_len = tvae_model_latent_len(&m);
    return tvae_roll(&m, seed, pips, latent);
}

int main(void)
{
    struct tvae_target t;

    tvae_board_init();
    check_models();
    t.get_byte = get_byte;
    t.put_byte = put_byte;
    t.cycles = count;
    t.decode = target_decode;
    t.roll = target_roll;
    t.ctx = 0;
    t.name = tvae_fw_name;
    t.arch = TVAE_FW_ARCH;
    t.model_crcs = tvae_fw_model_crcs;
    t.model_count = tvae_fw_model_count;
    t.unit = TVAE_UNIT_INSTRUCTIONS;
    tvae_target_serve(&t);
    return 0;
}

#elif defined(TVAE_FW_BENCH)
/* ---- footprint and speed, one line per model ---- */

struct bench_ctx {
    uint32_t image_hash;
    unsigned rows;
};

static void bench_row(void *ctx, unsigned y, const uint8_t row[32])
{
    struct bench_ctx *b = (struct bench_ctx *)ctx;
    unsigned x;

    for (x = 0; x < TVAE_IMAGE_SIDE; x++)
        b->image_hash += tvae_hash_element((uint32_t)(y * TVAE_IMAGE_SIDE + x),
                                           row[x]);
    b->rows++;
}

int main(void)
{
    unsigned i;

    tvae_board_init();
    check_models();
    tvae_board_puts("BENCH-BEGIN ");
    tvae_board_puts(tvae_fw_name);
    tvae_board_puts(" " TVAE_FW_ARCH " resolution ");
    tvae_board_putdec(tvae_board_count_resolution());
    tvae_board_puts("\n");
    for (i = 0; i < tvae_fw_model_count; i++) {
        tvae_model m;
        struct bench_ctx b;
        unsigned pips;
        int8_t latent[TVAE_MAX_LATENT];
        uint64_t t0, t1;
        int rc;

        model_view(i, &m);
        (void)tvae_roll(&m, 1u, &pips, latent);
        b.image_hash = 0;
        b.rows = 0;
        tvae_board_stack_repaint();
        t0 = tvae_board_count();
        rc = fw_decode_rows(i, latent, pips, bench_row, 0, &b);
        t1 = tvae_board_count();
        tvae_board_puts("BENCH ");
        tvae_board_puts(tvae_fw_models[i].name);
        tvae_board_puts(" status ");
        tvae_board_putdec((uint32_t)-rc);
        tvae_board_puts(" count ");
        tvae_board_putdec((uint32_t)(t1 - t0));
        tvae_board_puts(" stack ");
        if (tvae_board_stack_overflowed())
            tvae_board_puts("overflow");
        else
            tvae_board_putdec((uint32_t)tvae_board_stack_peak());
        tvae_board_puts(" static ");
        tvae_board_putdec((uint32_t)tvae_board_static_ram());
        tvae_board_puts(" macs ");
        tvae_board_putdec(tvae_stream_macs(&m));
        tvae_board_puts(" model ");
        tvae_board_putdec(tvae_fw_models[i].size);
        tvae_board_puts(" image ");
        tvae_board_puthex(b.image_hash);
        tvae_board_puts("\n");
        if (rc != TVAE_OK || b.rows != TVAE_IMAGE_SIDE)
            return 1;
        if (tvae_board_stack_overflowed())
            return TVAE_BOARD_STACK_STATUS;
    }
    tvae_board_puts("BENCH-END\n");
    return 0;
}

#elif defined(TVAE_FW_ROLL)
/* ---- the electronic die: seed in, picture out ----
 *
 * Reads one decimal seed line on the UART, rolls (spec 6), decodes and
 * prints, in the text format of the AVR port (ports/avr/roll.c), so one
 * host tool renders every port's output:
 *   tvae-ARCH roll DECODER model 0xCRC
 *   seed S pips P latent z0,z1,...
 *   row YY <64 hex digits>            (32 lines, image rows)
 *   page P <256 hex digits>           (8 lines, the SSD1306 frame of the
 *                                      optional output profile,
 *                                      spec/profiles.md)
 *   instructions C work W stack S static T
 * then stops (exit 0): QEMU cannot tell the firmware that stdin ended.
 * instructions counts the decode only (time in the row callback, which
 * prints, is measured and subtracted); work is the decoder's work memory,
 * stack the high-water mark (work included), static .data + .bss.
 * A line that is not a number 0..4294967295 gives one line
 * "error seed: ..." and exit 2.
 */
#include "tvae_ssd1306.h"

#ifdef TVAE_FW_REF
#define FW_DECODER "ref"
#else
#define FW_DECODER "stream"
#endif

struct roll_ctx {
    uint8_t area[TVAE_SSD1306_AREA];
    uint64_t paused;
};

static void put_hex8(uint8_t b)
{
    static const char digits[] = "0123456789abcdef";
    tvae_board_putc((uint8_t)digits[b >> 4]);
    tvae_board_putc((uint8_t)digits[b & 15u]);
}

static void print_page(unsigned p, const uint8_t *area)
{
    unsigned c;

    tvae_board_puts("page ");
    tvae_board_putdec(p);
    tvae_board_putc(' ');
    for (c = 0; c < TVAE_SSD1306_WIDTH; c++)
        put_hex8(c >= TVAE_SSD1306_LEFT && c < TVAE_SSD1306_LEFT + TVAE_SSD1306_AREA
                 ? area[c - TVAE_SSD1306_LEFT] : 0u);
    tvae_board_putc('\n');
}

static void roll_row(void *ctx, unsigned y, const uint8_t row[32])
{
    struct roll_ctx *r = (struct roll_ctx *)ctx;
    uint64_t t0 = tvae_board_count();
    unsigned x;

    tvae_board_puts("row ");
    put_hex8((uint8_t)y);
    tvae_board_putc(' ');
    for (x = 0; x < TVAE_IMAGE_SIDE; x++)
        put_hex8(row[x]);
    tvae_board_putc('\n');
    tvae_ssd1306_add_row(r->area, y, row);
    if ((y & 3u) == 3u)
        print_page(y / 4u, r->area);
    r->paused += tvae_board_count() - t0;
}

/* A decimal seed, ended by a newline; anything else is an error. */
static int read_seed(uint32_t *seed)
{
    uint32_t v = 0;
    unsigned digits = 0;

    for (;;) {
        uint8_t c = tvae_board_getc();
        if (c == '\n' || c == '\r')
            break;
        if (c < '0' || c > '9' || digits >= 10u)
            return -1;
        if (v > (0xFFFFFFFFUL - (uint32_t)(c - '0')) / 10u)
            return -1;
        v = v * 10u + (uint32_t)(c - '0');
        digits++;
    }
    if (digits == 0u)
        return -1;
    *seed = v;
    return 0;
}

int main(void)
{
    tvae_model m;
    struct roll_ctx r;
    uint32_t seed;
    uint64_t t0, t1;
    unsigned pips, i;
    int8_t latent[TVAE_MAX_LATENT];
    int rc;

    tvae_board_init();
    check_models();
    if (read_seed(&seed) != 0) {
        tvae_board_puts("error seed: expected a decimal number 0..4294967295 and a newline\n");
        return 2;
    }
    model_view(0, &m);
    tvae_board_puts("tvae-" TVAE_FW_ARCH " roll " FW_DECODER " model 0x");
    tvae_board_puthex(tvae_fw_model_crcs[0]);
    tvae_board_puts("\nseed ");
    tvae_board_putdec(seed);
    rc = tvae_roll(&m, seed, &pips, latent);
    tvae_board_puts(" pips ");
    tvae_board_putdec(pips);
    tvae_board_puts(" latent ");
    for (i = 0; i < tvae_model_latent_len(&m); i++) {
        if (i > 0u)
            tvae_board_putc(',');
        if (latent[i] < 0)
            tvae_board_putc('-');
        tvae_board_putdec((uint32_t)(latent[i] < 0 ? -latent[i] : latent[i]));
    }
    tvae_board_putc('\n');
    r.paused = 0;
    tvae_board_stack_repaint();
    t0 = tvae_board_count();
    rc = rc != TVAE_OK ? rc : fw_decode_rows(0, latent, pips, roll_row, 0, &r);
    t1 = tvae_board_count();
    check_stack();
    if (rc != TVAE_OK) {
        tvae_board_puts("error ");
        tvae_board_putdec((uint32_t)-rc);
        tvae_board_putc('\n');
        return 1;
    }
    tvae_board_puts("instructions ");
    tvae_board_putdec((uint32_t)(t1 - t0 - r.paused));
    tvae_board_puts(" work ");
#ifdef TVAE_FW_REF
    tvae_board_putdec((uint32_t)(tvae_scratch_size(&m) + TVAE_PIXELS));
#else
    tvae_board_putdec((uint32_t)tvae_stream_work_size(&m));
#endif
    tvae_board_puts(" stack ");
    tvae_board_putdec((uint32_t)tvae_board_stack_peak());
    tvae_board_puts(" static ");
    tvae_board_putdec((uint32_t)tvae_board_static_ram());
    tvae_board_putc('\n');
    return 0;
}
#else
#error "define one of TVAE_FW_CONFORM, TVAE_FW_BENCH, TVAE_FW_ROLL"
#endif
