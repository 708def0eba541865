/*
 * modelgen.c -- tvae model file writer and synthetic model generator.
 * See modelgen.h for the contract; spec section numbers refer to
 * spec/tvae-spec.md.
 */
#include "modelgen.h"

#include <stdlib.h>
#include <string.h>

#include "tvae.h"

/* ---------------------------------------------------------------- */
/* writer (spec 4)                                                    */
/* ---------------------------------------------------------------- */

static void put_u8(uint8_t *p, unsigned v) { p[0] = (uint8_t)(v & 0xFFu); }

static void put_u16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
    p[2] = (uint8_t)((v >> 16) & 0xFFu);
    p[3] = (uint8_t)((v >> 24) & 0xFFu);
}

static uint32_t align4(uint32_t x) { return (x + 3u) & ~(uint32_t)3u; }

/* Shape fields as they will be stored (8-bit). */
typedef struct shape8 {
    uint32_t kind, in_c, out_c, in_h, in_w, out_h, out_w;
} shape8;

static shape8 stored_shape(const tvae_gen_layer *l)
{
    shape8 s;
    s.kind = l->kind & 0xFFu;
    s.in_c = l->in_c & 0xFFu;
    s.out_c = l->out_c & 0xFFu;
    s.in_h = l->in_h & 0xFFu;
    s.in_w = l->in_w & 0xFFu;
    s.out_h = l->out_h & 0xFFu;
    s.out_w = l->out_w & 0xFFu;
    return s;
}

static uint32_t n_bias(const shape8 *s)
{
    return s->kind == TVAE_LAYER_DENSE ? 6u * s->out_h * s->out_w * s->out_c
                                       : s->out_c;
}

static uint32_t n_weights(const shape8 *s)
{
    return s->kind == TVAE_LAYER_DENSE ? s->out_h * s->out_w * s->out_c * s->in_c
                                       : s->out_c * 9u * s->in_c;
}

/* spec 4.4 block length */
static uint32_t block_len(const shape8 *s)
{
    return 4u * n_bias(s) + 3u * s->out_c + n_weights(s);
}

size_t tvae_gen_size(const tvae_gen_model *m)
{
    uint32_t size, k;

    if (m == NULL || m->layer_count > TVAE_GEN_MAX_LAYERS)
        return 0;
    size = TVAE_HEADER_SIZE + TVAE_LAYER_DESC_SIZE * (uint32_t)m->layer_count;
    for (k = 0; k < m->layer_count; k++) {
        shape8 s = stored_shape(&m->layers[k]);
        size = align4(size + block_len(&s));
    }
    return size;
}

void tvae_gen_fix_crc(uint8_t *blob, size_t size)
{
    if (blob == NULL || size < 16u)
        return;
    put_u32(blob + 12, tvae_crc32(blob + 16, size - 16u));
}

