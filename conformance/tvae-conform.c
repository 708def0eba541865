/*
 * tvae-conform -- certify a tvae decoder against the golden vectors
 * (spec 9, vectors/README.md, conformance/PORTING.md).
 *
 *   tvae-conform [--vectors DIR] [--impl LIB.so[:SYMBOL] | --exec CMD |
 *                 --serial DEV [--baud N]] [--kind K] [--model NAME]
 *                [--vector NAME:NNN] [--timeout S] [--hello-timeout S]
 *                [--tap] [--junit FILE] [--png-dir DIR] [--quiet]
 *
 * Without --impl/--exec/--serial it checks the reference decoder linked
 * into it.  One line per vector, then exactly "N passed, N failed"; the
 * exit status is 0 only when nothing failed and something passed.
 */
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <png.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tvae.h"
#include "tvv.h"
#include "stream.h"
#include "target/tvae_target.h"

#ifndef TVAE_VECTORS_DIR
#define TVAE_VECTORS_DIR "vectors"
#endif

#define MAX_MODELS 128

typedef int (*decode_fn)(const tvae_model *, const int8_t *, unsigned, void *,
                         size_t, uint8_t *, tvae_layer_fn, void *);
typedef int (*roll_fn)(const tvae_model *, uint32_t, unsigned *, int8_t *);

typedef struct model_entry {
    char name[64];
    uint8_t *blob;
    size_t blob_size;
    uint8_t *tvv_data;
    tvae_model model;
    tvv_file vec;
    uint32_t crc;
    unsigned layers;
    tvae_layer layer[TVAE_MAX_LAYERS];
    unsigned st_pass[4], st_fail[4], st_skip; /* per kind, for --table */
    unsigned long long st_count;              /* summed count of passed  */
    unsigned st_counted;
} model_entry;

/* what an implementation produced for one vector */
typedef struct outcome {
    enum { O_DONE, O_TIMEOUT, O_CRASH, O_LINK, O_NOTARGET, O_SKIP } what;
    char why[512];             /* for everything but O_DONE           */
    int status;                /* decode status                        */
    uint8_t image[TVAE_PIXELS];
    uint32_t rows_seen;        /* bit y set when row y arrived (stream) */
    uint32_t hash[TVAE_MAX_LAYERS];
    unsigned have_hash;        /* bit k: layer k reported              */
    unsigned bad_layer_calls;  /* callbacks with an index out of range */
    int rolled;                /* roll checked                         */
    unsigned roll_pips;
    int8_t roll_latent[16];
    unsigned roll_len;
    int roll_status;
    unsigned unit;
    uint64_t count;
    int guard_broken;
} outcome;

static struct options {
    const char *vectors, *impl, *exec, *serial, *kind, *model, *vector;
    const char *junit, *png_dir;
    long baud;
    double timeout, hello_timeout;
    int tap, quiet, table, no_fork;
} opt;

static model_entry models[MAX_MODELS];
static unsigned model_count;

