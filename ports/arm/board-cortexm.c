/*
 * board-cortexm.c -- what the Cortex-M0 and M4 boards share: the SysTick
 * instruction counter, the semihosting exit and the fault handler (stack
 * painting and text output: ports/common/board-common.c; UART: uart-*.c).
 *
 * Counter: QEMU runs SysTick from its virtual clock; with -icount shift=0
 * that clock advances one nanosecond per retired instruction, so one
 * SysTick tick at TVAE_SYSTICK_HZ is 10^9 / TVAE_SYSTICK_HZ instructions.
 * The 24-bit SysTick wraps; an interrupt counts the wraps.  The result is
 * instructions, with a resolution of one tick (tvae_board_count_resolution).
 */
#include "board.h"
#include "uart.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010UL)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014UL)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018UL)
#define SYST_RELOAD 0x00FFFFFFUL

static volatile uint32_t systick_wraps;

void SysTick_Handler(void);
void SysTick_Handler(void)
{
    systick_wraps++;
}

void tvae_board_init(void)
{
    tvae_uart_init();
    SYST_RVR = SYST_RELOAD;
    SYST_CVR = 0;
    SYST_CSR = 7u; /* enable, interrupt on wrap, processor clock */
}

void tvae_board_putc(uint8_t c)
{
    tvae_uart_putc(c);
}

uint8_t tvae_board_getc(void)
{
    return tvae_uart_getc();
}

uint64_t tvae_board_count(void)
{
    uint32_t w1, w2, v;
    uint64_t ticks;

    do {
        w1 = systick_wraps;
        v = SYST_CVR;
        w2 = systick_wraps;
    } while (w1 != w2);
    /* A period counts RELOAD .. 0 (RELOAD + 1 ticks); the wrap interrupt
     * comes as the counter reaches 0, and the counter starts at 0 (set
     * in tvae_board_init), so ticks since init are these: */
    ticks = (uint64_t)w1 * (SYST_RELOAD + 1u)
          + ((SYST_RELOAD - v + 1u) & SYST_RELOAD);
    /* instructions = ticks * 10^9 / f, exactly when f divides 2 * 10^9 */
    return ticks * (2000000000UL / TVAE_SYSTICK_HZ) / 2u;
}

uint32_t tvae_board_count_resolution(void)
{
    return (uint32_t)((1000000000UL + TVAE_SYSTICK_HZ - 1u) / TVAE_SYSTICK_HZ);
}

/* start.S: BKPT 0xAB with r0 = operation, r1 = parameter block. */
int tvae_semihost(int op, void *arg);

#define SYS_EXIT_EXTENDED 0x20
#define ADP_Stopped_ApplicationExit 0x20026UL

void tvae_board_exit(int status)
{
    uint32_t block[2];

    tvae_uart_flush();
    block[0] = ADP_Stopped_ApplicationExit;
    block[1] = (uint32_t)status;
    (void)tvae_semihost(SYS_EXIT_EXTENDED, block);
    for (;;)
        ;
}

/* Called from every fault vector (start.S). */
void tvae_board_fault(void);
void tvae_board_fault(void)
{
    tvae_board_puts("\nFAULT\n");
    tvae_board_exit(TVAE_BOARD_FAULT_STATUS);
}
