/*
 * tvv.h -- the golden vector file format (vectors/README.md), host side.
 *
 * A .tvv file holds every vector of one model: a 32-byte header, then
 * fixed-size records.  tvv_parse() is written for hostile bytes: it checks
 * every length and the CRC before anything is used.
 */
#ifndef TVAE_TVV_H
#define TVAE_TVV_H

#include <stddef.h>
#include <stdint.h>

#define TVV_MAGIC "TVVF"
#define TVV_MAJOR 1
#define TVV_MINOR 0
#define TVV_HEADER_SIZE 32u
#define TVV_RECORD_SIZE 1080u
#define TVV_MAX_LAYERS 8u
#define TVV_MAX_LATENT 16u
#define TVV_MAX_RECORDS 100000u

enum tvv_kind { TVV_NATURAL = 1, TVV_STRESS = 2, TVV_ROLL = 3 };

typedef struct tvv_record {
    unsigned kind;            /* enum tvv_kind                            */
    unsigned pips;            /* 1..6                                     */
    unsigned latent_len;      /* L of the model                           */
    unsigned layers;          /* layer count of the model                 */
    uint32_t seed;            /* roll vectors: the seed; else 0           */
    int8_t latent[TVV_MAX_LATENT];
    uint32_t hash[TVV_MAX_LAYERS];
    uint8_t image[1024];
} tvv_record;

typedef struct tvv_file {
    uint32_t count;
    uint32_t model_crc;       /* header crc field of the model file       */
    uint32_t model_size;
    unsigned latent_len, layers;
    const uint8_t *records;   /* count * TVV_RECORD_SIZE bytes            */
} tvv_file;

/* Returns NULL on success or a one-line reason. */
const char *tvv_parse(tvv_file *f, const uint8_t *data, size_t size);
/* Record i of a parsed file (i < f->count); returns NULL or a reason. */
const char *tvv_record_get(const tvv_file *f, uint32_t i, tvv_record *r);

/* Serialisation (generator side). */
void tvv_header_put(uint8_t *hdr, uint32_t count, uint32_t model_crc,
                    uint32_t model_size, unsigned latent_len, unsigned layers);
void tvv_record_put(uint8_t *out, const tvv_record *r);
/* Fills the file CRC (bytes 8..11) once header and records are in place. */
void tvv_finish(uint8_t *data, size_t size);

const char *tvv_kind_name(unsigned kind);

/* Reads a whole file; returns NULL and sets *err on failure (caller frees). */
uint8_t *tvv_read_file(const char *path, size_t *size, size_t max, const char **err);

#endif
