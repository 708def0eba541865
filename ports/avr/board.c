/*
 * board.c -- UART0, cycle counter, stack painting for the tvae AVR
 * firmwares (ATmega328P, ATmega1284P).  The cycle counter and the exit
 * are the simulator port of ports/avr/simport.h (simavr-run hooks it).
 */
#include <avr/io.h>
#include <stdint.h>

#include "board.h"
#include "simport.h"

#define SIM_REG(a) (*(volatile uint8_t *)(a))

extern uint8_t __heap_start; /* end of .data + .bss + .noinit */
extern uint8_t __data_start;

/*
 * Paint all free RAM (from the end of the static data up to RAMEND) with
 * TVAE_SIM_PAINT before anything runs, so the stack high-water mark can
 * be read off afterwards.  In .init3: the stack pointer is set (.init2)
 * but .data/.bss are not yet initialised, which is fine: they lie below
 * __heap_start.  Naked, no stack use.
 */
void board_paint(void) __attribute__((naked, used, section(".init3")));
void board_paint(void)
{
    __asm__ volatile(
        "    ldi r30, lo8(__heap_start)\n"
        "    ldi r31, hi8(__heap_start)\n"
        "    ldi r24, %0\n"
        "    ldi r25, hi8(%1)\n"
        "1:  st Z+, r24\n"
        "    cpi r30, lo8(%1)\n"
        "    cpc r31, r25\n"
        "    brlo 1b\n"
        "    breq 1b\n"
        :
        : "M"(TVAE_SIM_PAINT), "i"(RAMEND)
        : "r24", "r25", "r30", "r31", "memory");
}

void board_init(void)
{
    uint16_t start = (uint16_t)&__heap_start;

    /* 2 Mbit/s at 16 MHz (U2X, UBRR 0): the simulator models the bit
     * time, so a fast link keeps simulated idle time short. */
    UBRR0H = 0;
    UBRR0L = 0;
    UCSR0A = (uint8_t)(1u << U2X0);
    UCSR0C = (uint8_t)((1u << UCSZ01) | (1u << UCSZ00));
    UCSR0B = (uint8_t)((1u << RXEN0) | (1u << TXEN0));
    SIM_REG(TVAE_SIM_PAINT_LO) = (uint8_t)start;
    SIM_REG(TVAE_SIM_PAINT_HI) = (uint8_t)(start >> 8);
}

int board_getc(void *ctx)
{
    (void)ctx;
    while (!(UCSR0A & (1u << RXC0)))
        SIM_REG(TVAE_SIM_WAIT) = 1;
    return UDR0;
}

void board_putc(void *ctx, uint8_t b)
{
    (void)ctx;
    while (!(UCSR0A & (1u << UDRE0)))
        ;
    UCSR0A = (uint8_t)((1u << U2X0) | (1u << TXC0)); /* clear TXC0 */
    UDR0 = b;
}

void board_puts_P(const char *s)
{
    uint8_t c;
    while ((c = pgm_read_byte(s++)) != 0u)
        board_putc(0, c);
}

void board_put_u32(uint32_t v)
{
    char buf[10];
    unsigned i = sizeof buf;

    do {
        buf[--i] = (char)('0' + (unsigned)(v % 10u));
        v /= 10u;
    } while (v != 0u);
    while (i < sizeof buf)
        board_putc(0, (uint8_t)buf[i++]);
}

void board_put_hex8(uint8_t v)
{
    unsigned hi = v >> 4, lo = v & 15u;
    board_putc(0, (uint8_t)(hi < 10u ? '0' + hi : 'a' - 10u + hi));
    board_putc(0, (uint8_t)(lo < 10u ? '0' + lo : 'a' - 10u + lo));
}

uint32_t board_cycles(void *ctx)
{
    uint32_t c;
    (void)ctx;
    c = SIM_REG(TVAE_SIM_CYCLES0); /* latches */
    c |= (uint32_t)SIM_REG(TVAE_SIM_CYCLES0 + 1u) << 8;
    c |= (uint32_t)SIM_REG(TVAE_SIM_CYCLES0 + 2u) << 16;
    c |= (uint32_t)SIM_REG(TVAE_SIM_CYCLES0 + 3u) << 24;
    return c;
}

unsigned board_stack_high_water(void)
{
    const volatile uint8_t *p = &__heap_start;
    while (p <= (const volatile uint8_t *)RAMEND && *p == TVAE_SIM_PAINT)
        p++;
    return (unsigned)(RAMEND + 1u - (uint16_t)p);
}

unsigned board_static_ram(void)
{
    return (unsigned)((uint16_t)&__heap_start - (uint16_t)&__data_start);
}

void board_exit(uint8_t status)
{
    /* let the last byte leave the shift register first */
    if (UCSR0B & (1u << TXEN0))
        while (!(UCSR0A & (1u << TXC0)))
            ;
    SIM_REG(TVAE_SIM_EXIT) = status;
    for (;;)
        ;
}
