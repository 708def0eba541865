/* uart.h -- the one UART each Cortex-M board provides (uart-*.c). */
#ifndef TVAE_UART_H
#define TVAE_UART_H
#include <stdint.h>
void tvae_uart_init(void);
void tvae_uart_putc(uint8_t c);
uint8_t tvae_uart_getc(void);
void tvae_uart_flush(void);
#endif
