/*
 * board.h -- what the tvae firmware needs from a board: byte I/O, an
 * instruction counter, the stack high-water mark and a way to stop the
 * emulator with an exit status.  Implemented once per target
 * (ports/riscv/board.c, ports/arm/board-cortexm.c), except for the stack
 * and text functions, which ports/common/board-common.c has for all of them.
 */
#ifndef TVAE_BOARD_H
#define TVAE_BOARD_H

#include <stddef.h>
#include <stdint.h>

/* Exit status of a firmware that took a fault or trap. */
#define TVAE_BOARD_FAULT_STATUS 99

/* Set up the UART (and the counter, where it needs it). */
void tvae_board_init(void);

/* Blocking byte I/O on the protocol UART. */
void tvae_board_putc(uint8_t c);
uint8_t tvae_board_getc(void);

/* Retired instructions since reset.  Under QEMU with -icount shift=0 the
 * virtual clock advances one nanosecond per instruction; this reads that
 * clock.  It counts instructions, not cycles of the real part. */
uint64_t tvae_board_count(void);

/* Ticks of tvae_board_count() per counted unit, for targets whose counter
 * is coarser than one instruction (see the port's README). */
uint32_t tvae_board_count_resolution(void);

/* Bytes of stack ever used: the start code painted the free RAM, this
 * scans for the deepest overwritten word. */
size_t tvae_board_stack_peak(void);

/* Nonzero when the stack has reached the end of .bss: the firmware used
 * every byte of RAM and may have overwritten its own data, so its results
 * say nothing about the real part.  (The emulators have RAM beyond the
 * part's, so an overflow does not crash there; this catches it.) */
int tvae_board_stack_overflowed(void);

/* Exit status of a firmware whose stack overflowed. */
#define TVAE_BOARD_STACK_STATUS 98

/* Paint the free stack below the caller's frame again, so that the next
 * tvae_board_stack_peak() measures only what runs after this call. */
void tvae_board_stack_repaint(void);

/* Bytes of RAM taken by .data + .bss. */
size_t tvae_board_static_ram(void);

/* Stop: semihosting exit with this status (never returns). */
void tvae_board_exit(int status);

/* Debug text on the UART. */
void tvae_board_puts(const char *s);
void tvae_board_puthex(uint32_t v);
void tvae_board_putdec(uint32_t v);

#endif
