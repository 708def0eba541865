/*
 * tvae-target-host -- the target half of the stream protocol
 * (PROTOCOL.md) running on the host over stdin/stdout: what a firmware
 * does, with the reference decoder (or an --impl library) as its decode.
 *
 *   tvae-target-host [--impl LIB[:SYMBOL]] [--vectors DIR] [MODEL.tvm ...]
 *                    [--fault hang|exit|segv|noise --fault-after N]
 *
 * Models: every model named in DIR/MANIFEST (--vectors) and/or the given
 * .tvm files; HELLO announces their CRCs.  --fault makes the N-th DECODE
 * (counting from 1) misbehave: hang forever, exit(3), raise SIGSEGV, or
 * send line noise instead of rows; it exists to test the runner's
 * time-out and crash handling and is never used for certification.
 */
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tvae.h"
#include "tvv.h"
#include "target/tvae_target.h"

#define MAX_MODELS 32

typedef int (*decode_fn)(const tvae_model *, const int8_t *, unsigned, void *,
                         size_t, uint8_t *, tvae_layer_fn, void *);

static struct {
    tvae_model model[MAX_MODELS];
    uint8_t *blob[MAX_MODELS];
    uint32_t crc[MAX_MODELS];
    unsigned count;
    decode_fn decode;
    const char *fault;
    unsigned fault_after, decodes;
} H;

static void fail(const char *msg, const char *what)
{
    fprintf(stderr, "tvae-target-host: %s%s%s\n", what ? what : "", what ? ": " : "", msg);
    exit(2);
}

static void add_model(const char *path)
{
    const char *err = NULL;
    size_t size;
    uint8_t *blob;
    int rc;

    if (H.count == MAX_MODELS)
        fail("too many models (protocol limit 32)", path);
    blob = tvv_read_file(path, &size, 1u << 20, &err);
    if (blob == NULL)
        fail(err, path);
    rc = tvae_model_validate(&H.model[H.count], blob, size);
    if (rc != TVAE_OK)
        fail(tvae_strerror(rc), path);
    H.blob[H.count] = blob;
    H.crc[H.count] = tvae_model_crc(&H.model[H.count]);
    H.count++;
}

static void add_set(const char *dir)
{
    char path[4096], line[1024], name[64];
    FILE *mf;
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    mf = fopen(path, "r");
    if (mf == NULL)
        fail("cannot open", path);
    while (fgets(line, sizeof line, mf) != NULL) {
        if (strncmp(line, "model ", 6) != 0 || sscanf(line + 6, "%63s", name) != 1)
            continue;
        if (strchr(name, '/') != NULL)
            continue;
        snprintf(path, sizeof path, "%s/%s.tvm", dir, name);
        add_model(path);
    }
    fclose(mf);
}

static int get_byte(void *ctx)
{
    int c;
    (void)ctx;
    fflush(stdout); /* everything sent so far goes out before we wait */
    c = getchar();
    return c == EOF ? -1 : c;
}

static void put_byte(void *ctx, uint8_t b)
{
    (void)ctx;
    putchar(b);
}

typedef struct hctx {
    struct tvae_target *t;
} hctx;

static void on_layer(void *ctx, unsigned k, const tvae_layer *l, const uint8_t *act)
{
    hctx *c = ctx;
    tvae_target_hash(c->t, k, tvae_layer_hash(act, (uint32_t)(l->out_c * l->out_h * l->out_w)));
}

