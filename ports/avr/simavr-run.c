/*
 * simavr-run -- run an AVR firmware under libsimavr (cycle-exact), with
 * its UART0 on stdin/stdout.
 *
 *   simavr-run [-m MCU] [-f HZ] [--max-cycles N] [--idle-timeout S]
 *              [--report FILE] firmware.elf
 *
 * --max-cycles N: a hang is N simulated cycles without any UART traffic
 * (a byte out, a byte in, or the firmware waiting for one); default
 * 2000000000 (125 s of a 16 MHz part; the slowest decode here takes
 * about 0.1 of that), 0 for no limit.
 *
 * - UART0 output bytes go to stdout unchanged (binary safe; simavr's own
 *   console is off, it would only flush on '\r').  stdin bytes are fed to
 *   UART0 input when the UART can take them (XON/XOFF irqs).
 * - The firmware talks to the runner through the simulator port
 *   (ports/avr/simport.h): a cycle counter it can read, where its stack
 *   paint starts, "I am waiting for input", and "exit with status".
 * - At the end it prints one line on stderr (and into --report FILE):
 *     simavr-run: mcu M cycles C static-ram S stack-high-water H sp-min-depth D status X
 *   cycles: total simulated cycles; static-ram: bytes from RAMSTART to the
 *   start of the stack paint (.data + .bss + .noinit); stack-high-water:
 *   bytes below RAMEND no longer holding the paint byte; sp-min-depth:
 *   RAMEND - lowest stack pointer seen after any instruction.
 * - Exit status: the firmware's (write to 0xE7); 0 when stdin ends while
 *   the firmware waits for input (the conformance runner closed the link);
 *   2 usage or load error; 3 cycle limit hit (hang); 4 the CPU crashed or
 *   stopped; 5 stack overflow (the stack reached the static data).
 *   Every error is one line on stderr.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sim_avr.h>
#include <sim_elf.h>
#include <sim_io.h>
#include <avr_uart.h>

#include "simport.h"

#define R_SPL_DATA 0x5Du
#define R_SPH_DATA 0x5Eu

typedef struct runner {
    avr_t *avr;
    avr_irq_t *uart_in;
    int xoff;             /* UART input FIFO full: hold bytes */
    int waiting;          /* firmware said it waits for input */
    int ready;            /* it did so once: its receiver is enabled */
    int stdin_eof;
    int exit_requested;
    int exit_status;
    uint32_t latched;     /* cycle counter latched by a read of 0xE0 */
    uint16_t paint_start; /* 0: firmware did not say */
    uint8_t paint_lo;
    uint16_t sp_min;
    avr_uart_t *uart;     /* UART0, to see its receive FIFO */
    uint8_t inbuf[4096];
    size_t in_head, in_tail;
    uint8_t outbuf[8192];
    avr_cycle_count_t last_activity; /* cycle of the last UART event */
    size_t out_len;
} runner;

/* simavr's messages: errors and warnings to stderr, never to stdout
 * (stdout carries the firmware's UART bytes). */
static void quiet_logger(struct avr_t *avr, const int level,
                         const char *format, va_list ap)
{
    (void)avr;
    if (level <= LOG_WARNING) {
        fputs("simavr-run: simavr: ", stderr);
        vfprintf(stderr, format, ap);
    }
}

/* SIGTERM/SIGINT/SIGHUP (a conformance runner ending the session): stop
 * simulating, still print the report. */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "simavr-run: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    exit(2);
}

static void flush_out(runner *r)
{
    size_t done = 0;
    while (done < r->out_len) {
        ssize_t n = write(STDOUT_FILENO, r->outbuf + done, r->out_len - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            /* the reader went away: nothing more to do */
            r->out_len = 0;
            r->stdin_eof = 1;
            return;
        }
        done += (size_t)n;
    }
    r->out_len = 0;
}

