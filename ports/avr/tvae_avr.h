/*
 * tvae_avr.h -- forced into every AVR compile of ref/tvae.c and
 * ports/common/tvae_stream.c (-include): the models sit in program memory
 * (spec 1.3, 4.6), so model bytes are read with the lpm instruction.
 * Pointers to program memory are 16 bits: every model must lie in the
 * first 64 KB of flash (the linker puts .progmem there first).
 *
 * It also gives tvae_stream.c its AVR multiply-accumulate kernel
 * (TVAE_STREAM_DOT, see tvae_stream.h): per term one lpm Z+ (weight),
 * one ld X+ (activation), one mulsu (signed x unsigned 8x8 -> 16) and a
 * 24-bit accumulate.  24 bits are enough inside one tap: at most
 * 64 * 127 * 255 = 2,072,640 < 2^23 in magnitude (spec 5.7).  About 13
 * cycles per term (unrolled by 2) instead of the C loop's ~30.  Compile with
 * -DTVAE_AVR_C_DOT to use the portable C kernel instead.
 */
#ifndef TVAE_AVR_H
#define TVAE_AVR_H
#include <stdint.h>
#include <avr/pgmspace.h>
#define TVAE_READ_BYTE(p) pgm_read_byte(p)
#define TVAE_FLASH_TABLE PROGMEM /* constant tables, read with TVAE_READ_BYTE */

#ifndef TVAE_AVR_C_DOT
/* One term: r1:r0 = (int8)w * (uint8)a, added sign-extended into the
 * 24-bit a2:a1:a0 (the high byte takes the carry, minus 1 when the
 * product is negative).  13 cycles per term with the loop unrolled by 2. */
#define TVAE_AVR_TERM                  \
        "lpm  %[wb], Z+          \n\t" \
        "ld   %[ab], X+          \n\t" \
        "mulsu %[wb], %[ab]      \n\t" \
        "add  %[a0], r0          \n\t" \
        "adc  %[a1], r1          \n\t" \
        "adc  %[a2], %[zero]     \n\t" \
        "sbrc r1, 7              \n\t" \
        "dec  %[a2]              \n\t"

static inline int32_t tvae_avr_dot(const uint8_t *w, const uint8_t *a,
                                   unsigned n) __attribute__((unused, always_inline));
static inline int32_t tvae_avr_dot(const uint8_t *w, const uint8_t *a,
                                   unsigned n)
{
    uint8_t a0 = 0, a1 = 0, a2 = 0, zero = 0, wb, ab;
    uint8_t count = (uint8_t)n; /* 1..TVAE_STREAM_DOT_MAX_N */
    int32_t r;

    __asm__ volatile(
        "sbrs %[n], 0            \n\t" /* odd count: one term first */
        "rjmp 2f                 \n\t"
        TVAE_AVR_TERM
        "2:                      \n\t"
        "lsr  %[n]               \n\t" /* pairs left */
        "breq 3f                 \n\t"
        "1:                      \n\t"
        TVAE_AVR_TERM
        TVAE_AVR_TERM
        "dec  %[n]               \n\t"
        "brne 1b                 \n\t"
        "3:                      \n\t"
        "clr  r1                 \n\t"
        : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2),
          [wb] "=&a"(wb), [ab] "=&a"(ab), [n] "+r"(count),
          "+z"(w), "+x"(a)
        : [zero] "r"(zero)
        : "r0", "r1", "cc");
    r = (int32_t)(((uint32_t)a2 << 16) | ((uint32_t)a1 << 8) | a0);
    if (a2 & 0x80u)
        r -= (int32_t)0x1000000L; /* sign of the 24-bit sum */
    return r;
}
#define TVAE_STREAM_DOT(w, a, n) tvae_avr_dot((w), (a), (n))
/* Runs of up to 192 terms: 192 * 127 * 255 = 6,217,920 < 2^23 still fits
 * the 24-bit accumulator, and the count fits its 8-bit register. */
#define TVAE_STREAM_DOT_MAX_N 192u
#endif

/* 16 x 16 -> 32 unsigned with four hardware 8 x 8 multiplies (avr-gcc -Os
 * would call its 32 x 32 routine). */
static inline uint32_t tvae_avr_mul_u16(uint16_t a, uint16_t b)
    __attribute__((unused, always_inline));
static inline uint32_t tvae_avr_mul_u16(uint16_t a, uint16_t b)
{
    uint32_t r;
    __asm__("mul  %A1, %A2 \n\t"
            "movw %A0, r0  \n\t"
            "mul  %B1, %B2 \n\t"
            "movw %C0, r0  \n\t"
            "mul  %A1, %B2 \n\t"
            "add  %B0, r0  \n\t"
            "adc  %C0, r1  \n\t"
            "clr  r1       \n\t" /* keeps the carry */
            "adc  %D0, r1  \n\t"
            "mul  %B1, %A2 \n\t"
            "add  %B0, r0  \n\t"
            "adc  %C0, r1  \n\t"
            "clr  r1       \n\t"
            "adc  %D0, r1  \n\t"
            : "=&r"(r)
            : "r"(a), "r"(b)
            : "r0", "r1", "cc");
    return r;
}
#define TVAE_STREAM_MUL_U16(a, b) tvae_avr_mul_u16((uint16_t)(a), (uint16_t)(b))

#endif
