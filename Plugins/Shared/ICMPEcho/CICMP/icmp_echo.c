#define _GNU_SOURCE /* recvmmsg */
#include "icmp_echo.h"

#include <errno.h>
#include <netagent/echo.h>
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static int64_t nanoseconds(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

/* The Internet checksum (RFC 1071) of an ICMPv4 message; IPv6 sockets checksum themselves. */
static uint16_t checksum(const uint8_t *data, size_t size)
{
	uint32_t sum = 0;
	for (size_t i = 0; i + 1 < size; i += 2)
		sum += (uint32_t)(data[i] << 8 | data[i + 1]);
	if (size & 1)
		sum += (uint32_t)data[size - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* Timestamps, type of service and (raw ICMPv6) the reply filter of a new socket in out->fd. */
static int configure(int tos, int tx_timestamps, struct netagent_icmp_socket *out)
{
	int family = out->family;
	int on = 1;
	if (setsockopt(out->fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0)
		goto fail;
	/* TX_SCHED: stamped when the request enters the device's queue (qdisc), so the RTT
	 * includes local queueing, which tuning changes, but not the sender's syscall path.
	 * Only when asked: ping's method takes the send time in user space and needs none. */
	if (tx_timestamps) {
		int flags = SOF_TIMESTAMPING_TX_SCHED | SOF_TIMESTAMPING_SOFTWARE | SOF_TIMESTAMPING_OPT_ID | SOF_TIMESTAMPING_OPT_TSONLY;
		out->tx_timestamps = setsockopt(out->fd, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof flags) == 0;
	}
	if (tos >= 0) {
		int result = family == AF_INET6 ? setsockopt(out->fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof tos)
		                                : setsockopt(out->fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos);
		if (result != 0)
			goto fail;
	}
	if (family == AF_INET6 && out->raw) {
		struct icmp6_filter filter;
		ICMP6_FILTER_SETBLOCKALL(&filter);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filter);
		if (setsockopt(out->fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter) != 0)
			goto fail;
	}
	return 0;
fail:;
	int error = -errno;
	close(out->fd);
	out->fd = -1;
	return error;
}

int netagent_icmp_receive_buffer(struct netagent_icmp_socket *s, int bytes)
{
	int current = 0;
	socklen_t size = sizeof current;
	if (getsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &current, &size) != 0)
		return -errno;
	/* The kernel doubles what is asked (for its bookkeeping) and reports the doubled value. */
	if (current >= 2 * bytes)
		return current;
	if (setsockopt(s->fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0 &&
	    setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes) != 0)
		return -errno;
	if (getsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &current, &size) != 0)
		return -errno;
	return current;
}

int netagent_icmp_open(int family, int tos, uint16_t id, int tx_timestamps, struct netagent_icmp_socket *out)
{
	int protocol = family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	memset(out, 0, sizeof *out);
	out->family = family;
	out->id = id;
	out->fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
	if (out->fd < 0 && (errno == EACCES || errno == EPERM)) {
		out->fd = socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
		out->raw = 1;
	}
	if (out->fd < 0)
		return -errno;
	return configure(tos, tx_timestamps, out);
}

int netagent_udp_open(int family, int tos, uint16_t id, int tx_timestamps, struct netagent_icmp_socket *out)
{
	memset(out, 0, sizeof *out);
	out->family = family;
	out->id = id;
	out->udp = 1;
	out->fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
	if (out->fd < 0)
		return -errno;
	return configure(tos, tx_timestamps, out);
}

/* The RTP header (RFC 3550 5.1) of UDP request `sequence`: V=2, no padding, extension or CSRC,
 * no marker, payload type 0 (PCMU), timestamp advancing 160 samples (20 ms at 8 kHz) per packet. */
static void rtp_header(uint8_t header[NETAGENT_RTP_HEADER_SIZE], uint16_t sequence, uint16_t id)
{
	uint32_t timestamp = (uint32_t)sequence * 160;
	uint32_t ssrc = 0x6e610000u | id; /* "na" and the session's id */
	header[0] = 0x80;
	header[1] = 0;
	header[2] = (uint8_t)(sequence >> 8);
	header[3] = (uint8_t)sequence;
	for (int i = 0; i < 4; i++) {
		header[4 + i] = (uint8_t)(timestamp >> (24 - 8 * i));
		header[8 + i] = (uint8_t)(ssrc >> (24 - 8 * i));
	}
}

/* Reads both clocks into `time`: the last thing before a request's sendto. */
static void stamp(struct netagent_icmp_send_time *time)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	time->realtime_ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
	clock_gettime(CLOCK_MONOTONIC, &now);
	time->monotonic_ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

int netagent_icmp_send(const struct netagent_icmp_socket *s, const struct sockaddr *to, socklen_t to_size,
                       uint16_t sequence, const uint8_t *payload, size_t payload_size,
                       struct netagent_icmp_send_time *time)
{
	uint8_t packet[NETAGENT_UDP_ECHO_OVERHEAD + NETAGENT_ICMP_MAX_PAYLOAD];
	if (payload_size > NETAGENT_ICMP_MAX_PAYLOAD || (s->udp && payload_size > NETAGENT_UDP_MAX_PAYLOAD))
		return -EMSGSIZE;
	if (s->udp) {
		netagent_echo_write_header(packet);
		rtp_header(packet + NETAGENT_ECHO_HEADER_SIZE, sequence, s->id);
		memcpy(packet + NETAGENT_UDP_ECHO_OVERHEAD, payload, payload_size);
		size_t size = NETAGENT_UDP_ECHO_OVERHEAD + payload_size;
		stamp(time);
		ssize_t sent = sendto(s->fd, packet, size, 0, to, to_size);
		if (sent < 0)
			return -errno;
		return sent == (ssize_t)size ? 0 : -EMSGSIZE;
	}
	memset(packet, 0, 8);
	packet[0] = s->family == AF_INET6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
	packet[4] = (uint8_t)(s->id >> 8);
	packet[5] = (uint8_t)s->id;
	packet[6] = (uint8_t)(sequence >> 8);
	packet[7] = (uint8_t)sequence;
	memcpy(packet + 8, payload, payload_size);
	if (s->family == AF_INET) {
		uint16_t sum = checksum(packet, 8 + payload_size);
		memcpy(packet + 2, &sum, 2);
	}
	stamp(time);
	ssize_t sent = sendto(s->fd, packet, 8 + payload_size, 0, to, to_size);
	if (sent < 0)
		return -errno;
	return sent == (ssize_t)(8 + payload_size) ? 0 : -EMSGSIZE;
}

/* Size of the packet buffer of one received message. */
#define PACKET_SIZE (60 + 8 + NETAGENT_ICMP_MAX_PAYLOAD)
/* Size of the control buffer of one received message. */
#define CONTROL_SIZE 512

/* Fills *reply from one received message of `size` bytes; is_reply says whether it is ours. */
static void parse(const struct netagent_icmp_socket *s, const uint8_t *packet, size_t size, struct msghdr *message,
                  struct netagent_icmp_reply *reply)
{
	reply->is_reply = 0;
	reply->kernel_rx_ns = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(message); c; c = CMSG_NXTHDR(message, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
			struct timespec ts;
			memcpy(&ts, CMSG_DATA(c), sizeof ts);
			reply->kernel_rx_ns = nanoseconds(&ts);
		}
	}
	if (s->udp) {
		/* A reflector's reply to this socket: the echo header marked as a reply, then our RTP header. */
		if (!netagent_echo_is_reply(packet, size) || size < NETAGENT_UDP_ECHO_OVERHEAD
		    || size - NETAGENT_UDP_ECHO_OVERHEAD > NETAGENT_UDP_MAX_PAYLOAD)
			return;
		const uint8_t *rtp = packet + NETAGENT_ECHO_HEADER_SIZE;
		uint8_t expected[NETAGENT_RTP_HEADER_SIZE];
		rtp_header(expected, (uint16_t)(rtp[2] << 8 | rtp[3]), s->id);
		if (memcmp(rtp, expected, NETAGENT_RTP_HEADER_SIZE) != 0)
			return;
		reply->is_reply = 1;
		reply->sequence = (uint16_t)(rtp[2] << 8 | rtp[3]);
		reply->payload_size = size - NETAGENT_UDP_ECHO_OVERHEAD;
		memcpy(reply->payload, packet + NETAGENT_UDP_ECHO_OVERHEAD, reply->payload_size);
		return;
	}
	const uint8_t *icmp = packet;
	size_t icmp_size = size;
	if (s->family == AF_INET && s->raw) {
		size_t header = (size_t)(packet[0] & 0x0f) * 4;
		if (icmp_size < header)
			return;
		icmp += header;
		icmp_size -= header;
	}
	/* Nothing netagent sends is larger: a bigger reply is not ours, and would not fit in *reply. */
	if (icmp_size < 8 || icmp_size - 8 > NETAGENT_ICMP_MAX_PAYLOAD)
		return;
	int reply_type = s->family == AF_INET6 ? ICMP6_ECHO_REPLY : ICMP_ECHOREPLY;
	uint16_t id = (uint16_t)(icmp[4] << 8 | icmp[5]);
	if (icmp[0] != reply_type || (s->raw && id != s->id))
		return;
	reply->is_reply = 1;
	reply->sequence = (uint16_t)(icmp[6] << 8 | icmp[7]);
	reply->payload_size = icmp_size - 8;
	memcpy(reply->payload, icmp + 8, reply->payload_size);
}

