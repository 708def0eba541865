/*
 * stream.c -- host half of the conformance stream protocol (PROTOCOL.md).
 * Every read is bounded by poll() with a deadline; frames are parsed as
 * hostile bytes (length cap, CRC) before anything in them is used.
 */
#include "stream.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tvae.h"
#include "target/tvae_target.h"

long long stream_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static speed_t baud_constant(long baud)
{
    switch (baud) {
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    case 230400: return B230400;
    default: return 0;
    }
}

int stream_open(stream_link *s, char *err, size_t errlen)
{
    s->have = 0;
    s->eof = 0;
    s->exit_status = -1;
    s->pid = 0;
    if (s->dev[0] != '\0') {
        struct termios tio;
        speed_t sp = baud_constant(s->baud);
        if (sp == 0) {
            snprintf(err, errlen, "unsupported baud rate %ld", s->baud);
            return -1;
        }
        s->rfd = open(s->dev, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (s->rfd < 0) {
            snprintf(err, errlen, "cannot open %s: %s", s->dev, strerror(errno));
            return -1;
        }
        if (tcgetattr(s->rfd, &tio) == 0) {
            tio.c_iflag &= (tcflag_t)~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
            tio.c_oflag &= (tcflag_t)~OPOST;
            tio.c_lflag &= (tcflag_t)~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
            tio.c_cflag &= (tcflag_t)~(CSIZE | PARENB);
            tio.c_cflag |= CS8 | CLOCAL | CREAD;
            tio.c_cc[VMIN] = 0;
            tio.c_cc[VTIME] = 0;
            cfsetispeed(&tio, sp);
            cfsetospeed(&tio, sp);
            if (tcsetattr(s->rfd, TCSANOW, &tio) != 0) {
                snprintf(err, errlen, "cannot configure %s: %s", s->dev, strerror(errno));
                close(s->rfd);
                return -1;
            }
        }
        s->wfd = s->rfd;
        return 0;
    } else {
        int to[2], from[2];
        pid_t pid;
        if (pipe(to) != 0 || pipe(from) != 0) {
            snprintf(err, errlen, "pipe: %s", strerror(errno));
            return -1;
        }
        pid = fork();
        if (pid < 0) {
            snprintf(err, errlen, "fork: %s", strerror(errno));
            return -1;
        }
        if (pid == 0) {
            dup2(to[0], 0);
            dup2(from[1], 1);
            close(to[0]);
            close(to[1]);
            close(from[0]);
            close(from[1]);
            setpgid(0, 0); /* so a time-out can kill the whole command */
            execl("/bin/sh", "sh", "-c", s->cmd, (char *)NULL);
            _exit(127);
        }
        setpgid(pid, pid);
        close(to[0]);
        close(from[1]);
        s->wfd = to[1];
        s->rfd = from[0];
        fcntl(s->wfd, F_SETFD, FD_CLOEXEC);
        fcntl(s->rfd, F_SETFD, FD_CLOEXEC);
        s->pid = pid;
        return 0;
    }
}

static void reap(stream_link *s, int block)
{
    int st;
    pid_t r;
    if (s->pid <= 0 || s->exit_status != -1)
        return;
    r = waitpid(s->pid, &st, block ? 0 : WNOHANG);
    if (r == s->pid)
        s->exit_status = st;
}

/* Reap the target if it ends within ms milliseconds (polls every 5 ms). */
static void reap_within(stream_link *s, long long ms)
{
    long long until = stream_now_ms() + ms;
    reap(s, 0);
    while (s->exit_status == -1 && stream_now_ms() < until) {
        struct timespec ts = { 0, 5000000 };
        nanosleep(&ts, NULL);
        reap(s, 0);
    }
}

void stream_describe_exit(stream_link *s, char *out, size_t outlen)
{
    if (s->pid <= 0) {
        snprintf(out, outlen, "the serial link closed");
        return;
    }
    reap_within(s, 2000); /* give a dying process a moment to be reaped */
    if (s->exit_status == -1)
        snprintf(out, outlen, "the target closed its output but is still running");
    else if (WIFEXITED(s->exit_status) && WEXITSTATUS(s->exit_status) > 128
             && WEXITSTATUS(s->exit_status) < 128 + 32)
        /* the command runs under sh -c, which reports a signal as 128 + N */
        snprintf(out, outlen, "the target was killed by signal %d (%s) (exit status %d from sh)",
                 WEXITSTATUS(s->exit_status) - 128, strsignal(WEXITSTATUS(s->exit_status) - 128),
                 WEXITSTATUS(s->exit_status));
    else if (WIFEXITED(s->exit_status))
        snprintf(out, outlen, "the target exited with status %d", WEXITSTATUS(s->exit_status));
    else if (WIFSIGNALED(s->exit_status))
        snprintf(out, outlen, "the target was killed by signal %d (%s)",
                 WTERMSIG(s->exit_status), strsignal(WTERMSIG(s->exit_status)));
    else
        snprintf(out, outlen, "the target ended (wait status 0x%x)", (unsigned)s->exit_status);
}

void stream_close(stream_link *s)
{
    if (s->pid > 0) {
        if (s->exit_status == -1) {
            /* SIGTERM first, so that a simulator can end cleanly and print
             * its report (ports/avr/simavr-run prints cycles and the stack
             * high-water mark on SIGTERM); SIGKILL what is left after 1 s */
            kill(-s->pid, SIGTERM);
            kill(s->pid, SIGTERM);
            reap_within(s, 1000);
            if (s->exit_status == -1) {
                kill(-s->pid, SIGKILL);
                kill(s->pid, SIGKILL);
            }
        }
        if (s->exit_status == -1)
            reap(s, 1);
    }
    if (s->wfd >= 0 && s->wfd != s->rfd)
        close(s->wfd);
    if (s->rfd >= 0)
        close(s->rfd);
    s->rfd = s->wfd = -1;
    s->pid = 0;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
    p[2] = (uint8_t)((v >> 16) & 0xFFu);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16)
         | ((uint32_t)p[3] << 24);
}

