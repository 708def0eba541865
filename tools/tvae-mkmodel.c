/*
 * tvae-mkmodel -- write a deterministic synthetic tvae model file.
 *
 *   tvae-mkmodel --latent L --dims d1_d2_d3_d4 --extra E --seed S
 *                [--weights MODE] [--bias MODE] [--scale MODE] -o out.tvm
 *
 * The model is the one tvae_synth() (tools/modelgen.h) builds; the modes are
 * the stress knobs documented there.  Errors: one line on stderr, exit 1
 * (bad arguments) or 2 (I/O).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modelgen.h"
#include "tvae.h"

static const char *prog = "tvae-mkmodel";

static void usage(FILE *f)
{
    fprintf(f,
        "usage: %s --latent L --dims d1_d2_d3_d4 [--extra E] [--seed S]\n"
        "       [--weights MODE] [--bias MODE] [--scale MODE] -o out.tvm\n"
        "  L 1..16, d 1..64, E 0..3 (default 0), S 0..4294967295 (default 1)\n"
        "  --weights 0 random | 1 all +127 | 2 all -127 | 3 alternating +-127\n"
        "  --bias    0 small random | 1 +2^30 | 2 -2^30 | 3 random full range\n"
        "  --scale   0 calibrated | 1 smallest M,S | 2 M=65535 S=40 | 3 ties-heavy\n",
        prog);
}

static int fail(const char *msg, const char *arg)
{
    if (arg != NULL)
        fprintf(stderr, "%s: %s: '%s'\n", prog, msg, arg);
    else
        fprintf(stderr, "%s: %s\n", prog, msg);
    return 1;
}

/* Parse a decimal unsigned integer in [lo, hi]; the whole string must be
 * digits.  Returns 0 on success. */
static int parse_uint(const char *s, unsigned long lo, unsigned long hi,
                      unsigned long *out)
{
    unsigned long v = 0;
    const char *p = s;

    if (s == NULL || *s == '\0')
        return -1;
    for (; *p != '\0'; p++) {
        unsigned d;
        if (*p < '0' || *p > '9')
            return -1;
        d = (unsigned)(*p - '0');
        if (v > (hi - d) / 10u)
            return -1; /* above hi (also guards overflow) */
        v = v * 10u + d;
    }
    if (v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int parse_dims(const char *s, tvae_synth_config *c)
{
    unsigned long d[4];
    char buf[64];
    char *parts[4];
    size_t len;
    unsigned i;
    char *p;

    if (s == NULL || (len = strlen(s)) == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len + 1u);
    p = buf;
    for (i = 0; i < 4u; i++) {
        char *sep;
        parts[i] = p;
        sep = strchr(p, '_');
        if (i < 3u) {
            if (sep == NULL)
                return -1;
            *sep = '\0';
            p = sep + 1;
        } else if (sep != NULL) {
            return -1;
        }
    }
    for (i = 0; i < 4u; i++)
        if (parse_uint(parts[i], 1, TVAE_MAX_CHANNELS, &d[i]) != 0)
            return -1;
    c->d1 = (unsigned)d[0];
    c->d2 = (unsigned)d[1];
    c->d3 = (unsigned)d[2];
    c->d4 = (unsigned)d[3];
    return 0;
}

int main(int argc, char **argv)
{
    tvae_synth_config c;
    const char *outpath = NULL;
    int have_latent = 0, have_dims = 0, i, rc;
    unsigned long v;
    uint8_t *blob;
    size_t size = 0;
    FILE *f;

    memset(&c, 0, sizeof c);
    c.seed = 1;
    for (i = 1; i < argc; i++) {
        const char *opt = argv[i];
        const char *arg = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(opt, "--latent") != 0 && strcmp(opt, "--dims") != 0
            && strcmp(opt, "--extra") != 0 && strcmp(opt, "--seed") != 0
            && strcmp(opt, "--weights") != 0 && strcmp(opt, "--bias") != 0
            && strcmp(opt, "--scale") != 0 && strcmp(opt, "-o") != 0)
            return fail("unknown option (try --help)", opt);
        if (arg == NULL)
            return fail("option needs a value", opt);
        i++;
        if (strcmp(opt, "--latent") == 0) {
            if (parse_uint(arg, 1, TVAE_MAX_LATENT, &v) != 0)
                return fail("--latent must be an integer 1..16", arg);
            c.latent_len = (unsigned)v;
            have_latent = 1;
        } else if (strcmp(opt, "--dims") == 0) {
            if (parse_dims(arg, &c) != 0)
                return fail("--dims must be d1_d2_d3_d4 with each d in 1..64", arg);
            have_dims = 1;
        } else if (strcmp(opt, "--extra") == 0) {
            if (parse_uint(arg, 0, TVAE_MAX_EXTRA, &v) != 0)
                return fail("--extra must be an integer 0..3", arg);
            c.extra = (unsigned)v;
        } else if (strcmp(opt, "--seed") == 0) {
            if (parse_uint(arg, 0, 0xFFFFFFFFUL, &v) != 0)
                return fail("--seed must be an integer 0..4294967295", arg);
            c.seed = (uint32_t)v;
        } else if (strcmp(opt, "-o") == 0) {
            if (*arg == '\0')
                return fail("-o needs a file name", NULL);
            outpath = arg;
        } else {
            if (parse_uint(arg, 0, 3, &v) != 0)
                return fail("mode must be an integer 0..3", arg);
            if (strcmp(opt, "--weights") == 0)
                c.weight_mode = (int)v;
            else if (strcmp(opt, "--bias") == 0)
                c.bias_mode = (int)v;
            else
                c.scale_mode = (int)v;
        }
    }
    if (!have_latent)
        return fail("missing --latent L", NULL);
    if (!have_dims)
        return fail("missing --dims d1_d2_d3_d4", NULL);
    if (outpath == NULL)
        return fail("missing -o out.tvm", NULL);

    size = tvae_synth_size(&c);
    blob = size != 0 ? malloc(size) : NULL;
    if (blob == NULL)
        return fail("out of memory", NULL);
    rc = tvae_synth(&c, blob, size, &size);
    if (rc != TVAE_OK) {
        free(blob);
        fprintf(stderr, "%s: cannot build the model: %s\n", prog, tvae_strerror(rc));
        return 1;
    }
    f = fopen(outpath, "wb");
    if (f == NULL) {
        fprintf(stderr, "%s: cannot open '%s': %s\n", prog, outpath, strerror(errno));
        free(blob);
        return 2;
    }
    rc = fwrite(blob, 1, size, f) != size;
    if (fclose(f) != 0 || rc != 0) {
        fprintf(stderr, "%s: cannot write '%s'\n", prog, outpath);
        free(blob);
        return 2;
    }
    free(blob);
    printf("%s: wrote %s (%lu bytes, L=%u dims=%u_%u_%u_%u extra=%u seed=%lu)\n",
           prog, outpath, (unsigned long)size, c.latent_len, c.d1, c.d2, c.d3,
           c.d4, c.extra, (unsigned long)c.seed);
    return 0;
}
