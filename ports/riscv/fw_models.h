/*
 * fw_models.h -- the models a tvae firmware carries in flash (spec 4.6):
 * a table generated from .tvm files by ports/riscv/tvm2c.sh.
 */
#ifndef TVAE_FW_MODELS_H
#define TVAE_FW_MODELS_H

#include <stdint.h>

struct tvae_fw_model {
    const uint8_t *blob;  /* the file's bytes, verbatim, in flash */
    uint32_t size;        /* file_size                            */
    const char *name;     /* file name without .tvm               */
};

extern const struct tvae_fw_model tvae_fw_models[];
extern const uint32_t tvae_fw_model_crcs[]; /* header crc field of each */
extern const unsigned tvae_fw_model_count;

/* "TARGET-MAP-DECODER" (fw-name.c) */
extern const char tvae_fw_name[];

#endif