int stream_send(stream_link *s, unsigned type, const uint8_t *payload, unsigned len)
{
    uint8_t f[5 + 64 + 4];
    size_t n = 0, off = 0;

    if (len > 64)
        return STREAM_IO;
    f[n++] = TVAE_PROTO_SYNC0;
    f[n++] = TVAE_PROTO_SYNC1;
    f[n++] = (uint8_t)type;
    f[n++] = (uint8_t)(len & 0xFFu);
    f[n++] = (uint8_t)(len >> 8);
    if (len > 0)
        memcpy(f + n, payload, len);
    n += len;
    put32(f + n, tvae_crc32(f + 2, 3u + len));
    n += 4;
    while (off < n) {
        ssize_t w = write(s->wfd, f + off, n - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return errno == EPIPE ? STREAM_CLOSED : STREAM_IO;
        }
        off += (size_t)w;
    }
    return STREAM_OK;
}

/* Tries to cut one frame from the buffer: 1 got one, 0 need more, <0 bad. */
static int take_frame(stream_link *s, stream_frame *f)
{
    size_t i = 0, len;
    /* drop noise before the sync pair (keep a lone 0xA5 at the end) */
    while (i < s->have) {
        if (s->buf[i] == TVAE_PROTO_SYNC0
            && (i + 1 == s->have || s->buf[i + 1] == TVAE_PROTO_SYNC1))
            break;
        i++;
    }
    if (i > 0) {
        memmove(s->buf, s->buf + i, s->have - i);
        s->have -= i;
    }
    if (s->have < 5)
        return 0;
    if (s->buf[0] != TVAE_PROTO_SYNC0 || s->buf[1] != TVAE_PROTO_SYNC1)
        return 0;
    len = (size_t)s->buf[3] | ((size_t)s->buf[4] << 8);
    if (len > TVAE_PROTO_MAX_PAYLOAD) {
        /* drop this sync pair and report */
        memmove(s->buf, s->buf + 2, s->have - 2);
        s->have -= 2;
        return STREAM_BAD;
    }
    if (s->have < 5 + len + 4)
        return 0;
    if (tvae_crc32(s->buf + 2, 3 + len) != get32(s->buf + 5 + len)) {
        memmove(s->buf, s->buf + 2, s->have - 2);
        s->have -= 2;
        return STREAM_BAD;
    }
    f->type = s->buf[2];
    f->len = (unsigned)len;
    memcpy(f->payload, s->buf + 5, len);
    memmove(s->buf, s->buf + 9 + len, s->have - 9 - len);
    s->have -= 9 + len;
    return 1;
}

