/*
 * cref_shim.c -- batch entry points over the C reference decoder, for the
 * Python training tools (tools/train/cref.py loads this via ctypes).
 * Built together with ref/tvae.c into tools/train/build/libtvae_ref.so.
 * Not part of the decoder: it only loops over tvae_decode / tvae_roll.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../ref/tvae.h"

int tvae_train_decode_batch(const uint8_t *blob, size_t size, uint32_t n,
                            const int8_t *latents, const uint8_t *pips,
                            uint8_t *pixels, uint32_t *hashes);
int tvae_train_roll_batch(const uint8_t *blob, size_t size, uint32_t n,
                          const uint32_t *seeds, uint8_t *pips,
                          int8_t *latents);

struct hash_ctx {
    uint32_t *out; /* TVAE_MAX_LAYERS hashes for this image */
};

static void on_layer(void *ctx, unsigned index, const tvae_layer *l,
                     const uint8_t *act)
{
    struct hash_ctx *h = (struct hash_ctx *)ctx;
    uint32_t count = (uint32_t)(l->out_h * l->out_w * l->out_c);
    h->out[index] = tvae_layer_hash(act, count);
}

/* Decode n images; hashes (may be NULL) gets TVAE_MAX_LAYERS words per
 * image, unused layers 0.  Returns the first non-OK status. */
int tvae_train_decode_batch(const uint8_t *blob, size_t size, uint32_t n,
                            const int8_t *latents, const uint8_t *pips,
                            uint8_t *pixels, uint32_t *hashes)
{
    static uint8_t scratch[TVAE_MAX_SCRATCH];
    tvae_model model;
    unsigned L;
    uint32_t i;
    int rc = tvae_model_validate(&model, blob, size);
    if (rc != TVAE_OK)
        return rc;
    L = tvae_model_latent_len(&model);
    for (i = 0; i < n; i++) {
        struct hash_ctx h;
        uint32_t tmp[TVAE_MAX_LAYERS];
        h.out = hashes != NULL ? hashes + (size_t)i * TVAE_MAX_LAYERS : tmp;
        memset(h.out, 0, sizeof tmp);
        rc = tvae_decode(&model, latents + (size_t)i * L, pips[i], scratch,
                         sizeof scratch, pixels + (size_t)i * TVAE_PIXELS,
                         on_layer, &h);
        if (rc != TVAE_OK)
            return rc;
    }
    return TVAE_OK;
}

/* Roll n seeds (spec 6): pips[i], latents[i * L ..]. */
int tvae_train_roll_batch(const uint8_t *blob, size_t size, uint32_t n,
                          const uint32_t *seeds, uint8_t *pips,
                          int8_t *latents)
{
    tvae_model model;
    unsigned L;
    uint32_t i;
    int rc = tvae_model_validate(&model, blob, size);
    if (rc != TVAE_OK)
        return rc;
    L = tvae_model_latent_len(&model);
    for (i = 0; i < n; i++) {
        unsigned p;
        rc = tvae_roll(&model, seeds[i], &p, latents + (size_t)i * L);
        if (rc != TVAE_OK)
            return rc;
        pips[i] = (uint8_t)p;
    }
    return TVAE_OK;
}