static int decode(struct tvae_target *t, unsigned model, const int8_t *latent,
                  unsigned latent_len, unsigned pips)
{
    static uint8_t scratch[2u * TVAE_MAX_SCRATCH];
    uint8_t image[TVAE_PIXELS];
    int8_t z[16];
    hctx c;
    unsigned y;
    int rc;

    H.decodes++;
    if (H.fault != NULL && H.decodes == H.fault_after) {
        fflush(stdout);
        if (strcmp(H.fault, "hang") == 0)
            for (;;)
                pause();
        if (strcmp(H.fault, "exit") == 0)
            exit(3);
        if (strcmp(H.fault, "segv") == 0)
            raise(SIGSEGV);
        if (strcmp(H.fault, "noise") == 0) {
            /* a sync pair with a bad CRC, then silence */
            static const uint8_t junk[] = { 0xA5, 0x5A, 0x82, 33, 0, 1, 2, 3 };
            fwrite(junk, 1, sizeof junk, stdout);
            for (y = 0; y < 40; y++)
                putchar(0);
            fflush(stdout);
            return 0;
        }
    }
    if (latent_len != tvae_model_latent_len(&H.model[model]))
        return TVAE_E_ARGUMENT;
    memset(z, 0, sizeof z);
    memcpy(z, latent, latent_len);
    c.t = t;
    rc = H.decode(&H.model[model], z, pips, scratch, sizeof scratch, image, on_layer, &c);
    if (rc != TVAE_OK)
        return rc;
    for (y = 0; y < 32; y++)
        tvae_target_row(t, y, image + 32u * y);
    return 0;
}

static int roll(struct tvae_target *t, unsigned model, uint32_t seed,
                unsigned *pips, int8_t *latent, unsigned *latent_len)
{
    (void)t;
    *latent_len = tvae_model_latent_len(&H.model[model]);
    return tvae_roll(&H.model[model], seed, pips, latent);
}

int main(int argc, char **argv)
{
    struct tvae_target t;
    const char *impl = NULL, *name = "host-reference";
    int a;

    H.decode = tvae_decode;
    for (a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--vectors") == 0 && a + 1 < argc)
            add_set(argv[++a]);
        else if (strcmp(argv[a], "--impl") == 0 && a + 1 < argc)
            impl = argv[++a];
        else if (strcmp(argv[a], "--fault") == 0 && a + 1 < argc)
            H.fault = argv[++a];
        else if (strcmp(argv[a], "--fault-after") == 0 && a + 1 < argc)
            H.fault_after = (unsigned)atoi(argv[++a]);
        else if (strcmp(argv[a], "--help") == 0) {
            printf("usage: tvae-target-host [--impl LIB[:SYMBOL]] [--vectors DIR] [MODEL.tvm ...]\n"
                   "                        [--fault hang|exit|segv|noise --fault-after N]\n");
            return 0;
        } else if (argv[a][0] == '-')
            fail("unknown option (try --help)", argv[a]);
        else
            add_model(argv[a]);
    }
    if (H.fault != NULL && strcmp(H.fault, "hang") && strcmp(H.fault, "exit")
        && strcmp(H.fault, "segv") && strcmp(H.fault, "noise"))
        fail("--fault must be hang, exit, segv or noise", H.fault);
    if (H.fault != NULL && H.fault_after == 0)
        H.fault_after = 1;
    if (H.count == 0)
        fail("no models (give --vectors DIR or MODEL.tvm files)", NULL);
    if (impl != NULL) {
        char lib[4096], *colon;
        const char *sym = "tvae_decode";
        void *h, *f;
        snprintf(lib, sizeof lib, "%s", impl);
        colon = strrchr(lib, ':');
        if (colon) {
            *colon = '\0';
            sym = colon + 1;
        }
        h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
        if (h == NULL)
            fail(dlerror(), lib);
        f = dlsym(h, sym);
        if (f == NULL)
            fail("symbol not found", sym);
        memcpy(&H.decode, &f, sizeof f);
        name = "host-plugin";
    }
    memset(&t, 0, sizeof t);
    t.get_byte = get_byte;
    t.put_byte = put_byte;
    t.cycles = NULL;
    t.decode = decode;
    t.roll = roll;
    t.name = name;
    t.arch = "host";
    t.model_crcs = H.crc;
    t.model_count = H.count;
    t.unit = TVAE_UNIT_NONE;
    tvae_target_serve(&t);
    fflush(stdout);
    return 0;
}
