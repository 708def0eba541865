/*
 * board.c -- QEMU virt board glue for the tvae RV32EC firmware.
 *
 * UART: the virt machine's NS16550A at 0x10000000 (run with -serial stdio
 * so it is the emulator's stdin/stdout).  Counter: the mcycle/minstret
 * CSRs, which QEMU derives from its virtual clock; with -icount shift=0
 * that clock advances exactly one per retired instruction.  Exit:
 * RISC-V semihosting SYS_EXIT_EXTENDED, so the emulator's exit status is
 * the firmware's.  Stack painting and text output: ports/common/board-common.c.
 */
#include "board.h"

#define UART_BASE 0x10000000UL
#define UART_RBR (*(volatile uint8_t *)(UART_BASE + 0u))
#define UART_THR (*(volatile uint8_t *)(UART_BASE + 0u))
#define UART_IER (*(volatile uint8_t *)(UART_BASE + 1u))
#define UART_LCR (*(volatile uint8_t *)(UART_BASE + 3u))
#define UART_LSR (*(volatile uint8_t *)(UART_BASE + 5u))
#define LSR_DR   0x01u
#define LSR_THRE 0x20u

void tvae_board_init(void)
{
    UART_IER = 0;       /* polled */
    UART_LCR = 0x03u;   /* 8N1 */
    /* FCR is left alone: QEMU clears the receive FIFO whenever the FIFO
     * enable bit changes, which would drop bytes the host sent before the
     * firmware got here.  Without the FIFO, QEMU holds back further input
     * until the byte in RBR has been read, so nothing is lost. */
}

void tvae_board_putc(uint8_t c)
{
    while ((UART_LSR & LSR_THRE) == 0u)
        ;
    UART_THR = c;
}

uint8_t tvae_board_getc(void)
{
    while ((UART_LSR & LSR_DR) == 0u)
        ;
    return UART_RBR;
}

uint64_t tvae_board_count(void)
{
    uint32_t hi, lo, hi2;

    /* -march=rv32ec names no Zicsr (binutils >= 2.38 split it out), but
     * every RISC-V core with machine mode has it; enable it here only, so
     * the C code still links against the rv32e multilib. */
    do {
        __asm__ volatile (".option push\n.option arch, +zicsr\n"
                          "csrr %0, minstreth\n"
                          "csrr %1, minstret\n"
                          "csrr %2, minstreth\n"
                          ".option pop"
                          : "=r"(hi), "=r"(lo), "=r"(hi2));
    } while (hi != hi2);
    return ((uint64_t)hi << 32) | lo;
}

uint32_t tvae_board_count_resolution(void)
{
    return 1u;
}

/* RISC-V semihosting call (start.S): a0 = operation, a1 = parameter. */
long tvae_semihost(long op, void *arg);

#define SYS_EXIT_EXTENDED 0x20
#define ADP_Stopped_ApplicationExit 0x20026UL

void tvae_board_exit(int status)
{
    uint32_t block[2];

    block[0] = ADP_Stopped_ApplicationExit;
    block[1] = (uint32_t)status;
    /* wait until the UART has sent everything */
    while ((UART_LSR & 0x40u) == 0u)
        ;
    (void)tvae_semihost(SYS_EXIT_EXTENDED, block);
    for (;;)
        ;
}