static void uart_out_hook(struct avr_irq_t *irq, uint32_t value, void *param)
{
    runner *r = param;
    (void)irq;
    if (r->out_len == sizeof r->outbuf)
        flush_out(r);
    r->outbuf[r->out_len++] = (uint8_t)value;
    r->last_activity = r->avr->cycle;
}

static void feed(runner *r)
{
    /* Bytes sent before the firmware enabled its receiver would be lost. */
    while (r->ready && !r->xoff && r->in_head != r->in_tail) {
        uint8_t b = r->inbuf[r->in_head];
        r->in_head = (r->in_head + 1u) % sizeof r->inbuf;
        avr_raise_irq(r->uart_in, b);
        r->last_activity = r->avr->cycle;
    }
}

static void xon_hook(struct avr_irq_t *irq, uint32_t value, void *param)
{
    runner *r = param;
    (void)irq; (void)value;
    r->xoff = 0;
    feed(r);
}

static void xoff_hook(struct avr_irq_t *irq, uint32_t value, void *param)
{
    runner *r = param;
    (void)irq; (void)value;
    r->xoff = 1;
}

/* Read what stdin has; block up to timeout_ms (-1: forever). */
static void read_stdin(runner *r, int timeout_ms)
{
    struct pollfd p;
    size_t room;
    ssize_t n;

    if (r->stdin_eof)
        return;
    p.fd = STDIN_FILENO;
    p.events = POLLIN;
    p.revents = 0;
    if (poll(&p, 1, timeout_ms) <= 0)
        return;
    /* contiguous free space in the ring (keep one slot empty) */
    if (r->in_tail >= r->in_head)
        room = sizeof r->inbuf - r->in_tail - (r->in_head == 0 ? 1u : 0u);
    else
        room = r->in_head - r->in_tail - 1u;
    if (room == 0)
        return;
    n = read(STDIN_FILENO, r->inbuf + r->in_tail, room);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
        r->stdin_eof = 1;
    else if (n > 0)
        r->in_tail = (r->in_tail + (size_t)n) % sizeof r->inbuf;
}

static uint8_t cycles_read(struct avr_t *avr, avr_io_addr_t addr, void *param)
{
    runner *r = param;
    if (addr == TVAE_SIM_CYCLES0) {
        r->latched = (uint32_t)avr->cycle;
        return (uint8_t)r->latched;
    }
    return (uint8_t)(r->latched >> (8u * (addr - TVAE_SIM_CYCLES0)));
}

static void port_write(struct avr_t *avr, avr_io_addr_t addr, uint8_t v,
                       void *param)
{
    runner *r = param;
    switch (addr) {
    case TVAE_SIM_PAINT_LO:
        r->paint_lo = v;
        break;
    case TVAE_SIM_PAINT_HI:
        r->paint_start = (uint16_t)((unsigned)r->paint_lo | ((unsigned)v << 8));
        break;
    case TVAE_SIM_WAIT:
        r->waiting = 1;
        r->ready = 1;
        r->last_activity = avr->cycle;
        break;
    case TVAE_SIM_EXIT:
        r->exit_requested = 1;
        r->exit_status = v;
        break;
    default:
        break;
    }
}

static unsigned long long parse_ull(const char *s, const char *opt)
{
    char *end;
    unsigned long long v;
    errno = 0;
    v = strtoull(s, &end, 0);
    if (errno != 0 || end == s || *end != '\0')
        die("bad number for", opt);
    return v;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: simavr-run [-m MCU] [-f HZ] [--max-cycles N] "
               "[--idle-timeout SECONDS] [--report FILE] firmware.elf\n"
               "  MCU default atmega328p, HZ default 16000000, "
               "N (cycles without UART traffic = hang) default 2000000000, "
               "0: no limit\n");
}

