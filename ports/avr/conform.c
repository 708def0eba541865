/*
 * conform.c -- the tvae AVR conformance firmware.
 *
 * Speaks the conformance stream protocol (conformance/PROTOCOL.md) on
 * UART0 through the portable target half conformance/target/tvae_target.c.
 * Its models are built in (models.h from tvae-carray, in program memory)
 * and named by CRC-32 in HELLO.  DECODE runs the streaming decoder
 * (ports/common/tvae_stream.c) with the spec 9.2 layer hashes; each image
 * row goes out as it is produced, the hashes after the decode.  DONE
 * carries the simulator's cycle count of the decode (hash sums included,
 * sending excluded).  ROLL runs ref's tvae_roll on the model header.
 */
#include <stdint.h>
#include <avr/pgmspace.h>

#include "board.h"
#include "tvae.h"
#include "tvae_stream.h"
#include "tvae_target.h"

#define TVAE_PORT_FLASH PROGMEM
#include "models.h"

#ifndef TVAE_AVR_NAME
#define TVAE_AVR_NAME "avr-stream"
#endif

static uint8_t work[TVAE_PORT_WORK_SIZE];
static uint32_t crcs[TVAE_PORT_MODEL_COUNT];

static void model_at(unsigned index, tvae_model *m)
{
    m->blob = tvae_port_models[index].blob;
    m->size = tvae_port_models[index].size;
}

static void on_row(void *ctx, unsigned y, const uint8_t row[32])
{
    tvae_target_row((struct tvae_target *)ctx, y, row);
}

static int decode(struct tvae_target *t, unsigned index, const int8_t *latent,
                  unsigned latent_len, unsigned pips)
{
    uint32_t hashes[TVAE_MAX_LAYERS];
    tvae_model m;
    unsigned k;
    int rc;

    model_at(index, &m);
    if (latent_len != tvae_model_latent_len(&m))
        return TVAE_E_ARGUMENT;
    rc = tvae_stream_decode(&m, latent, pips, work, sizeof work, on_row, t,
                            hashes);
    if (rc == TVAE_OK)
        for (k = 0; k < tvae_model_layer_count(&m); k++)
            tvae_target_hash(t, k, hashes[k]);
    return rc;
}

static int roll(struct tvae_target *t, unsigned index, uint32_t seed,
                unsigned *pips, int8_t *latent, unsigned *latent_len)
{
    tvae_model m;
    (void)t;
    model_at(index, &m);
    *latent_len = tvae_model_latent_len(&m);
    return tvae_roll(&m, seed, pips, latent);
}

int main(void)
{
    struct tvae_target t;
    unsigned i;

    board_init();
    for (i = 0; i < TVAE_PORT_MODEL_COUNT; i++)
        crcs[i] = tvae_port_models[i].crc;
    t.get_byte = board_getc;
    t.put_byte = board_putc;
    t.cycles = board_cycles;
    t.decode = decode;
    t.roll = roll;
    t.ctx = 0;
    t.name = TVAE_AVR_NAME;
    t.arch = "avr5";
    t.model_crcs = crcs;
    t.model_count = TVAE_PORT_MODEL_COUNT;
    t.unit = TVAE_UNIT_CYCLES;
    t.t_crc = t.t_mark = t.t_lo = t.t_hi = 0;
    tvae_target_serve(&t);
    board_exit(0);
    return 0;
}
