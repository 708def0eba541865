/*
 * tvae_target.c -- target half of the tvae conformance stream protocol,
 * version 1 (conformance/PROTOCOL.md).  See tvae_target.h.
 */
#include "tvae_target.h"

uint32_t tvae_target_crc_byte(uint32_t crc, uint8_t b)
{
    unsigned bit;

    crc ^= b;
    for (bit = 0; bit < 8u; bit++) {
        if (crc & 1u)
            crc = (crc >> 1) ^ 0xEDB88320UL;
        else
            crc >>= 1;
    }
    return crc;
}

/* ---- counting: the count runs only while the port's own code runs ---- */

static void count_pause(struct tvae_target *t)
{
    if (t->cycles != 0) {
        uint32_t d = t->cycles(t->ctx) - t->t_mark; /* modulo 2^32 */
        uint32_t lo = t->t_lo + d;
        if (lo < t->t_lo)
            t->t_hi++;
        t->t_lo = lo;
    }
}

static void count_resume(struct tvae_target *t)
{
    if (t->cycles != 0)
        t->t_mark = t->cycles(t->ctx);
}

/* ---- sending ---- */

static void send_byte(struct tvae_target *t, uint8_t b)
{
    t->t_crc = tvae_target_crc_byte(t->t_crc, b);
    t->put_byte(t->ctx, b);
}

static void send_u32(struct tvae_target *t, uint32_t v)
{
    send_byte(t, (uint8_t)(v & 0xFFu));
    send_byte(t, (uint8_t)((v >> 8) & 0xFFu));
    send_byte(t, (uint8_t)((v >> 16) & 0xFFu));
    send_byte(t, (uint8_t)((v >> 24) & 0xFFu));
}

static void frame_begin(struct tvae_target *t, unsigned type, unsigned len)
{
    t->put_byte(t->ctx, (uint8_t)TVAE_PROTO_SYNC0);
    t->put_byte(t->ctx, (uint8_t)TVAE_PROTO_SYNC1);
    t->t_crc = 0xFFFFFFFFUL;
    send_byte(t, (uint8_t)type);
    send_byte(t, (uint8_t)(len & 0xFFu));
    send_byte(t, (uint8_t)((len >> 8) & 0xFFu));
}

static void frame_end(struct tvae_target *t)
{
    uint32_t crc = t->t_crc ^ 0xFFFFFFFFUL;
    t->put_byte(t->ctx, (uint8_t)(crc & 0xFFu));
    t->put_byte(t->ctx, (uint8_t)((crc >> 8) & 0xFFu));
    t->put_byte(t->ctx, (uint8_t)((crc >> 16) & 0xFFu));
    t->put_byte(t->ctx, (uint8_t)((crc >> 24) & 0xFFu));
}

static unsigned str_len(const char *s)
{
    unsigned n = 0;
    if (s == 0)
        return 0;
    while (s[n] != '\0' && n < 64u)
        n++;
    return n;
}

static void send_str(struct tvae_target *t, const char *s, unsigned n)
{
    unsigned i;
    send_byte(t, (uint8_t)n);
    for (i = 0; i < n; i++)
        send_byte(t, (uint8_t)s[i]);
}

static void send_error(struct tvae_target *t, unsigned code, unsigned type)
{
    frame_begin(t, TVAE_MSG_ERROR, 2u);
    send_byte(t, (uint8_t)code);
    send_byte(t, (uint8_t)type);
    frame_end(t);
}

static void send_hello(struct tvae_target *t)
{
    unsigned nl = str_len(t->name), al = str_len(t->arch);
    unsigned count = t->model_count > 32u ? 32u : t->model_count, i;

    /* version, unit, name, arch, count, crcs */
    frame_begin(t, TVAE_MSG_HELLO, 2u + 1u + nl + 1u + al + 1u + 4u * count);
    send_byte(t, (uint8_t)TVAE_PROTO_VERSION);
    send_byte(t, (uint8_t)(t->cycles != 0 ? t->unit : TVAE_UNIT_NONE));
    send_str(t, t->name, nl);
    send_str(t, t->arch, al);
    send_byte(t, (uint8_t)count);
    for (i = 0; i < count; i++)
        send_u32(t, t->model_crcs[i]);
    frame_end(t);
}

void tvae_target_row(struct tvae_target *t, unsigned y, const uint8_t *row)
{
    unsigned x;

    count_pause(t);
    frame_begin(t, TVAE_MSG_ROW, 33u);
    send_byte(t, (uint8_t)y);
    for (x = 0; x < 32u; x++)
        send_byte(t, row[x]);
    frame_end(t);
    count_resume(t);
}

void tvae_target_hash(struct tvae_target *t, unsigned layer, uint32_t hash)
{
    count_pause(t);
    frame_begin(t, TVAE_MSG_HASH, 5u);
    send_byte(t, (uint8_t)layer);
    send_u32(t, hash);
    frame_end(t);
    count_resume(t);
}

/* ---- receiving ---- */

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8)
         | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static int find_model(const struct tvae_target *t, uint32_t crc)
{
    unsigned i;
    for (i = 0; i < t->model_count; i++)
        if (t->model_crcs[i] == crc)
            return (int)i;
    return -1;
}

