/*
 * simport.h -- the tiny "simulator port" shared by the AVR firmware and
 * ports/avr/simavr-run.c.
 *
 * These are data-space addresses the ATmega328P and ATmega1284P leave
 * reserved (nothing is mapped at 0xE0..0xE7 on either part).  Under
 * simavr-run they are hooked:
 *   read  0xE0        latches the simulator's cycle counter and returns
 *                     its bits 0..7; 0xE1..0xE3 return bits 8..31 of the
 *                     latched value (read 0xE0 first);
 *   write 0xE4, 0xE5  the address where the firmware's stack painting
 *                     starts (low byte, then high byte), so the runner can
 *                     measure the stack high-water mark at the end;
 *   write 0xE6        "waiting for a UART byte": the runner flushes its
 *                     output and may block on its input;
 *   write 0xE7        stop the simulation with this exit status.
 * On a real chip the writes go nowhere and the cycle reads return 0; a
 * board build would count with Timer1 instead.
 */
#ifndef TVAE_AVR_SIMPORT_H
#define TVAE_AVR_SIMPORT_H

#define TVAE_SIM_CYCLES0  0xE0u
#define TVAE_SIM_PAINT_LO 0xE4u
#define TVAE_SIM_PAINT_HI 0xE5u
#define TVAE_SIM_WAIT     0xE6u
#define TVAE_SIM_EXIT     0xE7u

/* The byte the firmware paints free RAM with at reset. */
#define TVAE_SIM_PAINT    0xC5u

#endif