int stream_recv(stream_link *s, stream_frame *f, long long deadline_ms)
{
    for (;;) {
        int r = take_frame(s, f);
        struct pollfd p;
        long long left;
        ssize_t n;
        if (r == 1)
            return STREAM_OK;
        if (r < 0)
            return r;
        if (s->eof)
            return STREAM_CLOSED;
        left = deadline_ms - stream_now_ms();
        if (left <= 0)
            return STREAM_TIMEOUT;
        p.fd = s->rfd;
        p.events = POLLIN;
        p.revents = 0;
        r = poll(&p, 1, left > 1000 ? 1000 : (int)left);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return STREAM_IO;
        }
        if (r == 0)
            continue;
        if (s->have == sizeof s->buf) {
            /* a full buffer without a frame: keep the tail only */
            memmove(s->buf, s->buf + s->have - 8, 8);
            s->have = 8;
        }
        n = read(s->rfd, s->buf + s->have, sizeof s->buf - s->have);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            s->eof = 1;
            continue;
        }
        if (n == 0) {
            if (s->pid > 0) {
                s->eof = 1;
            } else {
                /* serial: no data right now */
                struct timespec ts = { 0, 2000000 };
                nanosleep(&ts, NULL);
            }
            continue;
        }
        s->have += (size_t)n;
    }
}

int stream_hello(stream_link *s, double timeout_s, char *err, size_t errlen)
{
    long long end = stream_now_ms() + (long long)(timeout_s * 1000.0);
    stream_frame f;
    int rc;

    for (;;) {
        long long next = stream_now_ms() + 1000;
        if (next > end)
            next = end;
        rc = stream_send(s, TVAE_MSG_HELLO_REQ, NULL, 0);
        if (rc == STREAM_CLOSED) {
            char why[160];
            s->eof = 1;
            stream_describe_exit(s, why, sizeof why);
            snprintf(err, errlen, "no HELLO: %s", why);
            return STREAM_CLOSED;
        }
        for (;;) {
            rc = stream_recv(s, &f, next);
            if (rc == STREAM_OK && f.type == TVAE_MSG_HELLO)
                goto got;
            if (rc == STREAM_OK || rc == STREAM_BAD)
                continue; /* stale or garbled frames before HELLO */
            break;
        }
        if (rc == STREAM_CLOSED) {
            char why[160];
            stream_describe_exit(s, why, sizeof why);
            snprintf(err, errlen, "no HELLO: %s", why);
            return rc;
        }
        if (rc != STREAM_TIMEOUT) {
            snprintf(err, errlen, "no HELLO: I/O error");
            return rc;
        }
        if (stream_now_ms() >= end) {
            snprintf(err, errlen, "no HELLO within %.1f s", timeout_s);
            return STREAM_TIMEOUT;
        }
    }
got:
    {
        unsigned p = 0, n, i;
        memset(s->name, 0, sizeof s->name);
        memset(s->arch, 0, sizeof s->arch);
        if (f.len < 2) {
            snprintf(err, errlen, "HELLO too short");
            return STREAM_BAD;
        }
        s->version = f.payload[p++];
        s->unit = f.payload[p++];
        if (s->version != TVAE_PROTO_VERSION) {
            snprintf(err, errlen, "target speaks protocol version %u, runner knows %u",
                     s->version, TVAE_PROTO_VERSION);
            return STREAM_BAD;
        }
        if (p >= f.len || (n = f.payload[p++]) > 64 || p + n > f.len)
            goto bad;
        memcpy(s->name, f.payload + p, n);
        p += n;
        if (p >= f.len || (n = f.payload[p++]) > 64 || p + n > f.len)
            goto bad;
        memcpy(s->arch, f.payload + p, n);
        p += n;
        if (p >= f.len || (n = f.payload[p++]) > 32 || p + 4 * n != f.len)
            goto bad;
        s->model_count = n;
        for (i = 0; i < n; i++)
            s->model_crc[i] = get32(f.payload + p + 4 * i);
        for (i = 0; i < 64 && s->name[i]; i++)
            if (s->name[i] < 32 || s->name[i] > 126)
                s->name[i] = '?';
        for (i = 0; i < 64 && s->arch[i]; i++)
            if (s->arch[i] < 32 || s->arch[i] > 126)
                s->arch[i] = '?';
        return STREAM_OK;
    }
bad:
    snprintf(err, errlen, "HELLO payload malformed");
    return STREAM_BAD;
}