size_t tvae_gen_write(const tvae_gen_model *m, uint8_t *out, size_t cap)
{
    size_t size = tvae_gen_size(m);
    uint32_t off, k, i;

    if (size == 0 || out == NULL || cap < size)
        return 0;
    memset(out, 0, size);
    out[0] = 'T';
    out[1] = 'V';
    out[2] = 'A';
    out[3] = 'E';
    put_u8(out + 4, TVAE_VERSION_MAJOR);
    put_u8(out + 5, TVAE_VERSION_MINOR);
    put_u32(out + 8, (uint32_t)size);
    put_u8(out + 16, m->latent_len);
    put_u8(out + 17, m->layer_count);
    put_u8(out + 18, m->latent_frac);
    put_u8(out + 19, m->roll_kind);
    put_u16(out + 20, m->roll_mult);
    put_u8(out + 22, m->roll_shift);

    off = TVAE_HEADER_SIZE + TVAE_LAYER_DESC_SIZE * (uint32_t)m->layer_count;
    for (k = 0; k < m->layer_count; k++) {
        const tvae_gen_layer *l = &m->layers[k];
        shape8 s = stored_shape(l);
        uint8_t *d = out + TVAE_HEADER_SIZE + TVAE_LAYER_DESC_SIZE * k;
        uint8_t *p = out + off;
        uint32_t nb = n_bias(&s), nw = n_weights(&s), len = block_len(&s);

        put_u8(d + 0, s.kind);
        put_u8(d + 2, s.in_c);
        put_u8(d + 3, s.out_c);
        put_u8(d + 4, s.in_h);
        put_u8(d + 5, s.in_w);
        put_u8(d + 6, s.out_h);
        put_u8(d + 7, s.out_w);
        put_u32(d + 8, off);
        put_u32(d + 12, len);

        for (i = 0; i < nb; i++, p += 4)
            put_u32(p, l->bias != NULL ? (uint32_t)l->bias[i] : 0u);
        for (i = 0; i < s.out_c; i++, p += 2)
            put_u16(p, l->mult != NULL ? l->mult[i] : 0u);
        for (i = 0; i < s.out_c; i++, p++)
            put_u8(p, l->shift != NULL ? l->shift[i] : 0u);
        for (i = 0; i < nw; i++, p++)
            put_u8(p, l->weights != NULL ? (uint8_t)l->weights[i] : 0u);
        off = align4(off + len); /* padding stays 0 from the memset */
    }
    tvae_gen_fix_crc(out, size);
    return size;
}

/* ---------------------------------------------------------------- */
/* synthetic models                                                   */
/* ---------------------------------------------------------------- */

#define SYNTH_SAMPLES 8       /* calibration inputs: tvae_roll seeds 1..8   */
#define SYNTH_GRID    640     /* scale grid t = 0..639 (S = 40 - t/16)      */
#define SYNTH_SAT_DIV 8       /* at most 1/8 of a channel's nonzero outputs at 255 */
#define SYNTH_MAX_ACT (64u * 16u * 16u) /* largest hidden tensor (bytes)    */

static uint16_t grid_mult(unsigned t) { return (uint16_t)(32768u + 2048u * (t % 16u)); }
static uint8_t grid_shift(unsigned t) { return (uint8_t)(40u - t / 16u); }

static unsigned isqrt(unsigned x)
{
    unsigned r = 0;
    while ((r + 1u) * (r + 1u) <= x)
        r++;
    return r;
}

/* uniform in [-r, r] for 0 <= r <= 2^30 */
static int32_t draw_range(uint32_t *st, uint32_t r)
{
    uint32_t span = 2u * r + 1u;
    uint32_t u = tvae_roll_next(st) % span;
    return (int32_t)u - (int32_t)r;
}

static void synth_shapes(const tvae_synth_config *c, tvae_gen_model *m);

static int config_ok(const tvae_synth_config *c)
{
    return c != NULL
        && c->latent_len >= 1u && c->latent_len <= TVAE_MAX_LATENT
        && c->d1 >= 1u && c->d1 <= TVAE_MAX_CHANNELS
        && c->d2 >= 1u && c->d2 <= TVAE_MAX_CHANNELS
        && c->d3 >= 1u && c->d3 <= TVAE_MAX_CHANNELS
        && c->d4 >= 1u && c->d4 <= TVAE_MAX_CHANNELS
        && c->extra <= TVAE_MAX_EXTRA
        && c->weight_mode >= 0 && c->weight_mode <= 3
        && c->bias_mode >= 0 && c->bias_mode <= 3
        && c->scale_mode >= 0 && c->scale_mode <= 3;
}

void tvae_gen_family(tvae_gen_model *m, unsigned latent_len, unsigned d1,
                     unsigned d2, unsigned d3, unsigned d4, unsigned extra)
{
    tvae_synth_config c;

    memset(&c, 0, sizeof c);
    c.latent_len = latent_len;
    c.d1 = d1;
    c.d2 = d2;
    c.d3 = d3;
    c.d4 = d4;
    c.extra = extra > TVAE_MAX_EXTRA ? TVAE_MAX_EXTRA : extra;
    synth_shapes(&c, m);
}

