/*
 * start.S -- vector table and reset code for the tvae Cortex-M firmware
 * (Thumb-1 only, so the same file serves the Cortex-M0 and the M4).
 *
 * Reset: copy .data from flash, clear .bss, paint the free RAM between the
 * end of .bss and the top of the stack with 0xA5A5A5A5 so that
 * tvae_board_stack_peak() can find the stack's high-water mark, call
 * main(), leave through tvae_board_exit(main's return value).
 * Every fault ends the run through tvae_board_fault() (a semihosting exit
 * with a distinct status), so a crash is reported, never a hang.
 */
    .syntax unified
    .thumb

    .section .vectors, "a", %progbits
    .globl __vectors
    .balign 4
__vectors:
    .word   __stack_top
    .word   Reset_Handler
    .word   Fault_Handler           /* NMI */
    .word   Fault_Handler           /* HardFault */
    .word   Fault_Handler           /* MemManage (M4) */
    .word   Fault_Handler           /* BusFault (M4) */
    .word   Fault_Handler           /* UsageFault (M4) */
    .word   0, 0, 0, 0
    .word   Fault_Handler           /* SVCall */
    .word   Fault_Handler           /* DebugMon */
    .word   0
    .word   Fault_Handler           /* PendSV */
    .word   SysTick_Handler         /* SysTick */

    .text
    .thumb_func
    .globl Reset_Handler
    .type Reset_Handler, %function
Reset_Handler:
    ldr     r0, =__data_load
    ldr     r1, =__data_start
    ldr     r2, =__data_end
1:  cmp     r1, r2
    bhs     2f
    ldr     r3, [r0]
    str     r3, [r1]
    adds    r0, r0, #4
    adds    r1, r1, #4
    b       1b
2:  ldr     r1, =__bss_start
    ldr     r2, =__bss_end
    movs    r3, #0
3:  cmp     r1, r2
    bhs     4f
    str     r3, [r1]
    adds    r1, r1, #4
    b       3b
4:  ldr     r2, =__stack_top
    ldr     r3, =0xA5A5A5A5
5:  cmp     r1, r2
    bhs     6f
    str     r3, [r1]
    adds    r1, r1, #4
    b       5b
6:  bl      main
    bl      tvae_board_exit
7:  b       7b
    .size Reset_Handler, . - Reset_Handler

    .thumb_func
    .type Fault_Handler, %function
Fault_Handler:
    bl      tvae_board_fault
8:  b       8b
    .size Fault_Handler, . - Fault_Handler

    .thumb_func
    .weak SysTick_Handler
    .type SysTick_Handler, %function
SysTick_Handler:
    bx      lr
    .size SysTick_Handler, . - SysTick_Handler

/* int tvae_semihost(int op, void *arg): the Arm semihosting trap (M
 * profile: BKPT 0xAB), r0 = operation, r1 = parameter block. */
    .thumb_func
    .globl tvae_semihost
    .type tvae_semihost, %function
tvae_semihost:
    bkpt    0xab
    bx      lr
    .size tvae_semihost, . - tvae_semihost

    .ltorg
