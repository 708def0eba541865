/*
 * roll-expect -- what a port's roll firmware must print for a seed,
 * computed on the host with the reference decoder (ref/tvae.c) and the
 * SSD1306 profile (ports/common/tvae_ssd1306.c):
 *
 *   roll-expect MODEL.tvm SEED
 *
 * prints the "seed ...", 32 "row ..." and 8 "page ..." lines of the
 * format in ports/riscv/fw.c (TVAE_FW_ROLL) and ports/avr/roll.c.
 * roll.sh compares them with the firmware's output line by line.
 * Errors: one line on stderr, exit 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tvae.h"
#include "tvae_ssd1306.h"

static int fail(const char *what, const char *detail)
{
    fprintf(stderr, "roll-expect: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    return 1;
}

static void page_line(unsigned p, const uint8_t *area)
{
    unsigned c;

    printf("page %u ", p);
    for (c = 0; c < TVAE_SSD1306_WIDTH; c++)
        printf("%02x", c >= TVAE_SSD1306_LEFT && c < TVAE_SSD1306_LEFT + TVAE_SSD1306_AREA
                       ? area[c - TVAE_SSD1306_LEFT] : 0u);
    printf("\n");
}

int main(int argc, char **argv)
{
    static uint8_t blob[300000], scratch[TVAE_MAX_SCRATCH];
    uint8_t image[TVAE_PIXELS], area[TVAE_SSD1306_AREA];
    int8_t latent[TVAE_MAX_LATENT];
    unsigned long seed;
    unsigned pips, i, y, x;
    char *end;
    size_t size;
    tvae_model m;
    FILE *f;
    int rc;

    if (argc != 3)
        return fail("usage: roll-expect MODEL.tvm SEED", NULL);
    errno = 0;
    seed = strtoul(argv[2], &end, 10);
    if (errno != 0 || *end != '\0' || argv[2][0] < '0' || argv[2][0] > '9' || seed > 0xFFFFFFFFUL)
        return fail("seed must be a decimal number 0..4294967295", argv[2]);
    f = fopen(argv[1], "rb");
    if (f == NULL)
        return fail(argv[1], strerror(errno));
    size = fread(blob, 1, sizeof blob, f);
    fclose(f);
    rc = tvae_model_validate(&m, blob, size);
    if (rc != TVAE_OK)
        return fail(argv[1], tvae_strerror(rc));
    rc = tvae_roll(&m, (uint32_t)seed, &pips, latent);
    if (rc == TVAE_OK)
        rc = tvae_decode(&m, latent, pips, scratch, sizeof scratch, image, NULL, NULL);
    if (rc != TVAE_OK)
        return fail("decode", tvae_strerror(rc));
    printf("seed %lu pips %u latent ", seed, pips);
    for (i = 0; i < tvae_model_latent_len(&m); i++)
        printf("%s%d", i > 0 ? "," : "", latent[i]);
    printf("\n");
    for (y = 0; y < TVAE_IMAGE_SIDE; y++) {
        printf("row %02x ", y);
        for (x = 0; x < TVAE_IMAGE_SIDE; x++)
            printf("%02x", image[y * TVAE_IMAGE_SIDE + x]);
        printf("\n");
        tvae_ssd1306_add_row(area, y, image + y * TVAE_IMAGE_SIDE);
        if ((y & 3u) == 3u)
            page_line(y / 4u, area);
    }
    return 0;
}
