/*
 * print-hashes -- test helper: decode MODEL.tvm with the reference for the
 * input tvae_roll(SEED) gives, and print the same lines as
 * tests/spec_emul.py ("pips P z ...", "layer K 0xHASH", "image 0xHASH"),
 * so tests/spec-emulation.sh can compare the two implementations layer by
 * layer.  Usage: print-hashes MODEL.tvm SEED
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tvae.h"

static void on_layer(void *ctx, unsigned k, const tvae_layer *l, const uint8_t *act)
{
    (void)ctx;
    printf("layer %u 0x%08lX\n", k,
           (unsigned long)tvae_layer_hash(act, (uint32_t)(l->out_c * l->out_h * l->out_w)));
}

int main(int argc, char **argv)
{
    static uint8_t blob[300000];
    static uint8_t scratch[TVAE_MAX_SCRATCH];
    uint8_t px[TVAE_PIXELS];
    tvae_model model;
    int8_t z[TVAE_MAX_LATENT];
    unsigned pips, i;
    size_t size;
    char *end;
    unsigned long seed;
    FILE *f;
    int rc;

    if (argc != 3) {
        fprintf(stderr, "usage: print-hashes MODEL.tvm SEED\n");
        return 2;
    }
    errno = 0;
    seed = strtoul(argv[2], &end, 0);
    if (*argv[2] == '\0' || *end != '\0' || errno != 0 || seed > 0xFFFFFFFFUL) {
        fprintf(stderr, "print-hashes: bad seed '%s'\n", argv[2]);
        return 2;
    }
    f = fopen(argv[1], "rb");
    if (f == NULL) {
        fprintf(stderr, "print-hashes: cannot open '%s': %s\n", argv[1], strerror(errno));
        return 2;
    }
    size = fread(blob, 1, sizeof blob, f);
    fclose(f);
    rc = tvae_model_validate(&model, blob, size);
    if (rc != TVAE_OK) {
        fprintf(stderr, "print-hashes: %s: %s\n", argv[1], tvae_strerror(rc));
        return 1;
    }
    tvae_roll(&model, (uint32_t)seed, &pips, z);
    printf("pips %u z", pips);
    for (i = 0; i < tvae_model_latent_len(&model); i++)
        printf(" %d", z[i]);
    printf("\n");
    rc = tvae_decode(&model, z, pips, scratch, sizeof scratch, px, on_layer, NULL);
    if (rc != TVAE_OK) {
        fprintf(stderr, "print-hashes: decode: %s\n", tvae_strerror(rc));
        return 1;
    }
    printf("image 0x%08lX\n", (unsigned long)tvae_layer_hash(px, TVAE_PIXELS));
    return 0;
}
