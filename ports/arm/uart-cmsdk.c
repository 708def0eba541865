/*
 * uart-cmsdk.c -- the CMSDK APB UART0 of QEMU's mps2-an386, polled.
 */
#include "uart.h"

#define UART0 0x40004000UL
#define REG(off) (*(volatile uint32_t *)(UART0 + (off)))
#define DATA    REG(0x00u)
#define STATE   REG(0x04u)
#define CTRL    REG(0x08u)
#define BAUDDIV REG(0x10u)
#define STATE_TX_FULL 0x1u
#define STATE_RX_FULL 0x2u

void tvae_uart_init(void)
{
    BAUDDIV = 16u;  /* the smallest legal divider; QEMU ignores the rate */
    CTRL = 3u;      /* TX and RX enabled, no interrupts */
}

void tvae_uart_putc(uint8_t c)
{
    while ((STATE & STATE_TX_FULL) != 0u)
        ;
    DATA = c;
}

uint8_t tvae_uart_getc(void)
{
    while ((STATE & STATE_RX_FULL) == 0u)
        ;
    return (uint8_t)DATA;
}

void tvae_uart_flush(void)
{
    while ((STATE & STATE_TX_FULL) != 0u)
        ;
}
