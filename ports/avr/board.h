/*
 * board.h -- what the tvae AVR firmwares need from the chip: UART0, a
 * cycle counter, stack painting and a way to stop (ports/avr/board.c).
 * Models live in program memory, so everything that reads them is
 * compiled with TVAE_READ_BYTE(p) = pgm_read_byte(p) (ports/avr/local.mk
 * passes -include ports/avr/tvae_avr.h).
 */
#ifndef TVAE_AVR_BOARD_H
#define TVAE_AVR_BOARD_H

#include <stdint.h>
#include <avr/pgmspace.h>

void board_init(void);
int board_getc(void *ctx);                 /* blocking; 0..255 */
void board_putc(void *ctx, uint8_t b);
void board_puts_P(const char *s);          /* string in program memory */
#define board_puts(lit) board_puts_P(PSTR(lit)) /* literal kept in flash */
void board_put_u32(uint32_t v);            /* decimal */
void board_put_hex8(uint8_t v);
uint32_t board_cycles(void *ctx);          /* free-running, wraps at 2^32 */
unsigned board_stack_high_water(void);     /* bytes of stack ever used */
unsigned board_static_ram(void);           /* .data + .bss + .noinit bytes */
void board_exit(uint8_t status);           /* stop (simulator) or hang */

#endif