static void do_decode(struct tvae_target *t, const uint8_t *req, unsigned len)
{
    int8_t latent[16];
    unsigned latent_len, pips, i;
    int model, rc;

    if (len < 6u || len != 6u + req[5] || req[5] > 16u) {
        send_error(t, TVAE_PERR_LENGTH, TVAE_MSG_DECODE);
        return;
    }
    model = find_model(t, rd32(req));
    if (model < 0) {
        send_error(t, TVAE_PERR_MODEL, TVAE_MSG_DECODE);
        return;
    }
    pips = req[4];
    latent_len = req[5];
    for (i = 0; i < latent_len; i++)
        latent[i] = (int8_t)(req[6 + i] >= 128u ? (int)req[6 + i] - 256
                                                : (int)req[6 + i]);
    t->t_lo = 0;
    t->t_hi = 0;
    count_resume(t);
    rc = t->decode(t, (unsigned)model, latent, latent_len, pips);
    count_pause(t);
    frame_begin(t, TVAE_MSG_DONE, 10u);
    send_byte(t, (uint8_t)(rc < 0 ? 256 + (rc < -128 ? -128 : rc) : 0));
    send_byte(t, (uint8_t)(t->cycles != 0 ? t->unit : TVAE_UNIT_NONE));
    send_u32(t, t->t_lo);
    send_u32(t, t->t_hi);
    frame_end(t);
}

static void do_roll(struct tvae_target *t, const uint8_t *req, unsigned len)
{
    int8_t latent[16];
    unsigned pips = 0, latent_len = 0, i;
    int model, rc;

    if (len != 8u) {
        send_error(t, TVAE_PERR_LENGTH, TVAE_MSG_ROLL);
        return;
    }
    if (t->roll == 0) {
        send_error(t, TVAE_PERR_TYPE, TVAE_MSG_ROLL);
        return;
    }
    model = find_model(t, rd32(req));
    if (model < 0) {
        send_error(t, TVAE_PERR_MODEL, TVAE_MSG_ROLL);
        return;
    }
    rc = t->roll(t, (unsigned)model, rd32(req + 4), &pips, latent, &latent_len);
    if (rc < 0 || latent_len > 16u)
        latent_len = 0;
    frame_begin(t, TVAE_MSG_ROLLED, 3u + latent_len);
    send_byte(t, (uint8_t)(rc < 0 ? 256 + (rc < -128 ? -128 : rc) : 0));
    send_byte(t, (uint8_t)pips);
    send_byte(t, (uint8_t)latent_len);
    for (i = 0; i < latent_len; i++)
        send_byte(t, (uint8_t)latent[i]);
    frame_end(t);
}

/* Reads one byte into *b; returns -1 when the link is gone. */
static int get(struct tvae_target *t, uint8_t *b, uint32_t *crc)
{
    int c = t->get_byte(t->ctx);
    if (c < 0)
        return -1;
    *b = (uint8_t)c;
    if (crc != 0)
        *crc = tvae_target_crc_byte(*crc, *b);
    return 0;
}

int tvae_target_step(struct tvae_target *t)
{
    uint8_t req[TVAE_TARGET_MAX_REQ];
    uint8_t b = 0, type, lo, hi;
    uint32_t crc, got;
    unsigned len, i;

    /* hunt for the sync pair; anything else is line noise */
    for (;;) {
        if (get(t, &b, 0) < 0)
            return -1;
        while (b == TVAE_PROTO_SYNC0) {
            if (get(t, &b, 0) < 0)
                return -1;
            if (b == TVAE_PROTO_SYNC1)
                goto synced;
        }
    }
synced:
    crc = 0xFFFFFFFFUL;
    if (get(t, &type, &crc) < 0 || get(t, &lo, &crc) < 0
        || get(t, &hi, &crc) < 0)
        return -1;
    len = (unsigned)lo | ((unsigned)hi << 8);
    if (len > TVAE_TARGET_MAX_REQ) {
        /* no request is this long: drop it and resynchronise */
        send_error(t, TVAE_PERR_LENGTH, type);
        return 0;
    }
    for (i = 0; i < len; i++)
        if (get(t, &req[i], &crc) < 0)
            return -1;
    got = 0;
    for (i = 0; i < 4u; i++) {
        if (get(t, &b, 0) < 0)
            return -1;
        got |= (uint32_t)b << (8u * i);
    }
    crc = (uint32_t)(crc ^ 0xFFFFFFFFUL);
    if (got != crc) {
        send_error(t, TVAE_PERR_CRC, type);
        return 0;
    }
    switch (type) {
    case TVAE_MSG_HELLO_REQ:
        send_hello(t);
        break;
    case TVAE_MSG_DECODE:
        do_decode(t, req, len);
        break;
    case TVAE_MSG_ROLL:
        do_roll(t, req, len);
        break;
    default:
        send_error(t, TVAE_PERR_TYPE, type);
        break;
    }
    return 0;
}

void tvae_target_serve(struct tvae_target *t)
{
    while (tvae_target_step(t) == 0) {
    }
}
