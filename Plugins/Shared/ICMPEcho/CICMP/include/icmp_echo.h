/*
 * icmp_echo.h — the socket layer of the echo probes (icmp, loss, voice): one
 * socket per address family and transport, echo requests out, echo replies in,
 * over ICMP echo or over UDP to netagent's echo reflector (`netagent
 * serve-echo`, netagent/echo.h), with the kernel's
 * software timestamps (SO_TIMESTAMPNS on receive, SO_TIMESTAMPING TX software
 * timestamps through the error queue on send). Written in C because it is
 * made of cmsg parsing, which C's CMSG_* macros express plainly.
 *
 * Functions return 0 (or a documented count) or a negative errno; none prints
 * or allocates.
 */
#ifndef NETAGENT_ICMP_ECHO_H
#define NETAGENT_ICMP_ECHO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/** An open ICMP socket. */
struct netagent_icmp_socket {
	int fd;
	int family;   /* AF_INET or AF_INET6 */
	int udp;      /* 1: UDP datagrams shaped like RTP audio; 0: ICMP echo */
	int raw;      /* 1: SOCK_RAW (needs CAP_NET_RAW); 0: unprivileged ICMP datagram socket */
	uint16_t id;  /* ICMP: the echo identifier on a raw socket (the kernel picks it otherwise); UDP: the RTP SSRC's low bits */
	int tx_timestamps; /* 1 when the kernel accepted SO_TIMESTAMPING for sent packets */
};

/** Largest payload after the 8-byte ICMP header. */
#define NETAGENT_ICMP_MAX_PAYLOAD 1472

/** Size of the RTP header (RFC 3550 5.1) that follows the echo header in every UDP request. */
#define NETAGENT_RTP_HEADER_SIZE 12

/** What comes before the payload in a UDP request: netagent/echo.h's 8-byte header, then RTP's. */
#define NETAGENT_UDP_ECHO_OVERHEAD (8 + NETAGENT_RTP_HEADER_SIZE)

/** Largest payload of a UDP request: serve-echo answers datagrams of at most 1472 bytes. */
#define NETAGENT_UDP_MAX_PAYLOAD (1472 - NETAGENT_UDP_ECHO_OVERHEAD)

/** One echo reply, or another ICMP message the caller ignores (is_reply == 0). */
struct netagent_icmp_reply {
	int32_t is_reply;        /* 1 for an echo reply that belongs to this socket */
	uint16_t sequence;
	int64_t kernel_rx_ns;    /* CLOCK_REALTIME of arrival from SO_TIMESTAMPNS, 0 when absent */
	size_t payload_size;
	uint8_t payload[NETAGENT_ICMP_MAX_PAYLOAD];
	struct sockaddr_storage from;
};

/**
 * Opens a UDP socket for echo requests shaped like an audio call: each
 * datagram is the echo header serve-echo answers (netagent/echo.h, 8 bytes),
 * an RTP header (version 2, payload type 0 = PCMU, the sequence number, a
 * timestamp advancing 160 samples per packet, SSRC from `id`) and the payload,
 * as a G.711 stream sends them, so the path treats them as it treats audio.
 * A reply is accepted only with the echo header's reply flag set. Sets the type of service when tos >= 0, non-blocking mode,
 * receive timestamps and, when tx_timestamps is nonzero, send timestamps.
 */
int netagent_udp_open(int family, int tos, uint16_t id, int tx_timestamps, struct netagent_icmp_socket *out);

/**
 * Opens an ICMP socket: an unprivileged datagram socket where
 * net.ipv4.ping_group_range allows it, else a raw socket. Sets the type of
 * service (IPv4 TOS or IPv6 traffic class) when tos >= 0, non-blocking mode, receive
 * timestamps, and send timestamps when tx_timestamps is nonzero. `id` is used on a raw
 * socket only.
 */
int netagent_icmp_open(int family, int tos, uint16_t id, int tx_timestamps, struct netagent_icmp_socket *out);

/**
 * Makes the socket's receive queue hold at least `bytes` (SO_RCVBUFFORCE where the process
 * may, else SO_RCVBUF, which net.core.rmem_max caps); never shrinks it. Returns the size the
 * kernel reports, or -errno.
 */
int netagent_icmp_receive_buffer(struct netagent_icmp_socket *s, int bytes);

/** When a request was handed to the kernel, read from two clocks just before its sendto. */
struct netagent_icmp_send_time {
	/** CLOCK_REALTIME in nanoseconds: the clock of the kernel's receive timestamps. */
	int64_t realtime_ns;
	/** CLOCK_MONOTONIC in nanoseconds: the clock of deadlines and user-space RTTs. */
	int64_t monotonic_ns;
};

/**
 * Sends one echo request (ICMP echo or RTP-shaped UDP datagram) with `sequence` and `payload`
 * to `to`, and writes to `time` when it did: after the packet is built, just before sendto,
 * as ping takes its send time, so the RTT holds no more of the sender than ping's does.
 */
int netagent_icmp_send(const struct netagent_icmp_socket *s, const struct sockaddr *to, socklen_t to_size,
                       uint16_t sequence, const uint8_t *payload, size_t payload_size,
                       struct netagent_icmp_send_time *time);

/** The most messages one netagent_icmp_receive_batch call takes. */
#define NETAGENT_ICMP_BATCH 16

/**
 * Receives up to `count` (1 to NETAGENT_ICMP_BATCH) waiting messages in one system call
 * (recvmmsg): returns how many of `replies` were filled, 0 when nothing is waiting, or -errno.
 * Fewer than `count` means the queue is now empty, so no further call is needed to find out.
 * Each reply's is_reply says whether that message was an answer to this socket's requests;
 * on a UDP socket a reply is a datagram carrying this socket's RTP header.
 */
int netagent_icmp_receive_batch(const struct netagent_icmp_socket *s, struct netagent_icmp_reply *replies, int count);

/**
 * Reads one TX timestamp from the error queue: 1 with the send counter of the
 * packet (0 for the socket's first send) and its CLOCK_REALTIME send time,
 * 0 when none is waiting.
 */
int netagent_icmp_tx_timestamp(const struct netagent_icmp_socket *s, uint32_t *counter, int64_t *sent_ns);

/** Closes the socket. */
void netagent_icmp_close(struct netagent_icmp_socket *s);

#endif