/* Shapes of spec 2 into m (arrays left NULL). */
static void synth_shapes(const tvae_synth_config *c, tvae_gen_model *m)
{
    unsigned n = 5u + c->extra, k;

    memset(m, 0, sizeof *m);
    m->latent_len = c->latent_len;
    m->layer_count = n;
    m->latent_frac = 7;
    m->roll_kind = TVAE_ROLL_UNIFORM;
    m->roll_mult = 2;
    m->roll_shift = 1;
    for (k = 0; k < n; k++) {
        tvae_gen_layer *l = &m->layers[k];
        if (k == 0) {
            l->kind = TVAE_LAYER_DENSE;
            l->in_c = c->latent_len; l->in_h = 1; l->in_w = 1;
            l->out_c = c->d4; l->out_h = 4; l->out_w = 4;
        } else if (k == 1) {
            l->kind = TVAE_LAYER_CONVT_S2;
            l->in_c = c->d4; l->in_h = 4; l->in_w = 4;
            l->out_c = c->d3; l->out_h = 8; l->out_w = 8;
        } else if (k == 2) {
            l->kind = TVAE_LAYER_CONVT_S2;
            l->in_c = c->d3; l->in_h = 8; l->in_w = 8;
            l->out_c = c->d2; l->out_h = 16; l->out_w = 16;
        } else if (k == 3) {
            l->kind = TVAE_LAYER_CONVT_S1;
            l->in_c = c->d2; l->in_h = 16; l->in_w = 16;
            l->out_c = c->d1; l->out_h = 16; l->out_w = 16;
        } else if (k + 1u < n) {
            l->kind = TVAE_LAYER_CONV;
            l->in_c = c->d1; l->in_h = 16; l->in_w = 16;
            l->out_c = c->d1; l->out_h = 16; l->out_w = 16;
        } else {
            l->kind = TVAE_LAYER_CONVT_S2;
            l->in_c = c->d1; l->in_h = 16; l->in_w = 16;
            l->out_c = 1; l->out_h = 32; l->out_w = 32;
        }
    }
}

size_t tvae_synth_size(const tvae_synth_config *c)
{
    tvae_gen_model m;
    tvae_synth_config d;

    if (c == NULL)
        return 0;
    d = *c;
    d.weight_mode = d.bias_mode = d.scale_mode = 0;
    if (!config_ok(&d))
        return 0;
    synth_shapes(&d, &m);
    return tvae_gen_size(&m);
}

/* Run layer k of the (not yet validated) blob on one input. */
static void run_layer(const tvae_layer *l, const int8_t *latent, unsigned pips,
                      const uint8_t *in, uint8_t *out)
{
    if (l->kind == TVAE_LAYER_DENSE)
        tvae_dense(l, latent, pips, out);
    else if (l->kind == TVAE_LAYER_CONV)
        tvae_conv(l, in, out);
    else
        tvae_convt(l, in, out);
}

/* Writable pointer into blob at the place a const view points to. */
static uint8_t *at(uint8_t *blob, const uint8_t *view)
{
    return blob + (view - (const uint8_t *)blob);
}