int main(int argc, char **argv)
{
    const char *mcu = "atmega328p", *elf = NULL, *report = NULL;
    unsigned long long freq = 16000000ull, max_cycles = 2000000000ull;
    unsigned long long idle_timeout_s = 60;
    elf_firmware_t fw;
    runner r;
    avr_irq_t *irq;
    uint32_t flags = 0;
    int i, state, status = 0;
    unsigned long steps = 0;
    int sp_split = 0;
    unsigned ramstart, ramend, hw, a;
    const char *verdict = "ok";

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "-m") == 0 && i + 1 < argc) {
            mcu = argv[++i];
        } else if (strcmp(argv[i], "-f") == 0 && i + 1 < argc) {
            freq = parse_ull(argv[++i], "-f");
        } else if (strcmp(argv[i], "--max-cycles") == 0 && i + 1 < argc) {
            max_cycles = parse_ull(argv[++i], "--max-cycles");
        } else if (strcmp(argv[i], "--idle-timeout") == 0 && i + 1 < argc) {
            idle_timeout_s = parse_ull(argv[++i], "--idle-timeout");
        } else if (strcmp(argv[i], "--report") == 0 && i + 1 < argc) {
            report = argv[++i];
        } else if (argv[i][0] == '-' || elf != NULL) {
            usage(stderr);
            return 2;
        } else {
            elf = argv[i];
        }
    }
    if (elf == NULL) {
        usage(stderr);
        return 2;
    }
    if (access(elf, R_OK) != 0)
        die("cannot read firmware", elf);

    avr_global_logger_set(quiet_logger);
    memset(&fw, 0, sizeof fw);
    if (elf_read_firmware(elf, &fw) != 0)
        die("not a loadable AVR ELF file", elf);
    memset(&r, 0, sizeof r);
    r.avr = avr_make_mcu_by_name(mcu);
    if (r.avr == NULL)
        die("unknown MCU", mcu);
    r.avr->log = 0; /* keep simavr's own messages off our stdout */
    avr_init(r.avr);
    r.avr->frequency = (uint32_t)freq;
    avr_load_firmware(r.avr, &fw);
    r.avr->frequency = (uint32_t)freq;

    /* UART0 <-> stdio, without simavr's line-buffered console or its
     * usleep() when the firmware polls the receiver. */
    avr_ioctl(r.avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
    flags &= ~(uint32_t)(AVR_UART_FLAG_STDIO | AVR_UART_FLAG_POLL_SLEEP);
    avr_ioctl(r.avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
    irq = avr_io_getirq(r.avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT);
    if (irq == NULL)
        die("MCU has no UART0", mcu);
    avr_irq_register_notify(irq, uart_out_hook, &r);
    r.uart_in = avr_io_getirq(r.avr, AVR_IOCTL_UART_GETIRQ('0'),
                              UART_IRQ_INPUT);
    avr_irq_register_notify(avr_io_getirq(r.avr, AVR_IOCTL_UART_GETIRQ('0'),
                                          UART_IRQ_OUT_XON), xon_hook, &r);
    avr_irq_register_notify(avr_io_getirq(r.avr, AVR_IOCTL_UART_GETIRQ('0'),
                                          UART_IRQ_OUT_XOFF), xoff_hook, &r);
    for (a = TVAE_SIM_CYCLES0; a < TVAE_SIM_CYCLES0 + 4u; a++)
        avr_register_io_read(r.avr, (avr_io_addr_t)a, cycles_read, &r);
    for (a = TVAE_SIM_PAINT_LO; a <= TVAE_SIM_EXIT; a++)
        avr_register_io_write(r.avr, (avr_io_addr_t)a, port_write, &r);

    {
        avr_io_t *io;
        for (io = r.avr->io_port; io != NULL; io = io->next)
            if (io->kind != NULL && strcmp(io->kind, "uart") == 0
                && ((avr_uart_t *)io)->name == '0')
                r.uart = (avr_uart_t *)io;
        if (r.uart == NULL)
            die("MCU has no UART0", mcu);
    }
    {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGHUP, &sa, NULL);
        signal(SIGPIPE, SIG_IGN); /* a closed reader is seen by write() */
    }
    ramstart = (unsigned)r.avr->ioend + 1u;
    ramend = r.avr->ramend;
    r.sp_min = (uint16_t)ramend;

    for (;;) {
        unsigned sp, op;
        /* avr-gcc moves SP with "out SPH; out SREG; out SPL": in between,
         * SP is a mix of the old and new values, which is not a real
         * depth.  Do not sample SP from an "out 0x3e" (SPH) until the
         * next "out 0x3d" (SPL). */
        op = r.avr->pc + 1u < r.avr->flashend
           ? (unsigned)r.avr->flash[r.avr->pc]
             | ((unsigned)r.avr->flash[r.avr->pc + 1u] << 8) : 0u;
        if ((op & 0xFE0Fu) == 0xBE0Eu)
            sp_split = 1;
        else if ((op & 0xFE0Fu) == 0xBE0Du)
            sp_split = 0;
        state = avr_run(r.avr);
        sp = (unsigned)r.avr->data[R_SPL_DATA]
           | ((unsigned)r.avr->data[R_SPH_DATA] << 8);
        if (!sp_split && sp < r.sp_min && sp >= ramstart)
            r.sp_min = (uint16_t)sp;
        if (r.exit_requested) {
            status = r.exit_status;
            break;
        }
        if (stop_signal) {
            verdict = "stopped by a signal";
            status = 128 + stop_signal;
            break;
        }
        if (state == cpu_Done || state == cpu_Crashed) {
            verdict = state == cpu_Crashed ? "crashed" : "stopped";
            status = 4;
            break;
        }
        if (max_cycles != 0 && r.avr->cycle - r.last_activity >= max_cycles) {
            verdict = "hang: no UART activity within the cycle limit";
            status = 3;
            break;
        }
        if (r.waiting) {
            r.waiting = 0;
            /* Idle only when no byte is left anywhere: not in our buffer
             * and not in the UART's receive FIFO (simavr keeps a byte
             * there until the firmware reads UDR). */
            if (r.in_head == r.in_tail
                && r.uart->input.read == r.uart->input.write) {
                flush_out(&r);
                if (r.stdin_eof) {
                    verdict = "input closed";
                    break;
                }
                /* The firmware spins until a byte arrives: block here. */
                read_stdin(&r, (int)(idle_timeout_s * 1000u));
                if (stop_signal) {
                    /* the signal cut the wait short: report it as such */
                    verdict = "stopped by a signal";
                    status = 128 + stop_signal;
                    break;
                }
                if (r.in_head == r.in_tail && !r.stdin_eof) {
                    verdict = "no input within the idle timeout";
                    status = 3;
                    break;
                }
            }
            feed(&r);
        } else if ((++steps & 0xFFFFu) == 0u) {
            read_stdin(&r, 0);
            feed(&r);
        }
    }
    flush_out(&r);

    /* Stack high-water: painted bytes from paint_start up to RAMEND. */
    hw = 0;
    if (r.paint_start >= ramstart && r.paint_start <= ramend) {
        a = r.paint_start;
        while (a <= ramend && r.avr->data[a] == TVAE_SIM_PAINT)
            a++;
        hw = ramend + 1u - a;
        if (a == r.paint_start && status == 0) {
            verdict = "stack overflow: no painted byte left";
            status = 5;
        }
    }
    {
        char line[512];
        snprintf(line, sizeof line,
                 "simavr-run: mcu %s cycles %llu static-ram %u "
                 "stack-high-water %u sp-min-depth %u status %d (%s)\n",
                 mcu, (unsigned long long)r.avr->cycle,
                 r.paint_start ? r.paint_start - ramstart : 0u, hw,
                 ramend - r.sp_min, status, verdict);
        fputs(line, stderr);
        if (report != NULL) {
            FILE *f = fopen(report, "w");
            if (f == NULL || fputs(line, f) < 0 || fclose(f) != 0)
                die("cannot write report", report);
        }
    }
    return status;
}
