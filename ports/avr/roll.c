/*
 * roll.c -- the tvae AVR demo and benchmark firmware: roll the die.
 *
 * Reads a decimal seed per line on UART0 (any other line: one line
 * "error: ..." and the next line is read), rolls (spec 6: pips and latent
 * from the seed), decodes with the model built into flash, and prints:
 *   tvae-avr roll VARIANT model 0xCRC
 *   seed S pips P latent z0,z1,...
 *   row YY <64 hex digits>                 (32 lines, image rows)
 *   page P <256 hex digits>                (8 lines, the SSD1306 frame,
 *                                           spec/profiles.md)
 *   cycles C work W stack S static T
 * VARIANT is "stream" (ports/common/tvae_stream.c: depth first, rows
 * handed over as they appear) or "ref" (ref/tvae.c tvae_decode: layer by
 * layer, whole image in RAM; only fits the 16 KB ATmega1284P).
 * cycles counts the decode only: the time spent printing inside the row
 * callback is measured and subtracted.  stack is the high-water mark of
 * the stack (painted RAM no longer intact), static the .data+.bss bytes.
 * tools/tvae-ssd1306 turns this output into PNG pictures and checks it
 * against the host reference.
 */
#include <stdint.h>
#include <avr/pgmspace.h>

#include "board.h"
#include "tvae.h"
#include "tvae_ssd1306.h"
#ifndef TVAE_AVR_REF
#include "tvae_stream.h"
#endif

#define TVAE_PORT_FLASH PROGMEM
#include "models.h"

#ifdef TVAE_AVR_REF
static uint8_t scratch[TVAE_PORT_SCRATCH_SIZE];
static uint8_t image[TVAE_PIXELS];
#define VARIANT "ref"
#else
static uint8_t work[TVAE_PORT_WORK_SIZE];
#define VARIANT "stream"
#endif

typedef struct frame_state {
    uint8_t area[TVAE_SSD1306_AREA];
    uint32_t paused;
} frame_state;

static void print_page(unsigned p, const uint8_t *area)
{
    unsigned c;
    board_puts("page ");
    board_put_u32(p);
    board_putc(0, ' ');
    for (c = 0; c < TVAE_SSD1306_WIDTH; c++) {
        uint8_t b = 0;
        if (c >= TVAE_SSD1306_LEFT && c < TVAE_SSD1306_LEFT + TVAE_SSD1306_AREA)
            b = area[c - TVAE_SSD1306_LEFT];
        board_put_hex8(b);
    }
    board_putc(0, '\n');
}

/* Show one image row: as text, and into the SSD1306 page being built. */
static void show_row(frame_state *f, unsigned y, const uint8_t *row)
{
    unsigned x;

    board_puts("row ");
    board_put_hex8((uint8_t)y);
    board_putc(0, ' ');
    for (x = 0; x < TVAE_IMAGE_SIDE; x++)
        board_put_hex8(row[x]);
    board_putc(0, '\n');
    tvae_ssd1306_add_row(f->area, y, row);
    if ((y & 3u) == 3u)
        print_page(y / 4u, f->area);
}

#ifndef TVAE_AVR_REF
static void on_row(void *ctx, unsigned y, const uint8_t row[32])
{
    frame_state *f = ctx;
    uint32_t t0 = board_cycles(0);
    show_row(f, y, row);
    f->paused += board_cycles(0) - t0;
}
#endif

/* One line: a decimal seed 0..4294967295.  Returns 0, or -1 for any other
 * line (then the caller prints one error line and reads the next). */
static int read_seed(uint32_t *seed)
{
    int c, bad = 0;
    unsigned digits = 0;
    uint32_t v = 0;

    for (;;) {
        c = board_getc(0);
        if (c == '\n')
            break;
        if (c == '\r')
            continue;
        if (c >= '0' && c <= '9') {
            unsigned d = (unsigned)(c - '0');
            /* v * 10 + d must stay <= 4294967295 */
            if (v > 429496729UL || (v == 429496729UL && d > 5u))
                bad = 1;
            v = v * 10u + d;
            digits++;
        } else {
            bad = 1;
        }
    }
    if (bad || digits == 0u)
        return -1;
    *seed = v;
    return 0;
}

int main(void)
{
    tvae_model model;
    frame_state f;
    int8_t latent[TVAE_PORT_MAX_LATENT];
    unsigned pips, i;
    uint32_t seed, t0, t1;
    int rc;

    board_init();
    model.blob = tvae_port_models[0].blob;
    model.size = tvae_port_models[0].size;
    for (;;) {
        if (read_seed(&seed) != 0) {
            board_puts("error: a seed line must be a decimal integer 0..4294967295\n");
            continue;
        }
        board_puts("tvae-avr roll " VARIANT " model 0x");
        for (i = 4; i-- > 0;)
            board_put_hex8((uint8_t)(tvae_port_models[0].crc >> (8u * i)));
        board_puts("\nseed ");
        board_put_u32(seed);
        rc = tvae_roll(&model, seed, &pips, latent);
        board_puts(" pips ");
        board_put_u32(pips);
        board_puts(" latent ");
        for (i = 0; i < tvae_model_latent_len(&model); i++) {
            if (i > 0)
                board_putc(0, ',');
            if (latent[i] < 0) {
                board_putc(0, '-');
                board_put_u32((uint32_t)(-(int)latent[i]));
            } else {
                board_put_u32((uint32_t)latent[i]);
            }
        }
        board_putc(0, '\n');
        f.paused = 0;
#ifdef TVAE_AVR_REF
        t0 = board_cycles(0);
        rc = rc != TVAE_OK ? rc : tvae_decode(&model, latent, pips, scratch,
                                              sizeof scratch, image, 0, 0);
        t1 = board_cycles(0);
        if (rc == TVAE_OK)
            for (i = 0; i < TVAE_IMAGE_SIDE; i++)
                show_row(&f, i, image + TVAE_IMAGE_SIDE * i);
#else
        t0 = board_cycles(0);
        rc = rc != TVAE_OK ? rc : tvae_stream_decode(&model, latent, pips, work,
                                                     sizeof work, on_row, &f, 0);
        t1 = board_cycles(0);
#endif
        if (rc != TVAE_OK) {
            board_puts("error ");
            board_put_u32((uint32_t)(-rc)); /* -status, spec 8 */
            board_putc(0, '\n');
            continue;
        }
        board_puts("cycles ");
        board_put_u32(t1 - t0 - f.paused);
#ifdef TVAE_AVR_REF
        board_puts(" work ");
        board_put_u32(sizeof scratch + sizeof image);
#else
        board_puts(" work ");
        board_put_u32(sizeof work);
#endif
        board_puts(" stack ");
        board_put_u32(board_stack_high_water());
        board_puts(" static ");
        board_put_u32(board_static_ram());
        board_putc(0, '\n');
    }
}
