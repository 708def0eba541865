/*
 * board-common.c -- the board functions that do not depend on the
 * architecture: stack high-water mark and text output.  Linked into every
 * RV32EC and Cortex-M firmware beside the architecture's own file
 * (ports/riscv/board.c, ports/arm/board-cortexm.c), which supplies the
 * UART, the counter and the exit.
 *
 * Stack: the start code (start.S) paints every word from the end of .bss
 * to the top of the stack with STACK_PAINT before main; the deepest word
 * no longer holding it is the high-water mark.  The linker script names
 * the three symbols below.
 */
#include "board.h"

#define STACK_PAINT 0xA5A5A5A5UL

extern uint32_t __bss_end[], __stack_top[], __ram_start[];

size_t tvae_board_stack_peak(void)
{
    const uint32_t *p = __bss_end;

    while (p < __stack_top && *p == STACK_PAINT)
        p++;
    return (size_t)((const uint8_t *)__stack_top - (const uint8_t *)p);
}

int tvae_board_stack_overflowed(void)
{
    return __bss_end[0] != STACK_PAINT;
}

void tvae_board_stack_repaint(void)
{
    uint32_t *p = __bss_end;
    /* stop 64 bytes below this frame, leaving room for what the compiler
     * may keep below it */
    uintptr_t limit = (uintptr_t)__builtin_frame_address(0) - 64u;

    while ((uintptr_t)p < limit)
        *p++ = STACK_PAINT;
}

size_t tvae_board_static_ram(void)
{
    return (size_t)((const uint8_t *)__bss_end - (const uint8_t *)__ram_start);
}

void tvae_board_puts(const char *s)
{
    while (*s != '\0')
        tvae_board_putc((uint8_t)*s++);
}

void tvae_board_puthex(uint32_t v)
{
    unsigned i;

    for (i = 0; i < 8u; i++) {
        unsigned d = (unsigned)(v >> 28);
        tvae_board_putc((uint8_t)(d < 10u ? '0' + d : 'a' + d - 10u));
        v <<= 4;
    }
}

void tvae_board_putdec(uint32_t v)
{
    char buf[11];
    unsigned n = 0;

    do {
        buf[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u);
    while (n > 0u)
        tvae_board_putc((uint8_t)buf[--n]);
}
