/*
 * stream.h -- host half of the conformance stream protocol (PROTOCOL.md):
 * a spawned command (--exec) or a serial port (--serial), framing, time-outs.
 */
#ifndef TVAE_CONFORM_STREAM_H
#define TVAE_CONFORM_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct stream_link {
    int rfd, wfd;          /* read from / write to the target            */
    pid_t pid;             /* spawned command, or 0 for a serial port    */
    char cmd[1024];        /* --exec command                             */
    char dev[256];         /* --serial device                            */
    long baud;
    uint8_t buf[4096];     /* received bytes not yet framed              */
    size_t have;
    int eof;               /* the target closed the link                 */
    int exit_status;       /* wait status once reaped (-1 unknown)       */
    /* from HELLO */
    unsigned version, unit, model_count;
    char name[65], arch[65];
    uint32_t model_crc[32];
} stream_link;

typedef struct stream_frame {
    unsigned type;
    unsigned len;
    uint8_t payload[1024];
} stream_frame;

enum stream_rc {
    STREAM_OK = 0,
    STREAM_TIMEOUT = -1,   /* nothing (complete) within the time limit   */
    STREAM_CLOSED = -2,    /* the target closed the link / exited        */
    STREAM_BAD = -3,       /* a frame failed its CRC or was too long     */
    STREAM_IO = -4         /* an I/O error on our side                   */
};

/* Opens the link (spawns the command, or opens and configures the serial
 * port).  Returns 0 or -1 with a message in err. */
int stream_open(stream_link *s, char *err, size_t errlen);
/* Kills (SIGKILL) and reaps a spawned command, closes descriptors. */
void stream_close(stream_link *s);
/* Sends one frame. */
int stream_send(stream_link *s, unsigned type, const uint8_t *payload, unsigned len);
/* Waits until deadline (monotonic ms) for one whole frame. */
int stream_recv(stream_link *s, stream_frame *f, long long deadline_ms);
/* HELLO exchange with retries until deadline; fills the HELLO fields. */
int stream_hello(stream_link *s, double timeout_s, char *err, size_t errlen);
/* Describes how a spawned command ended ("exited with status 3",
 * "killed by signal 11 (SIGSEGV)"), reaping it if it has ended. */
void stream_describe_exit(stream_link *s, char *out, size_t outlen);

long long stream_now_ms(void);

#endif
