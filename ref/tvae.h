/*
 * tvae.h -- the tvae reference decoder (tvae specification 1.0).
 *
 * tvae turns a small int8 latent vector plus a pip count (1..6) into a
 * 32x32 greyscale picture of a die, with an integer arithmetic that is
 * written down exactly in spec/tvae-spec.md.  This header and ref/tvae.c
 * are that arithmetic in code: pure ISO C99, no floating point, no
 * allocation, no I/O, no global mutable state, correct with 16-bit int.
 *
 * Section numbers in comments ("spec 5.2") refer to spec/tvae-spec.md.
 */
#ifndef TVAE_H
#define TVAE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TVAE_VERSION_MAJOR 1
#define TVAE_VERSION_MINOR 0

/* spec 3: fixed sizes */
#define TVAE_IMAGE_SIDE   32
#define TVAE_PIXELS       1024 /* TVAE_IMAGE_SIDE * TVAE_IMAGE_SIDE */
#define TVAE_PIPS         6    /* one-hot width, pips are 1..6 */
#define TVAE_HEADER_SIZE  32
#define TVAE_LAYER_DESC_SIZE 16

/* spec 7: limits */
#define TVAE_MAX_LATENT      16
#define TVAE_MAX_CHANNELS    64
#define TVAE_MAX_EXTRA       3  /* extra Conv 3x3 layers */
#define TVAE_MIN_LAYERS      5
#define TVAE_MAX_LAYERS      8
#define TVAE_MAX_SHIFT       40
#define TVAE_MAX_LATENT_FRAC 7
#define TVAE_BIAS_LIMIT      1073741824L /* |bias| <= 2^30 */
#define TVAE_MAX_SCRATCH     32768u      /* largest tvae_scratch_size() */

/* spec 4.3: layer kinds */
enum tvae_layer_kind {
    TVAE_LAYER_DENSE    = 1, /* z ++ one-hot -> out_c x 4 x 4          */
    TVAE_LAYER_CONVT_S2 = 2, /* ConvTranspose 3x3, stride 2, pad 1, output pad 1 */
    TVAE_LAYER_CONVT_S1 = 3, /* ConvTranspose 3x3, stride 1, pad 1     */
    TVAE_LAYER_CONV     = 4  /* Conv 3x3, stride 1, pad 1              */
};

/* spec 6.4: roll profile latent distributions */
enum tvae_roll_kind {
    TVAE_ROLL_UNIFORM = 0,
    TVAE_ROLL_BELL    = 1
};

/* spec 8: status codes.  0 is success, every error is negative and distinct. */
enum tvae_status {
    TVAE_OK                 =   0,
    TVAE_E_ARGUMENT         =  -1, /* NULL pointer or size argument out of range  */
    TVAE_E_TRUNCATED        =  -2, /* blob shorter than header + layer table        */
    TVAE_E_MAGIC            =  -3, /* first 4 bytes are not "TVAE"                   */
    TVAE_E_VERSION          =  -4, /* format major version is not 1                 */
    TVAE_E_FILE_SIZE        =  -5, /* file_size field != blob size, or not 4-aligned */
    TVAE_E_CRC              =  -6, /* CRC-32 mismatch                                */
    TVAE_E_RESERVED         =  -7, /* a reserved field or padding byte is not zero   */
    TVAE_E_LATENT_LEN       =  -8, /* L outside 1..16                                */
    TVAE_E_LAYER_COUNT      =  -9, /* layer count outside 5..8                       */
    TVAE_E_LATENT_FRAC      = -10, /* latent_frac outside 0..7                       */
    TVAE_E_ROLL             = -11, /* roll kind or roll shift out of range           */
    TVAE_E_LAYER_KIND       = -12, /* layer kind not allowed at that position        */
    TVAE_E_CHANNELS         = -13, /* channel count out of range                     */
    TVAE_E_SHAPE            = -14, /* spatial size breaks the operator or the family */
    TVAE_E_CHAIN            = -15, /* layer input != previous layer output           */
    TVAE_E_OFFSET           = -16, /* parameter block offset not the canonical one   */
    TVAE_E_PARAM_SIZE       = -17, /* parameter block length wrong, or past the end  */
    TVAE_E_WEIGHT           = -18, /* a weight is -128                               */
    TVAE_E_BIAS             = -19, /* a bias is outside [-2^30, 2^30]                */
    TVAE_E_SHIFT            = -20, /* a requantization shift outside 1..40           */
    TVAE_E_PIPS             = -21, /* pip count outside 1..6                         */
    TVAE_E_SCRATCH          = -22  /* scratch buffer smaller than tvae_scratch_size  */
};

