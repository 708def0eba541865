/*
 * tvv.c -- golden vector file format (vectors/README.md), host side.
 */
#include "tvv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tvae.h"

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16)
         | ((uint32_t)p[3] << 24);
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
    p[2] = (uint8_t)((v >> 16) & 0xFFu);
    p[3] = (uint8_t)(v >> 24);
}

const char *tvv_kind_name(unsigned kind)
{
    switch (kind) {
    case TVV_NATURAL: return "natural";
    case TVV_STRESS:  return "stress";
    case TVV_ROLL:    return "roll";
    default:          return "unknown";
    }
}

const char *tvv_parse(tvv_file *f, const uint8_t *d, size_t size)
{
    uint32_t count;
    size_t i;

    if (size < TVV_HEADER_SIZE)
        return "vector file shorter than its 32-byte header";
    if (memcmp(d, TVV_MAGIC, 4) != 0)
        return "not a tvae vector file (bad magic)";
    if (d[4] != TVV_MAJOR || d[5] != TVV_MINOR)
        return "unsupported vector file version";
    if ((unsigned)d[6] + 256u * d[7] != TVV_RECORD_SIZE)
        return "unexpected record size";
    count = get32(d + 12);
    if (count > TVV_MAX_RECORDS)
        return "too many records";
    if (size != TVV_HEADER_SIZE + (size_t)count * TVV_RECORD_SIZE)
        return "file size disagrees with the record count";
    if (tvae_crc32(d + 12, size - 12u) != get32(d + 8))
        return "vector file CRC-32 mismatch";
    for (i = 26; i < TVV_HEADER_SIZE; i++)
        if (d[i] != 0)
            return "reserved header byte not zero";
    if (d[24] < 1 || d[24] > TVV_MAX_LATENT)
        return "latent length out of range";
    if (d[25] < 5 || d[25] > TVV_MAX_LAYERS)
        return "layer count out of range";
    f->count = count;
    f->model_crc = get32(d + 16);
    f->model_size = get32(d + 20);
    f->latent_len = d[24];
    f->layers = d[25];
    f->records = d + TVV_HEADER_SIZE;
    return NULL;
}

const char *tvv_record_get(const tvv_file *f, uint32_t i, tvv_record *r)
{
    const uint8_t *p;
    unsigned k;

    if (i >= f->count)
        return "record index out of range";
    p = f->records + (size_t)i * TVV_RECORD_SIZE;
    r->kind = p[0];
    r->pips = p[1];
    r->latent_len = p[2];
    r->layers = p[3];
    if (r->kind < TVV_NATURAL || r->kind > TVV_ROLL)
        return "record kind unknown";
    if (r->pips < 1 || r->pips > 6)
        return "record pip count out of range";
    if (r->latent_len != f->latent_len || r->layers != f->layers)
        return "record shape disagrees with the file header";
    r->seed = get32(p + 4);
    for (k = 0; k < TVV_MAX_LATENT; k++)
        r->latent[k] = (int8_t)(p[8 + k] >= 128 ? (int)p[8 + k] - 256 : (int)p[8 + k]);
    for (k = 0; k < TVV_MAX_LAYERS; k++)
        r->hash[k] = get32(p + 24 + 4 * k);
    memcpy(r->image, p + 56, 1024);
    return NULL;
}

void tvv_header_put(uint8_t *h, uint32_t count, uint32_t model_crc,
                    uint32_t model_size, unsigned latent_len, unsigned layers)
{
    memset(h, 0, TVV_HEADER_SIZE);
    memcpy(h, TVV_MAGIC, 4);
    h[4] = TVV_MAJOR;
    h[5] = TVV_MINOR;
    h[6] = (uint8_t)(TVV_RECORD_SIZE & 0xFFu);
    h[7] = (uint8_t)(TVV_RECORD_SIZE >> 8);
    put32(h + 12, count);
    put32(h + 16, model_crc);
    put32(h + 20, model_size);
    h[24] = (uint8_t)latent_len;
    h[25] = (uint8_t)layers;
}

void tvv_record_put(uint8_t *p, const tvv_record *r)
{
    unsigned k;

    memset(p, 0, TVV_RECORD_SIZE);
    p[0] = (uint8_t)r->kind;
    p[1] = (uint8_t)r->pips;
    p[2] = (uint8_t)r->latent_len;
    p[3] = (uint8_t)r->layers;
    put32(p + 4, r->seed);
    for (k = 0; k < r->latent_len && k < TVV_MAX_LATENT; k++)
        p[8 + k] = (uint8_t)r->latent[k];
    for (k = 0; k < r->layers && k < TVV_MAX_LAYERS; k++)
        put32(p + 24 + 4 * k, r->hash[k]);
    memcpy(p + 56, r->image, 1024);
}

void tvv_finish(uint8_t *d, size_t size)
{
    put32(d + 8, tvae_crc32(d + 12, size - 12u));
}

uint8_t *tvv_read_file(const char *path, size_t *size, size_t max, const char **err)
{
    FILE *fp = fopen(path, "rb");
    uint8_t *buf;
    size_t n = 0, cap = 65536;

    if (fp == NULL) {
        *err = strerror(errno);
        return NULL;
    }
    buf = malloc(cap);
    if (buf == NULL) {
        fclose(fp);
        *err = "out of memory";
        return NULL;
    }
    for (;;) {
        size_t got;
        if (n == cap) {
            uint8_t *nb;
            if (cap >= max) {
                free(buf);
                fclose(fp);
                *err = "file too large";
                return NULL;
            }
            cap *= 2;
            nb = realloc(buf, cap);
            if (nb == NULL) {
                free(buf);
                fclose(fp);
                *err = "out of memory";
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        free(buf);
        fclose(fp);
        *err = "read error";
        return NULL;
    }
    fclose(fp);
    if (n > max) {
        free(buf);
        *err = "file too large";
        return NULL;
    }
    *size = n;
    return buf;
}