int tvae_synth(const tvae_synth_config *c, uint8_t *out, size_t cap, size_t *size)
{
    tvae_gen_model m;
    int32_t *bias[TVAE_GEN_MAX_LAYERS] = {0};
    int8_t *weights[TVAE_GEN_MAX_LAYERS] = {0};
    uint16_t mult[TVAE_MAX_CHANNELS];
    uint8_t shift[TVAE_MAX_CHANNELS];
    uint8_t *act[2] = {NULL, NULL};
    int8_t latent[SYNTH_SAMPLES][TVAE_MAX_LATENT];
    unsigned pips[SYNTH_SAMPLES];
    size_t need;
    uint32_t st;
    unsigned k, i, n;
    int rc = TVAE_OK;
    tvae_model view;

    if (size == NULL || !config_ok(c))
        return TVAE_E_ARGUMENT;
    synth_shapes(c, &m);
    need = tvae_gen_size(&m);
    *size = need;
    if (out == NULL || cap < need)
        return TVAE_E_ARGUMENT;
    n = m.layer_count;

    st = (uint32_t)((c->seed * 0x9E3779B9UL + 0x7F4A7C15UL) & 0xFFFFFFFFUL);
    if (st == 0)
        st = 1;

    /* Draw every bias and weight, layer by layer, in file order. */
    for (i = 0; i < TVAE_MAX_CHANNELS; i++) {
        mult[i] = grid_mult(0);
        shift[i] = grid_shift(0);
    }
    for (k = 0; k < n; k++) {
        tvae_gen_layer *l = &m.layers[k];
        uint32_t nb = l->kind == TVAE_LAYER_DENSE ? 6u * 16u * l->out_c : l->out_c;
        uint32_t nw = l->kind == TVAE_LAYER_DENSE ? 16u * l->out_c * l->in_c
                                                  : 9u * l->out_c * l->in_c;
        uint32_t fan = l->kind == TVAE_LAYER_DENSE ? l->in_c : 9u * l->in_c;
        uint32_t r = 4672u * isqrt(fan);

        bias[k] = malloc(nb * sizeof(int32_t));
        weights[k] = malloc(nw);
        if (bias[k] == NULL || weights[k] == NULL) {
            rc = TVAE_E_ARGUMENT;
            goto done;
        }
        for (i = 0; i < nb; i++) {
            switch (c->bias_mode) {
            case 1: bias[k][i] = TVAE_BIAS_LIMIT; break;
            case 2: bias[k][i] = -TVAE_BIAS_LIMIT; break;
            case 3: bias[k][i] = draw_range(&st, (uint32_t)TVAE_BIAS_LIMIT); break;
            default: bias[k][i] = draw_range(&st, r); break;
            }
        }
        for (i = 0; i < nw; i++) {
            switch (c->weight_mode) {
            case 1: weights[k][i] = 127; break;
            case 2: weights[k][i] = -127; break;
            case 3: weights[k][i] = (int8_t)(i % 2u == 0u ? 127 : -127); break;
            default:
                weights[k][i] = (int8_t)((int32_t)(tvae_roll_next(&st) % 255u) - 127);
                break;
            }
        }
        l->bias = bias[k];
        l->weights = weights[k];
        l->mult = mult;
        l->shift = shift;
    }
    if (tvae_gen_write(&m, out, cap) != need) {
        rc = TVAE_E_ARGUMENT;
        goto done;
    }

    /* Calibrate M/S layer by layer on rolled inputs (the model is not yet
     * valid as a whole, but every layer view and kernel only needs the
     * shapes and offsets, which are final). */
    view.blob = out;
    view.size = (uint32_t)need;
    for (i = 0; i < SYNTH_SAMPLES; i++)
        (void)tvae_roll(&view, (uint32_t)i + 1u, &pips[i], latent[i]);
    act[0] = malloc((size_t)SYNTH_SAMPLES * SYNTH_MAX_ACT);
    act[1] = malloc((size_t)SYNTH_SAMPLES * SYNTH_MAX_ACT);
    if (act[0] == NULL || act[1] == NULL) {
        rc = TVAE_E_ARGUMENT;
        goto done;
    }
    for (k = 0; k < n; k++) {
        tvae_layer l;
        uint8_t *mp, *sp;
        unsigned lo[TVAE_MAX_CHANNELS], hi[TVAE_MAX_CHANNELS];
        unsigned long sat[TVAE_MAX_CHANNELS], pos[TVAE_MAX_CHANNELS];
        size_t count;
        unsigned co, s, step;
        const uint8_t *in = act[(k + 1u) % 2u];
        uint8_t *o = act[k % 2u];

        tvae_model_layer(&view, k, &l);
        mp = at(out, l.mult);
        sp = at(out, l.shift);
        count = (size_t)l.out_c * l.out_h * l.out_w;

        if (c->scale_mode == 1 || c->scale_mode == 2) {
            for (co = 0; co < l.out_c; co++) {
                unsigned mm = c->scale_mode == 1 ? co % 2u : 65535u;
                unsigned ss = c->scale_mode == 1 ? 1u : 40u;
                mp[2u * co] = (uint8_t)(mm & 0xFFu);
                mp[2u * co + 1u] = (uint8_t)(mm >> 8);
                sp[co] = (uint8_t)ss;
            }
        } else {
            /* binary search, per channel, for the largest grid t whose
             * saturation count stays within 1/SYNTH_SAT_DIV of its nonzero
             * outputs */
            for (co = 0; co < l.out_c; co++) {
                lo[co] = 0;
                hi[co] = SYNTH_GRID - 1u;
            }
            for (step = 0; step < 11u; step++) {
                for (co = 0; co < l.out_c; co++) {
                    unsigned t = (lo[co] + hi[co] + 1u) / 2u;
                    mp[2u * co] = (uint8_t)(grid_mult(t) & 0xFFu);
                    mp[2u * co + 1u] = (uint8_t)(grid_mult(t) >> 8);
                    sp[co] = grid_shift(t);
                    sat[co] = 0;
                    pos[co] = 0;
                }
                for (s = 0; s < SYNTH_SAMPLES; s++) {
                    size_t j;
                    run_layer(&l, latent[s], pips[s], in + (size_t)s * SYNTH_MAX_ACT,
                              o + (size_t)s * SYNTH_MAX_ACT);
                    for (j = 0; j < count; j++)
                    {
                        uint8_t v = o[(size_t)s * SYNTH_MAX_ACT + j];
                        if (v == 255u)
                            sat[j % l.out_c]++;
                        if (v != 0u)
                            pos[j % l.out_c]++;
                    }
                }
                for (co = 0; co < l.out_c; co++) {
                    unsigned t = (lo[co] + hi[co] + 1u) / 2u;
                    if (sat[co] * SYNTH_SAT_DIV <= pos[co])
                        lo[co] = t;
                    else
                        hi[co] = t - 1u;
                }
            }
            for (co = 0; co < l.out_c; co++) {
                unsigned t = lo[co];
                unsigned long mm = grid_mult(t);
                unsigned ss = grid_shift(t);
                if (c->scale_mode == 3) {
                    unsigned s_new = 1u + co % 3u;
                    /* round(M * 2^(s_new - S)), S >= 1 so s_new - S <= 2 */
                    if (s_new >= ss)
                        mm <<= (s_new - ss);
                    else if (ss - s_new >= 24u)
                        mm = 0;
                    else
                        mm = (mm + (1ul << (ss - s_new - 1u))) >> (ss - s_new);
                    if (mm < 1u)
                        mm = 1u;
                    if (mm > 65535u)
                        mm = 65535u;
                    ss = s_new;
                }
                mp[2u * co] = (uint8_t)(mm & 0xFFu);
                mp[2u * co + 1u] = (uint8_t)(mm >> 8);
                sp[co] = (uint8_t)ss;
            }
        }
        /* final outputs of this layer feed the next one */
        for (s = 0; s < SYNTH_SAMPLES; s++)
            run_layer(&l, latent[s], pips[s], in + (size_t)s * SYNTH_MAX_ACT,
                      o + (size_t)s * SYNTH_MAX_ACT);
    }
    tvae_gen_fix_crc(out, need);
    {
        tvae_model check;
        rc = tvae_model_validate(&check, out, need);
    }

done:
    for (k = 0; k < TVAE_GEN_MAX_LAYERS; k++) {
        free(bias[k]);
        free(weights[k]);
    }
    free(act[0]);
    free(act[1]);
    return rc;
}