/*
 * A validated model.  It holds no copy of anything: only where the blob is.
 * The blob must stay in place (RAM or flash) while the model is used.
 * Fill it with tvae_model_validate(); every other function trusts it.
 */
typedef struct tvae_model {
    const uint8_t *blob;
    uint32_t size;
} tvae_model;

/*
 * A view of one layer (spec 4.3, 4.4): shapes and where its parameters sit
 * inside the blob.  Parameters stay little-endian bytes; read them through
 * the tvae_rd_* accessors.
 */
typedef struct tvae_layer {
    unsigned kind;
    unsigned in_c, in_h, in_w;
    unsigned out_c, out_h, out_w;
    const uint8_t *bias;    /* int32 LE; out_c of them, DENSE: 6 x out_h x out_w x out_c */
    const uint8_t *mult;    /* uint16 LE, one per output channel                        */
    const uint8_t *shift;   /* uint8, one per output channel                             */
    const uint8_t *weights; /* int8; CONV*: [out_c][3][3][in_c], DENSE: [N][L]           */
} tvae_layer;

/*
 * Called after each layer with the layer's output tensor, HWC, uint8.
 * layer_index counts from 0; the last call carries the 32x32 image.
 */
typedef void (*tvae_layer_fn)(void *ctx, unsigned layer_index,
                              const tvae_layer *layer, const uint8_t *act);

/* spec 4: check a blob and fill *model.  Reads every byte; never writes the blob. */
int tvae_model_validate(tvae_model *model, const uint8_t *blob, size_t size);

/* spec 4.3: header fields and layer views of a validated model. */
unsigned tvae_model_latent_len(const tvae_model *model);
unsigned tvae_model_layer_count(const tvae_model *model);
unsigned tvae_model_latent_frac(const tvae_model *model);
unsigned tvae_model_roll_kind(const tvae_model *model);  /* enum tvae_roll_kind */
unsigned tvae_model_roll_mult(const tvae_model *model);  /* 0..65535 */
unsigned tvae_model_roll_shift(const tvae_model *model);
uint32_t tvae_model_crc(const tvae_model *model);        /* the header's CRC-32 */
void tvae_model_layer(const tvae_model *model, unsigned index, tvae_layer *layer);

/* spec 5.6: bytes of scratch tvae_decode() needs for this model. */
size_t tvae_scratch_size(const tvae_model *model);

/*
 * spec 5: decode one image.  latent holds tvae_model_latent_len() values,
 * pips is 1..6, pixels receives 32x32 bytes row-major (0 black, 255 white).
 * on_layer may be NULL.  Returns TVAE_OK or a negative status; on error
 * pixels is left untouched.
 */
int tvae_decode(const tvae_model *model, const int8_t *latent, unsigned pips,
                void *scratch, size_t scratch_size,
                uint8_t pixels[TVAE_PIXELS],
                tvae_layer_fn on_layer, void *ctx);

/* spec 6: the roll profile: seed -> (pips, latent). */
int tvae_roll(const tvae_model *model, uint32_t seed,
              unsigned *pips, int8_t *latent);
uint32_t tvae_roll_next(uint32_t *state); /* spec 6.1 xorshift32 step */

/* spec 5.1: the one requantization rule. */
int32_t tvae_requantize(int32_t acc, uint16_t mult, unsigned shift,
                        int32_t lo, int32_t hi);

/* spec 5.2-5.5: the operators, layer by layer (out must not alias in). */
void tvae_dense(const tvae_layer *layer, const int8_t *latent, unsigned pips,
                uint8_t *out);
void tvae_convt(const tvae_layer *layer, const uint8_t *in, uint8_t *out);
void tvae_conv(const tvae_layer *layer, const uint8_t *in, uint8_t *out);

/* spec 9.2: order-independent layer hash. */
uint32_t tvae_hash_element(uint32_t index, uint8_t value);
uint32_t tvae_layer_hash(const uint8_t *act, uint32_t count);

/* spec 4.1: CRC-32 (IEEE 802.3, reflected 0xEDB88320). */
uint32_t tvae_crc32(const uint8_t *data, size_t size);

/* Little-endian readers used for every parameter access (spec 4.1). */
int32_t tvae_rd_i32(const uint8_t *p);
uint16_t tvae_rd_u16(const uint8_t *p);
int tvae_rd_i8(const uint8_t *p);

/* A short English description of a status code. */
const char *tvae_strerror(int status);

#ifdef __cplusplus
}
#endif
#endif /* TVAE_H */
