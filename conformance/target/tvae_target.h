/*
 * tvae_target.h -- the target half of the tvae conformance stream protocol
 * (conformance/PROTOCOL.md, protocol version 1).
 *
 * Link tvae_target.c into a firmware (or any program) and the conformance
 * runner `tvae-conform --exec/--serial` can certify it.  The port supplies
 * four things through struct tvae_target:
 *   get_byte  - blocking read of one byte from the host (or -1: link gone)
 *   put_byte  - write one byte to the host
 *   cycles    - a free-running counter (may be NULL: unit NONE)
 *   decode    - its decoder; it hands the image to the protocol row by row
 *               through tvae_target_row() and, when it can, each layer's
 *               hash (spec 9.2) through tvae_target_hash().
 *
 * Portable C99: no malloc, no stdio, no floating point, no global mutable
 * state; correct with 16-bit int.  The whole protocol state lives in the
 * caller's struct tvae_target (about 60 bytes on AVR) and on the stack.
 * The CRC-32 here is computed incrementally on bytes in RAM; it is the
 * same CRC as tvae_crc32 (spec 4.1) but does not go through
 * TVAE_READ_BYTE, so it stays right on ports that read the model from a
 * separate address space.
 */
#ifndef TVAE_TARGET_H
#define TVAE_TARGET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TVAE_PROTO_VERSION 1

/* Frame: 0xA5 0x5A type len_lo len_hi payload[len] crc32_le[4];
 * the CRC-32 covers type, the two length bytes and the payload. */
#define TVAE_PROTO_SYNC0 0xA5u
#define TVAE_PROTO_SYNC1 0x5Au
#define TVAE_PROTO_MAX_PAYLOAD 1024u /* larger lengths are framing errors */

/* host -> target */
#define TVAE_MSG_HELLO_REQ   0x01u /* (empty)                                  */
#define TVAE_MSG_DECODE      0x02u /* crc32 model, pips, L, latent[L]          */
#define TVAE_MSG_ROLL        0x03u /* crc32 model, seed u32                    */
/* target -> host */
#define TVAE_MSG_HELLO       0x81u /* see PROTOCOL.md                          */
#define TVAE_MSG_ROW         0x82u /* y, 32 pixels                             */
#define TVAE_MSG_HASH        0x83u /* layer, hash u32                          */
#define TVAE_MSG_DONE        0x84u /* status i8, unit, count u32 lo, u32 hi    */
#define TVAE_MSG_ROLLED      0x85u /* status i8, pips, L, latent[L]            */
#define TVAE_MSG_ERROR       0x86u /* error code, request type                 */

/* ERROR codes */
#define TVAE_PERR_CRC        1u /* request frame failed its CRC            */
#define TVAE_PERR_LENGTH     2u /* request payload has the wrong length    */
#define TVAE_PERR_TYPE       3u /* unknown request type                    */
#define TVAE_PERR_MODEL      4u /* no model with that CRC on this target   */

/* unit of the DONE count */
#define TVAE_UNIT_NONE         0u
#define TVAE_UNIT_CYCLES       1u
#define TVAE_UNIT_INSTRUCTIONS 2u

#define TVAE_TARGET_MAX_REQ 24u /* longest request payload: DECODE with L = 16 */

struct tvae_target;

/*
 * The port's decoder.  model_index is the index into the port's model list
 * (the HELLO order), latent holds latent_len values.  It must call
 * tvae_target_row(t, y, row) for every image row y = 0..31 (in any order,
 * each once), may call tvae_target_hash(t, k, h) for layer k, and returns
 * 0 (TVAE_OK) or a negative tvae status (then rows need not be sent).
 */
typedef int (*tvae_target_decode_fn)(struct tvae_target *t, unsigned model_index,
                                     const int8_t *latent, unsigned latent_len,
                                     unsigned pips);

/* The port's roll (spec 6): fills pips and latent[] (up to 16), sets *latent_len. */
typedef int (*tvae_target_roll_fn)(struct tvae_target *t, unsigned model_index,
                                   uint32_t seed, unsigned *pips,
                                   int8_t *latent, unsigned *latent_len);

struct tvae_target {
    /* filled by the port before tvae_target_serve() */
    int (*get_byte)(void *ctx);           /* 0..255, or negative: stop     */
    void (*put_byte)(void *ctx, uint8_t b);
    uint32_t (*cycles)(void *ctx);        /* NULL: no counter (unit NONE)   */
    tvae_target_decode_fn decode;
    tvae_target_roll_fn roll;             /* NULL: ROLL answers an error    */
    void *ctx;                            /* passed to the callbacks above  */
    const char *name;                     /* port name, e.g. "avr-stream"   */
    const char *arch;                     /* e.g. "avr5", "rv32ec"          */
    const uint32_t *model_crcs;           /* header crc field of each model */
    unsigned model_count;
    unsigned unit;                        /* TVAE_UNIT_*                    */

    /* protocol state: private */
    uint32_t t_crc;      /* running CRC of the frame being sent   */
    uint32_t t_mark;     /* counter value when counting resumed   */
    uint32_t t_lo, t_hi; /* accumulated count, 64 bits            */
};

/* Serve requests until get_byte returns a negative value; returns then. */
void tvae_target_serve(struct tvae_target *t);

/* Handle exactly one request frame (waits for it); returns -1 when
 * get_byte failed, 0 otherwise.  tvae_target_serve() loops on this. */
int tvae_target_step(struct tvae_target *t);

/* For the port's decode: send image row y (32 pixels) / layer k's hash.
 * Counting pauses while the bytes go out, so DONE's count is the decode's
 * own work. */
void tvae_target_row(struct tvae_target *t, unsigned y, const uint8_t *row);
void tvae_target_hash(struct tvae_target *t, unsigned layer, uint32_t hash);

/* Incremental CRC-32 (spec 4.1 polynomial): start with 0xFFFFFFFF, feed
 * bytes, finish with XOR 0xFFFFFFFF. */
uint32_t tvae_target_crc_byte(uint32_t crc, uint8_t b);

#ifdef __cplusplus
}
#endif
#endif /* TVAE_TARGET_H */