static void die(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "tvae-conform: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

static const char *kind_name(unsigned kind)
{
    switch (kind) {
    case TVAE_LAYER_DENSE: return "DENSE";
    case TVAE_LAYER_CONVT_S2: return "CONVT_S2";
    case TVAE_LAYER_CONVT_S1: return "CONVT_S1";
    case TVAE_LAYER_CONV: return "CONV";
    default: return "?";
    }
}

/* ------------------------------------------------------------------ */
/* loading the vector set                                              */
/* ------------------------------------------------------------------ */

static void load_set(const char *dir)
{
    char path[4096], line[1024];
    FILE *mf;

    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    mf = fopen(path, "r");
    if (mf == NULL)
        die("%s: %s (is --vectors right?)", path, strerror(errno));
    while (fgets(line, sizeof line, mf) != NULL) {
        model_entry *e;
        const char *err = NULL;
        char name[64];
        size_t size;
        int rc;
        if (strncmp(line, "model ", 6) != 0)
            continue;
        if (sscanf(line + 6, "%63s", name) != 1)
            die("%s: malformed model line", path);
        if (strchr(name, '/') != NULL || name[0] == '.')
            die("%s: model name '%s' not allowed", path, name);
        if (model_count == MAX_MODELS)
            die("%s: more than %d models", path, MAX_MODELS);
        e = &models[model_count];
        memset(e, 0, sizeof *e);
        snprintf(e->name, sizeof e->name, "%s", name);
        snprintf(path, sizeof path, "%s/%s.tvm", dir, name);
        e->blob = tvv_read_file(path, &e->blob_size, 1u << 20, &err);
        if (e->blob == NULL)
            die("%s: %s", path, err);
        rc = tvae_model_validate(&e->model, e->blob, e->blob_size);
        if (rc != TVAE_OK)
            die("%s: invalid model: %s", path, tvae_strerror(rc));
        e->crc = tvae_model_crc(&e->model);
        e->layers = tvae_model_layer_count(&e->model);
        for (rc = 0; rc < (int)e->layers; rc++)
            tvae_model_layer(&e->model, (unsigned)rc, &e->layer[rc]);
        snprintf(path, sizeof path, "%s/%s.tvv", dir, name);
        e->tvv_data = tvv_read_file(path, &size, 256u << 20, &err);
        if (e->tvv_data == NULL)
            die("%s: %s", path, err);
        if ((err = tvv_parse(&e->vec, e->tvv_data, size)) != NULL)
            die("%s: %s", path, err);
        if (e->vec.model_crc != e->crc || e->vec.model_size != e->blob_size
            || e->vec.latent_len != tvae_model_latent_len(&e->model)
            || e->vec.layers != e->layers)
            die("%s: does not belong to %s.tvm", path, name);
        snprintf(path, sizeof path, "%s/MANIFEST", dir);
        model_count++;
    }
    fclose(mf);
    if (model_count == 0)
        die("%s: no models listed", path);
}

/* ------------------------------------------------------------------ */
/* in-process implementations                                          */
/* ------------------------------------------------------------------ */

static decode_fn impl_decode = tvae_decode;
static roll_fn impl_roll = tvae_roll;
static const char *impl_label = "reference (linked in)";

typedef struct layer_ctx {
    const model_entry *e;
    outcome *o;
} layer_ctx;

static void on_layer(void *ctx, unsigned k, const tvae_layer *l, const uint8_t *act)
{
    layer_ctx *c = ctx;
    const tvae_layer *ref;
    (void)l; /* shapes come from the model, not from the implementation */
    if (k >= c->e->layers || act == NULL) {
        c->o->bad_layer_calls++;
        return;
    }
    ref = &c->e->layer[k];
    c->o->hash[k] = tvae_layer_hash(act, (uint32_t)(ref->out_c * ref->out_h * ref->out_w));
    c->o->have_hash |= 1u << k;
}

static void load_impl(const char *spec)
{
    char lib[4096], *colon;
    const char *sym = "tvae_decode";
    void *h, *f;

    snprintf(lib, sizeof lib, "%s", spec);
    colon = strrchr(lib, ':');
    if (colon != NULL) {
        *colon = '\0';
        sym = colon + 1;
    }
    h = dlopen(strchr(lib, '/') ? lib : lib, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL)
        die("cannot load %s: %s", lib, dlerror());
    f = dlsym(h, sym);
    if (f == NULL)
        die("%s has no symbol %s", lib, sym);
    memcpy(&impl_decode, &f, sizeof f);
    /* a roll of its own, if it exports one (optional) */
    {
        char rsym[300];
        snprintf(rsym, sizeof rsym, "%s_roll", sym);
        f = dlsym(h, rsym);
        if (f == NULL)
            f = dlsym(h, "tvae_roll");
        if (f != NULL)
            memcpy(&impl_roll, &f, sizeof f);
        else
            impl_roll = NULL;
    }
    impl_label = spec;
}

#define GUARD 64
#define SCRATCH_BYTES (2u * TVAE_MAX_SCRATCH)

static void run_inprocess(const model_entry *e, const tvv_record *r, outcome *o)
{
    static uint8_t scratch[SCRATCH_BYTES];
    static uint8_t pix[GUARD + TVAE_PIXELS + GUARD];
    layer_ctx c;
    unsigned i;

    c.e = e;
    c.o = o;
    if (r->kind == TVV_ROLL && impl_roll != NULL) {
        o->rolled = 1;
        memset(o->roll_latent, 0, sizeof o->roll_latent);
        o->roll_status = impl_roll(&e->model, r->seed, &o->roll_pips, o->roll_latent);
        o->roll_len = r->latent_len;
    }
    memset(pix, 0xA5, sizeof pix);
    o->status = impl_decode(&e->model, r->latent, r->pips, scratch, sizeof scratch,
                            pix + GUARD, on_layer, &c);
    memcpy(o->image, pix + GUARD, TVAE_PIXELS);
    o->rows_seen = 0xFFFFFFFFu;
    for (i = 0; i < GUARD; i++)
        if (pix[i] != 0xA5 || pix[GUARD + TVAE_PIXELS + i] != 0xA5)
            o->guard_broken = 1;
    o->what = O_DONE;
}

/* The plug-in runs in a child process per vector (unless --no-fork), so a
 * crash or a hang in it is reported like a dead or hung stream target
 * instead of taking the runner down with it. */
static void run_isolated(const model_entry *e, const tvv_record *r, outcome *o)
{
    int fd[2], st;
    pid_t pid;
    size_t got = 0;
    long long deadline;

    if (pipe(fd) != 0)
        die("pipe: %s", strerror(errno));
    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        const uint8_t *p = (const uint8_t *)o;
        size_t off = 0;
        close(fd[0]);
        run_inprocess(e, r, o);
        while (off < sizeof *o) {
            ssize_t w = write(fd[1], p + off, sizeof *o - off);
            if (w <= 0)
                _exit(1);
            off += (size_t)w;
        }
        _exit(0);
    }
    close(fd[1]);
    deadline = stream_now_ms() + (long long)(opt.timeout * 1000.0);
    while (got < sizeof *o) {
        struct pollfd pf;
        long long left = deadline - stream_now_ms();
        ssize_t n;
        int pr;
        if (left <= 0)
            break;
        pf.fd = fd[0];
        pf.events = POLLIN;
        pf.revents = 0;
        pr = poll(&pf, 1, left > 1000 ? 1000 : (int)left);
        if (pr < 0 && errno != EINTR)
            break;
        if (pr <= 0)
            continue;
        n = read(fd[0], (uint8_t *)o + got, sizeof *o - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd[0]);
    if (got == sizeof *o) {
        waitpid(pid, &st, 0);
        return;
    }
    memset(o, 0, sizeof *o);
    if (stream_now_ms() >= deadline) {
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
        o->what = O_TIMEOUT;
        snprintf(o->why, sizeof o->why,
                 "TIMEOUT: the implementation did not return within %.1f s (hung?)", opt.timeout);
        return;
    }
    waitpid(pid, &st, 0);
    o->what = O_CRASH;
    if (WIFSIGNALED(st))
        snprintf(o->why, sizeof o->why, "CRASH: the implementation was killed by signal %d (%s)",
                 WTERMSIG(st), strsignal(WTERMSIG(st)));
    else
        snprintf(o->why, sizeof o->why, "CRASH: the implementation exited with status %d",
                 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* ------------------------------------------------------------------ */
/* stream implementations                                              */
/* ------------------------------------------------------------------ */

static stream_link link_;
static int link_up;
static int link_dead; /* HELLO failed after a restart: stop trying */
static unsigned consecutive_timeouts;

static int link_start(char *err, size_t errlen)
{
    if (stream_open(&link_, err, errlen) != 0)
        return -1;
    if (stream_hello(&link_, opt.hello_timeout, err, errlen) != STREAM_OK) {
        stream_close(&link_);
        return -1;
    }
    link_up = 1;
    return 0;
}

static int target_has(uint32_t crc)
{
    unsigned i;
    for (i = 0; i < link_.model_count; i++)
        if (link_.model_crc[i] == crc)
            return 1;
    return 0;
}

/* After a time-out or an out-of-step frame the rest of the answer may
 * still arrive: restart a spawned target; on a serial line, read and drop
 * everything until the line has been quiet for half a second. */
static void link_resync(void)
{
    stream_frame f;
    if (link_.pid > 0) {
        stream_close(&link_);
        link_up = 0;
        return;
    }
    while (stream_recv(&link_, &f, stream_now_ms() + 500) != STREAM_TIMEOUT
           && !link_.eof) {
    }
    link_.have = 0;
}

/* the link failed mid-vector: describe, close, and mark for restart */
static void link_failed(outcome *o, int rc)
{
    char why[200];
    if (rc == STREAM_TIMEOUT) {
        o->what = O_TIMEOUT;
        snprintf(o->why, sizeof o->why, "TIMEOUT: no complete answer within %.1f s (target hung?)",
                 opt.timeout);
        consecutive_timeouts++;
    } else if (rc == STREAM_CLOSED) {
        stream_describe_exit(&link_, why, sizeof why);
        o->what = O_CRASH;
        snprintf(o->why, sizeof o->why, "CRASH: %s", why);
        consecutive_timeouts = 0;
    } else if (rc == STREAM_BAD) {
        o->what = O_LINK;
        snprintf(o->why, sizeof o->why, "LINK: a frame from the target failed its CRC or length check");
    } else {
        o->what = O_LINK;
        snprintf(o->why, sizeof o->why, "LINK: I/O error talking to the target");
    }
    if (link_.pid > 0 || rc == STREAM_CLOSED) {
        stream_close(&link_);
        link_up = 0;
    } else {
        link_resync();
    }
}

static void ensure_link(outcome *o)
{
    char err[256];
    if (link_up || link_dead)
        return;
    if (link_start(err, sizeof err) != 0) {
        link_dead = 1;
        o->what = O_NOTARGET;
        snprintf(o->why, sizeof o->why, "NO TARGET: %s", err);
    }
}

static void run_stream(const model_entry *e, const tvv_record *r, outcome *o)
{
    uint8_t req[32];
    stream_frame f;
    long long deadline;
    unsigned i;
    int rc;

    if (consecutive_timeouts >= 3 && !link_dead) {
        /* a target that hangs on every request would cost a time-out per
         * vector: give up on it */
        if (link_up)
            stream_close(&link_);
        link_up = 0;
        link_dead = 1;
        o->what = O_NOTARGET;
        snprintf(o->why, sizeof o->why, "NO TARGET: gave up after 3 consecutive time-outs");
        return;
    }
    ensure_link(o);
    if (link_dead) {
        if (o->what != O_NOTARGET) {
            o->what = O_NOTARGET;
            snprintf(o->why, sizeof o->why, "NO TARGET: the target is not answering (see above)");
        }
        return;
    }
    if (!target_has(e->crc)) {
        o->what = O_SKIP;
        snprintf(o->why, sizeof o->why, "model %s (crc 0x%08lx) is not on the target",
                 e->name, (unsigned long)e->crc);
        return;
    }
    deadline = stream_now_ms() + (long long)(opt.timeout * 1000.0);
    for (i = 0; i < 4; i++)
        req[i] = (uint8_t)((e->crc >> (8 * i)) & 0xFFu);
    if (r->kind == TVV_ROLL) {
        for (i = 0; i < 4; i++)
            req[4 + i] = (uint8_t)((r->seed >> (8 * i)) & 0xFFu);
        rc = stream_send(&link_, TVAE_MSG_ROLL, req, 8);
        while (rc == STREAM_OK) {
            rc = stream_recv(&link_, &f, deadline);
            if (rc != STREAM_OK)
                break;
            if (f.type == TVAE_MSG_HELLO)
                continue; /* answer to an earlier HELLO_REQ retry: stale */
            if (f.type == TVAE_MSG_ERROR && f.len == 2 && f.payload[0] == TVAE_PERR_TYPE)
                break; /* the target has no roll: check the image only */
            if (f.type == TVAE_MSG_ROLLED && f.len >= 3 && f.len == 3u + f.payload[2]
                && f.payload[2] <= 16) {
                o->rolled = 1;
                o->roll_status = f.payload[0] >= 128 ? (int)f.payload[0] - 256 : (int)f.payload[0];
                o->roll_pips = f.payload[1];
                o->roll_len = f.payload[2];
                for (i = 0; i < o->roll_len; i++)
                    o->roll_latent[i] = (int8_t)(f.payload[3 + i] >= 128
                                        ? (int)f.payload[3 + i] - 256 : (int)f.payload[3 + i]);
                break;
            }
            o->what = O_LINK;
            snprintf(o->why, sizeof o->why, "LINK: unexpected frame type 0x%02x (%u bytes) answering ROLL",
                     f.type, f.len);
            link_resync();
            return;
        }
        if (rc != STREAM_OK) {
            link_failed(o, rc);
            return;
        }
    }
    req[4] = (uint8_t)r->pips;
    req[5] = (uint8_t)r->latent_len;
    for (i = 0; i < r->latent_len; i++)
        req[6 + i] = (uint8_t)r->latent[i];
    rc = stream_send(&link_, TVAE_MSG_DECODE, req, 6u + r->latent_len);
    while (rc == STREAM_OK) {
        rc = stream_recv(&link_, &f, deadline);
        if (rc != STREAM_OK)
            break;
        if (f.type == TVAE_MSG_HELLO)
            continue; /* answer to an earlier HELLO_REQ retry: stale */
        if (f.type == TVAE_MSG_ROW && f.len == 33 && f.payload[0] < 32) {
            memcpy(o->image + 32u * f.payload[0], f.payload + 1, 32);
            o->rows_seen |= (uint32_t)1 << f.payload[0];
        } else if (f.type == TVAE_MSG_HASH && f.len == 5) {
            unsigned k = f.payload[0];
            if (k < e->layers) {
                o->hash[k] = (uint32_t)f.payload[1] | ((uint32_t)f.payload[2] << 8)
                           | ((uint32_t)f.payload[3] << 16) | ((uint32_t)f.payload[4] << 24);
                o->have_hash |= 1u << k;
            } else {
                o->bad_layer_calls++;
            }
        } else if (f.type == TVAE_MSG_DONE && f.len == 10) {
            o->status = f.payload[0] >= 128 ? (int)f.payload[0] - 256 : (int)f.payload[0];
            o->unit = f.payload[1];
            o->count = 0;
            for (i = 0; i < 8; i++)
                o->count |= (uint64_t)f.payload[2 + i] << (8 * i);
            o->what = O_DONE;
            consecutive_timeouts = 0;
            return;
        } else if (f.type == TVAE_MSG_ERROR && f.len == 2) {
            o->what = O_LINK;
            snprintf(o->why, sizeof o->why, "LINK: target answered ERROR %u to request 0x%02x",
                     f.payload[0], f.payload[1]);
            return;
        } else {
            o->what = O_LINK;
            snprintf(o->why, sizeof o->why, "LINK: unexpected frame type 0x%02x (%u bytes) answering DECODE",
                     f.type, f.len);
            link_resync();
            return;
        }
    }
    link_failed(o, rc);
}

/* ------------------------------------------------------------------ */
/* reporting                                                           */
/* ------------------------------------------------------------------ */

static int write_png(const char *path, const uint8_t *exp, const uint8_t *got)
{
    enum { Z = 4, SEP = 4, W = 3 * 32 * Z + 2 * SEP, H = 32 * Z };
    static uint8_t img[H][W];
    png_structp png;
    png_infop info;
    FILE *fp;
    int x, y;

    for (y = 0; y < H; y++)
        for (x = 0; x < W; x++) {
            int panel = x / (32 * Z + SEP), px = x % (32 * Z + SEP);
            int i = (y / Z) * 32 + px / Z;
            uint8_t v = 128; /* separator */
            if (px < 32 * Z) {
                if (panel == 0)
                    v = exp[i];
                else if (panel == 1)
                    v = got[i];
                else {
                    int d = abs((int)exp[i] - (int)got[i]);
                    v = (uint8_t)(d == 0 ? 0 : (d * 16 > 191 ? 255 : 64 + d * 16));
                }
            }
            img[y][x] = v;
        }
    fp = fopen(path, "wb");
    if (fp == NULL)
        return -1;
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    info = png ? png_create_info_struct(png) : NULL;
    if (png == NULL || info == NULL || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        fclose(fp);
        return -1;
    }
    png_init_io(png, fp);
    png_set_IHDR(png, info, W, H, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (y = 0; y < H; y++)
        png_write_row(png, img[y]);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return fclose(fp) == 0 ? 0 : -1;
}

static void latent_text(char *out, size_t cap, const int8_t *z, unsigned n)
{
    size_t p = 0;
    unsigned i;
    out[0] = '\0';
    for (i = 0; i < n && p + 8 < cap; i++)
        p += (size_t)snprintf(out + p, cap - p, "%s%d", i ? "," : "", z[i]);
}

typedef struct junit_case {
    char id[80];
    char kind[12];
    char *failure;
} junit_case;

static junit_case *jcases;
static size_t jcount, jcap;

static void junit_add(const char *id, const char *kind, const char *failure)
{
    if (opt.junit == NULL)
        return;
    if (jcount == jcap) {
        jcap = jcap ? 2 * jcap : 256;
        jcases = realloc(jcases, jcap * sizeof *jcases);
        if (jcases == NULL)
            die("out of memory");
    }
    snprintf(jcases[jcount].id, sizeof jcases[jcount].id, "%s", id);
    snprintf(jcases[jcount].kind, sizeof jcases[jcount].kind, "%s", kind);
    jcases[jcount].failure = failure ? strdup(failure) : NULL;
    jcount++;
}

static void xml_text(FILE *fp, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '&': fputs("&amp;", fp); break;
        case '"': fputs("&quot;", fp); break;
        default:
            if ((unsigned char)*s >= 32 || *s == '\n')
                fputc(*s, fp);
        }
    }
}

static void junit_write(unsigned passed, unsigned failed, unsigned skipped)
{
    FILE *fp;
    size_t i;
    if (opt.junit == NULL)
        return;
    fp = fopen(opt.junit, "w");
    if (fp == NULL)
        die("cannot write %s: %s", opt.junit, strerror(errno));
    fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(fp, "<testsuites>\n<testsuite name=\"tvae-conform\" tests=\"%u\" failures=\"%u\" skipped=\"%u\">\n",
            passed + failed + skipped, failed, skipped);
    for (i = 0; i < jcount; i++) {
        fprintf(fp, "  <testcase classname=\"tvae.%s\" name=\"", jcases[i].kind);
        xml_text(fp, jcases[i].id);
        if (jcases[i].failure == NULL) {
            fprintf(fp, "\"/>\n");
        } else if (strncmp(jcases[i].failure, "SKIP ", 5) == 0) {
            fprintf(fp, "\"><skipped message=\"");
            xml_text(fp, jcases[i].failure + 5);
            fprintf(fp, "\"/></testcase>\n");
        } else {
            const char *nl = strchr(jcases[i].failure, '\n');
            char first[300];
            size_t n = nl ? (size_t)(nl - jcases[i].failure) : strlen(jcases[i].failure);
            if (n >= sizeof first)
                n = sizeof first - 1;
            memcpy(first, jcases[i].failure, n);
            first[n] = '\0';
            fprintf(fp, "\"><failure message=\"");
            xml_text(fp, first);
            fprintf(fp, "\">");
            xml_text(fp, jcases[i].failure);
            fprintf(fp, "</failure></testcase>\n");
        }
    }
    fprintf(fp, "</testsuite>\n</testsuites>\n");
    if (fclose(fp) != 0)
        die("cannot write %s", opt.junit);
}

/* Compares an outcome with a record; returns 1 pass, 0 fail (diagnosis in d). */
static int judge(const model_entry *e, const tvv_record *r, const outcome *o,
                 const char *id, char *d, size_t cap)
{
    size_t p = 0;
    unsigned k, i, ndiff = 0, maxd = 0, first = TVAE_PIXELS, missing = 0;
    double se = 0.0;
    int ok = 1;

#define ADD(...) do { if (p < cap) p += (size_t)snprintf(d + p, cap - p, __VA_ARGS__); } while (0)
    d[0] = '\0';
    if (o->rolled) {
        int rok = o->roll_status == 0 && o->roll_pips == r->pips && o->roll_len == r->latent_len
                  && memcmp(o->roll_latent, r->latent, r->latent_len) == 0;
        if (!rok) {
            char a[120], b[120];
            latent_text(a, sizeof a, r->latent, r->latent_len);
            latent_text(b, sizeof b, o->roll_latent, o->roll_len);
            ADD("\n    roll of seed %lu: expected pips %u latent [%s], got status %d pips %u latent [%s]",
                (unsigned long)r->seed, r->pips, a, o->roll_status, o->roll_pips, b);
            ok = 0;
        }
    }
    if (o->status != 0) {
        ADD("\n    decode returned status %d (%s)", o->status, tvae_strerror(o->status));
        return 0;
    }
    for (k = 0; k < e->layers; k++) {
        if (!(o->have_hash & (1u << k))) {
            missing++;
            continue;
        }
        if (o->hash[k] != r->hash[k]) {
            const tvae_layer *l = &e->layer[k];
            ADD("\n    first differing layer: %u (%s %ux%ux%u -> %ux%ux%u): hash expected 0x%08lx, got 0x%08lx",
                k, kind_name(l->kind), l->in_c, l->in_h, l->in_w, l->out_c, l->out_h, l->out_w,
                (unsigned long)r->hash[k], (unsigned long)o->hash[k]);
            if (k > 0 && missing == k)
                ADD(" (earlier layers not reported)");
            ok = 0;
            break;
        }
    }
    if (o->rows_seen != 0xFFFFFFFFu) {
        ADD("\n    image incomplete: rows missing (mask of received rows 0x%08lx)",
            (unsigned long)o->rows_seen);
        ok = 0;
    }
    for (i = 0; i < TVAE_PIXELS; i++) {
        int dd = abs((int)o->image[i] - (int)r->image[i]);
        if (dd != 0) {
            if (first == TVAE_PIXELS)
                first = i;
            ndiff++;
            if ((unsigned)dd > maxd)
                maxd = (unsigned)dd;
            se += (double)dd * dd;
        }
    }
    if (ndiff > 0) {
        double psnr = 10.0 * log10(255.0 * 255.0 / (se / TVAE_PIXELS));
        ok = 0;
        if (o->have_hash == 0)
            ADD("\n    no layer hashes reported: cannot name the layer");
        ADD("\n    first differing pixel: (x %u, y %u) expected %u, got %u; %u of 1024 pixels differ, max |difference| %u, PSNR %.2f dB",
            first % 32u, first / 32u, r->image[first], o->image[first], ndiff, maxd, psnr);
        if (opt.png_dir != NULL) {
            char path[4096], safe[80];
            size_t j;
            snprintf(safe, sizeof safe, "%s", id);
            for (j = 0; safe[j]; j++)
                if (safe[j] == ':' || safe[j] == '/')
                    safe[j] = '-';
            snprintf(path, sizeof path, "%s/fail-%s.png", opt.png_dir, safe);
            if (write_png(path, r->image, o->image) == 0)
                ADD("\n    picture (expected | got | difference): %s", path);
            else
                ADD("\n    could not write %s", path);
        }
    } else if (!ok) {
        ADD("\n    (the image itself matches)");
    }
    if (o->guard_broken) {
        ADD("\n    wrote outside the 1024-byte image buffer");
        ok = 0;
    }
    if (o->bad_layer_calls) {
        ADD("\n    %u layer reports with an index outside 0..%u", o->bad_layer_calls, e->layers - 1);
        ok = 0;
    }
    return ok;
#undef ADD
}

/* --table: one Markdown row per model that had selected vectors */
static void print_table(unsigned unit)
{
    unsigned m, k;
    printf("\n| model | bytes | L | dims d1_d2_d3_d4 + extra | natural | stress | roll | result |%s\n",
           unit == TVAE_UNIT_CYCLES ? " cycles/image |"
           : unit == TVAE_UNIT_INSTRUCTIONS ? " instructions/image |" : "");
    printf("|---|---:|---:|---|---:|---:|---:|---|%s\n", unit ? "---:|" : "");
    for (m = 0; m < model_count; m++) {
        const model_entry *e = &models[m];
        unsigned pass = 0, fail = 0;
        char res[64];
        for (k = 1; k < 4; k++) {
            pass += e->st_pass[k];
            fail += e->st_fail[k];
        }
        if (pass + fail + e->st_skip == 0)
            continue;
        if (e->st_skip && pass + fail == 0)
            snprintf(res, sizeof res, "not on target");
        else if (fail)
            snprintf(res, sizeof res, "**%u FAILED**", fail);
        else
            snprintf(res, sizeof res, "all %u pass", pass);
        printf("| %s | %lu | %u | %u_%u_%u_%u + %u | %u | %u | %u | %s |",
               e->name, (unsigned long)e->blob_size, tvae_model_latent_len(&e->model),
               e->layer[3].out_c, e->layer[3].in_c, e->layer[1].out_c, e->layer[1].in_c,
               e->layers - 5u, e->st_pass[1] + e->st_fail[1], e->st_pass[2] + e->st_fail[2],
               e->st_pass[3] + e->st_fail[3], res);
        if (unit) {
            if (e->st_counted)
                printf(" %.0f |", (double)e->st_count / e->st_counted);
            else
                printf(" - |");
        }
        printf("\n");
    }
    printf("\n");
}

static void usage(void)
{
    printf("usage: tvae-conform [options]\n"
           "  --vectors DIR        golden vector set (default %s)\n"
           "  --impl LIB[:SYMBOL]  in-process: shared library with a tvae_decode-compatible\n"
           "                       function (default symbol tvae_decode)\n"
           "  --exec \"COMMAND\"     stream protocol over the command's stdin/stdout\n"
           "  --serial DEV         stream protocol over a serial port (--baud N, default 115200)\n"
           "  --kind natural|stress|roll, --model NAME, --vector NAME:NNN   select vectors\n"
           "  --timeout S          per-vector time limit (default 20)\n"
           "  --no-fork            run an in-process implementation in the runner's own\n"
           "                       process (default: a child per vector, so a crash or\n"
           "                       hang is reported instead of killing the runner)\n"
           "  --hello-timeout S    limit for the target's HELLO (default 10)\n"
           "  --tap                TAP output on stdout instead of the table\n"
           "  --junit FILE         JUnit XML report\n"
           "  --png-dir DIR        write expected|got|difference PNGs of failures (default .)\n"
           "  --no-png             do not write PNGs\n"
           "  --quiet              print failures and the summary only\n"
           "  --table              print a per-model table (Markdown) before the summary\n"
           "Without --impl/--exec/--serial the reference decoder linked in is checked.\n",
           TVAE_VECTORS_DIR);
}

static double num_arg(const char *s, const char *what)
{
    char *end;
    double v = strtod(s, &end);
    if (*s == '\0' || *end != '\0' || !(v > 0.0) || v > 86400.0)
        die("%s: '%s' is not a positive number of seconds", what, s);
    return v;
}

int main(int argc, char **argv)
{
    unsigned m, passed = 0, failed = 0, skipped = 0, total = 0, n = 0, kind_sel = 0;
    unsigned long long sum_count = 0;
    unsigned counted = 0, unit = 0;
    long long t0;
    int a, no_png = 0, progress = isatty(2);

    opt.vectors = TVAE_VECTORS_DIR;
    opt.timeout = 20.0;
    opt.hello_timeout = 10.0;
    opt.baud = 115200;
    opt.png_dir = ".";
    for (a = 1; a < argc; a++) {
        const char *s = argv[a];
        const char *v = a + 1 < argc ? argv[a + 1] : NULL;
#define ARG(name) (strcmp(s, name) == 0 && (v != NULL || (die("%s needs a value", name), 0)) && ++a)
        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            usage();
            return 0;
        } else if (ARG("--vectors")) opt.vectors = v;
        else if (ARG("--impl")) opt.impl = v;
        else if (ARG("--exec")) opt.exec = v;
        else if (ARG("--serial")) opt.serial = v;
        else if (ARG("--baud")) opt.baud = atol(v);
        else if (ARG("--kind")) opt.kind = v;
        else if (ARG("--model")) opt.model = v;
        else if (ARG("--vector")) opt.vector = v;
        else if (ARG("--timeout")) opt.timeout = num_arg(v, "--timeout");
        else if (ARG("--hello-timeout")) opt.hello_timeout = num_arg(v, "--hello-timeout");
        else if (ARG("--junit")) opt.junit = v;
        else if (ARG("--png-dir")) opt.png_dir = v;
        else if (strcmp(s, "--no-png") == 0) no_png = 1;
        else if (strcmp(s, "--tap") == 0) opt.tap = 1;
        else if (strcmp(s, "--quiet") == 0) opt.quiet = 1;
        else if (strcmp(s, "--table") == 0) opt.table = 1;
        else if (strcmp(s, "--no-fork") == 0) opt.no_fork = 1;
        else
            die("unknown argument '%s' (try --help)", s);
#undef ARG
    }
    if (no_png)
        opt.png_dir = NULL;
    if ((opt.impl != NULL) + (opt.exec != NULL) + (opt.serial != NULL) > 1)
        die("choose one of --impl, --exec, --serial");
    if (opt.kind != NULL) {
        if (strcmp(opt.kind, "natural") == 0) kind_sel = TVV_NATURAL;
        else if (strcmp(opt.kind, "stress") == 0) kind_sel = TVV_STRESS;
        else if (strcmp(opt.kind, "roll") == 0) kind_sel = TVV_ROLL;
        else die("--kind must be natural, stress or roll");
    }
    signal(SIGPIPE, SIG_IGN);
    load_set(opt.vectors);
    if (opt.impl != NULL)
        load_impl(opt.impl);
    if (opt.exec != NULL || opt.serial != NULL) {
        char err[300];
        memset(&link_, 0, sizeof link_);
        link_.rfd = link_.wfd = -1;
        if (opt.exec) {
            snprintf(link_.cmd, sizeof link_.cmd, "%s", opt.exec);
            impl_label = opt.exec;
        } else {
            snprintf(link_.dev, sizeof link_.dev, "%s", opt.serial);
            link_.baud = opt.baud;
            impl_label = opt.serial;
        }
        if (link_start(err, sizeof err) != 0)
            die("target did not start: %s", err);
    }

    /* selection */
    for (m = 0; m < model_count; m++) {
        uint32_t i;
        if (opt.model && strcmp(opt.model, models[m].name) != 0)
            continue;
        for (i = 0; i < models[m].vec.count; i++) {
            tvv_record r;
            char id[80];
            const char *err = tvv_record_get(&models[m].vec, i, &r);
            if (err)
                die("%s.tvv record %lu: %s", models[m].name, (unsigned long)i, err);
            snprintf(id, sizeof id, "%s:%03lu", models[m].name, (unsigned long)i);
            if (kind_sel && r.kind != kind_sel)
                continue;
            if (opt.vector && strcmp(opt.vector, id) != 0)
                continue;
            total++;
        }
    }
    if (total == 0)
        die("no vector matches the selection");
    if (opt.tap)
        printf("TAP version 13\n1..%u\n", total);
    if (!opt.tap && !opt.quiet) {
        printf("tvae-conform: %s\n", impl_label);
        if (link_up)
            printf("target: %s (%s), protocol %u, %u models on board, count unit %s\n",
                   link_.name, link_.arch, link_.version, link_.model_count,
                   link_.unit == TVAE_UNIT_CYCLES ? "cycles"
                   : link_.unit == TVAE_UNIT_INSTRUCTIONS ? "instructions" : "none");
    }
    t0 = stream_now_ms();
    for (m = 0; m < model_count; m++) {
        uint32_t i;
        if (opt.model && strcmp(opt.model, models[m].name) != 0)
            continue;
        for (i = 0; i < models[m].vec.count; i++) {
            tvv_record r;
            char id[80], diag[2048], lat[120], line[3000];
            outcome o;
            int ok;
            tvv_record_get(&models[m].vec, i, &r);
            snprintf(id, sizeof id, "%s:%03lu", models[m].name, (unsigned long)i);
            if (kind_sel && r.kind != kind_sel)
                continue;
            if (opt.vector && strcmp(opt.vector, id) != 0)
                continue;
            n++;
            memset(&o, 0, sizeof o);
            if (opt.exec || opt.serial)
                run_stream(&models[m], &r, &o);
            else if (opt.no_fork)
                run_inprocess(&models[m], &r, &o);
            else
                run_isolated(&models[m], &r, &o);
            latent_text(lat, sizeof lat, r.latent, r.latent_len);
            if (o.what == O_SKIP) {
                skipped++;
                models[m].st_skip++;
                if (opt.tap)
                    printf("ok %u - %s # SKIP %s\n", n, id, o.why);
                else if (!opt.quiet)
                    printf("SKIP %s  %s\n", id, o.why);
                snprintf(line, sizeof line, "SKIP %s", o.why);
                junit_add(id, tvv_kind_name(r.kind), line);
                continue;
            }
            if (o.what != O_DONE) {
                ok = 0;
                snprintf(diag, sizeof diag, "\n    %s", o.why);
            } else {
                ok = judge(&models[m], &r, &o, id, diag, sizeof diag);
            }
            if (ok) {
                passed++;
                models[m].st_pass[r.kind]++;
                if (o.unit != TVAE_UNIT_NONE) {
                    sum_count += o.count;
                    counted++;
                    unit = o.unit;
                    models[m].st_count += o.count;
                    models[m].st_counted++;
                }
            } else {
                failed++;
                models[m].st_fail[r.kind]++;
            }
            if (r.kind == TVV_ROLL)
                snprintf(line, sizeof line, "%s %s  %-7s seed %lu -> pips %u latent [%s]",
                         ok ? "PASS" : "FAIL", id, tvv_kind_name(r.kind),
                         (unsigned long)r.seed, r.pips, lat);
            else
                snprintf(line, sizeof line, "%s %s  %-7s pips %u latent [%s]",
                         ok ? "PASS" : "FAIL", id, tvv_kind_name(r.kind), r.pips, lat);
            if (ok && o.unit != TVAE_UNIT_NONE)
                snprintf(line + strlen(line), sizeof line - strlen(line), "  %llu %s",
                         (unsigned long long)o.count,
                         o.unit == TVAE_UNIT_CYCLES ? "cycles" : "instructions");
            if (opt.tap) {
                char *q;
                printf("%s %u - %s\n", ok ? "ok" : "not ok", n, line + 5);
                for (q = strtok(diag, "\n"); q != NULL; q = strtok(NULL, "\n"))
                    printf("  #%s\n", q + 3);
            } else if (!ok || !opt.quiet) {
                printf("%s%s\n", line, ok ? "" : diag);
            }
            junit_add(id, tvv_kind_name(r.kind), ok ? NULL : diag + 5);
            fflush(stdout);
            if ((opt.quiet || opt.tap) && progress)
                fprintf(stderr, "\rtvae-conform: %u/%u vectors, %u failed ", n, total, failed);
        }
    }
    if ((opt.quiet || opt.tap) && progress)
        fputc('\n', stderr);
    if (link_up || link_.pid > 0)
        stream_close(&link_);
    if (!opt.tap && !opt.quiet && counted > 0)
        printf("mean %s per passed vector: %.0f over %u vectors\n",
               unit == TVAE_UNIT_CYCLES ? "cycles" : "instructions",
               (double)sum_count / counted, counted);
    if (opt.table && !opt.tap)
        print_table(unit);
    if (skipped)
        printf("%s%u skipped (model not on the target)\n", opt.tap ? "# " : "", skipped);
    if (!opt.tap && !opt.quiet)
        printf("time: %.2f s for %u vectors\n", (double)(stream_now_ms() - t0) / 1000.0, n);
    printf("%s%u passed, %u failed\n", opt.tap ? "# " : "", passed, failed);
    junit_write(passed, failed, skipped);
    return failed == 0 && passed > 0 ? 0 : 1;
}