int netagent_icmp_receive_batch(const struct netagent_icmp_socket *s, struct netagent_icmp_reply *replies, int count)
{
	if (count < 1 || count > NETAGENT_ICMP_BATCH)
		return -EINVAL;
	uint8_t packets[NETAGENT_ICMP_BATCH][PACKET_SIZE];
	union { struct cmsghdr align; uint8_t bytes[CONTROL_SIZE]; } controls[NETAGENT_ICMP_BATCH];
	struct iovec iovs[NETAGENT_ICMP_BATCH];
	struct mmsghdr messages[NETAGENT_ICMP_BATCH];
	memset(messages, 0, sizeof messages[0] * (size_t)count);
	for (int i = 0; i < count; i++) {
		iovs[i] = (struct iovec){ .iov_base = packets[i], .iov_len = PACKET_SIZE };
		messages[i].msg_hdr = (struct msghdr){
			.msg_name = &replies[i].from, .msg_namelen = sizeof replies[i].from,
			.msg_iov = &iovs[i], .msg_iovlen = 1,
			.msg_control = controls[i].bytes, .msg_controllen = CONTROL_SIZE,
		};
	}
	int received = recvmmsg(s->fd, messages, (unsigned int)count, MSG_DONTWAIT, NULL);
	if (received < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
	for (int i = 0; i < received; i++)
		parse(s, packets[i], messages[i].msg_len, &messages[i].msg_hdr, &replies[i]);
	return received;
}

int netagent_icmp_tx_timestamp(const struct netagent_icmp_socket *s, uint32_t *counter, int64_t *sent_ns)
{
	/* Skip error-queue messages that carry no timestamp (none are expected, but the queue is shared). */
	for (;;) {
		union { struct cmsghdr align; uint8_t bytes[512]; } control;
		uint8_t data[64];
		struct iovec iov = { .iov_base = data, .iov_len = sizeof data };
		struct msghdr message = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.bytes, .msg_controllen = sizeof control.bytes };
		if (recvmsg(s->fd, &message, MSG_ERRQUEUE) < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
		int have_time = 0, have_counter = 0;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPING) {
				struct scm_timestamping stamps;
				memcpy(&stamps, CMSG_DATA(c), sizeof stamps);
				*sent_ns = nanoseconds(&stamps.ts[0]);
				have_time = stamps.ts[0].tv_sec != 0 || stamps.ts[0].tv_nsec != 0;
			} else if ((c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR)
			           || (c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_RECVERR)) {
				struct sock_extended_err error;
				memcpy(&error, CMSG_DATA(c), sizeof error);
				if (error.ee_origin == SO_EE_ORIGIN_TIMESTAMPING) {
					*counter = error.ee_data;
					have_counter = 1;
				}
			}
		}
		if (have_time && have_counter)
			return 1;
	}
}

void netagent_icmp_close(struct netagent_icmp_socket *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}
