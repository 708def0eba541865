/*
 * uart-nrf51.c -- the nRF51822 UART0 of QEMU's micro:bit (-M microbit),
 * polled.  QEMU sends TXD at once and raises EVENTS_TXDRDY; received
 * bytes wait in a 6-byte FIFO read through RXD.
 */
#include "uart.h"

#define UART0 0x40002000UL
#define REG(off) (*(volatile uint32_t *)(UART0 + (off)))
#define TASKS_STARTRX  REG(0x000u)
#define TASKS_STARTTX  REG(0x008u)
#define EVENTS_RXDRDY  REG(0x108u)
#define EVENTS_TXDRDY  REG(0x11Cu)
#define ENABLE         REG(0x500u)
#define RXD            REG(0x518u)
#define TXD            REG(0x51Cu)
#define BAUDRATE       REG(0x524u)

void tvae_uart_init(void)
{
    ENABLE = 4u;
    BAUDRATE = 0x01D7E000UL; /* 115200 (ignored by QEMU) */
    EVENTS_TXDRDY = 0;
    EVENTS_RXDRDY = 0;
    TASKS_STARTTX = 1u;
    TASKS_STARTRX = 1u;
}

void tvae_uart_putc(uint8_t c)
{
    EVENTS_TXDRDY = 0;
    TXD = c;
    while (EVENTS_TXDRDY == 0u)
        ;
}

uint8_t tvae_uart_getc(void)
{
    while (EVENTS_RXDRDY == 0u)
        ;
    EVENTS_RXDRDY = 0;
    return (uint8_t)RXD;
}

void tvae_uart_flush(void)
{
}
