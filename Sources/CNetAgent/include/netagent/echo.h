/*
 * netagent/echo.h — the datagrams `netagent serve-echo` answers, version 1.
 *
 * serve-echo is a UDP reflector that hosts of a fleet measure each other
 * with. A reflector that answers anything can be turned into a weapon: one
 * datagram with a forged source (another echo, chargen, DNS or NTP service)
 * starts a loop between the two hosts, and forged sources make it send
 * traffic to any victim. So it answers only what a netagent probe sends:
 *
 *   offset 0  4 bytes  NETAGENT_ECHO_MAGIC ("NAEC")
 *   offset 4  1 byte   NETAGENT_ECHO_VERSION (1)
 *   offset 5  1 byte   flags: NETAGENT_ECHO_REPLY is set by the reflector only
 *   offset 6  2 bytes  zero
 *   offset 8           the prober's own bytes (an RTP packet, a sequence
 *                      number, timestamps), at most
 *                      NETAGENT_ECHO_MAX_SIZE bytes in all
 *
 * The reflector sends such a request back to its source unchanged but for
 * the flags byte, where it sets NETAGENT_ECHO_REPLY. It answers nothing
 * else: no datagram without the magic and version, no datagram that is a
 * reply already (so two reflectors pointed at each other exchange one packet
 * at most), nothing from a source port below 1024, and no more than its
 * per-source and total rates. A prober accepts only replies: datagrams with
 * the header and NETAGENT_ECHO_REPLY set.
 *
 * This header is a wire format, not part of the module ABI: it is installed
 * beside module.h for modules (such as contrib/example-probe) that measure
 * against serve-echo.
 */
#ifndef NETAGENT_ECHO_H
#define NETAGENT_ECHO_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/** The first four bytes of every request and reply. */
#define NETAGENT_ECHO_MAGIC "NAEC"
/** The version of this format, at offset 4. */
#define NETAGENT_ECHO_VERSION 1
/** The flags byte's bit that marks a reply; a reflector never answers one. */
#define NETAGENT_ECHO_REPLY 0x01
/** Where the flags byte is. */
#define NETAGENT_ECHO_FLAGS_OFFSET 5
/** The size of the header; the prober's bytes follow it. */
#define NETAGENT_ECHO_HEADER_SIZE 8
/** The largest datagram answered: an IPv4 Ethernet frame's UDP payload. */
#define NETAGENT_ECHO_MAX_SIZE 1472

/** Writes a request's header into the first NETAGENT_ECHO_HEADER_SIZE bytes of `datagram`. */
static inline void netagent_echo_write_header(uint8_t *datagram)
{
	memcpy(datagram, NETAGENT_ECHO_MAGIC, 4);
	datagram[4] = NETAGENT_ECHO_VERSION;
	datagram[NETAGENT_ECHO_FLAGS_OFFSET] = 0;
	datagram[6] = 0;
	datagram[7] = 0;
}

/** 1 when `datagram` (of `size` bytes) starts with this format's header, 0 otherwise. */
static inline int netagent_echo_has_header(const uint8_t *datagram, size_t size)
{
	return size >= NETAGENT_ECHO_HEADER_SIZE && memcmp(datagram, NETAGENT_ECHO_MAGIC, 4) == 0
	       && datagram[4] == NETAGENT_ECHO_VERSION;
}

/** 1 when `datagram` is a reflector's reply: the header with NETAGENT_ECHO_REPLY set. */
static inline int netagent_echo_is_reply(const uint8_t *datagram, size_t size)
{
	return netagent_echo_has_header(datagram, size) && (datagram[NETAGENT_ECHO_FLAGS_OFFSET] & NETAGENT_ECHO_REPLY) != 0;
}

#endif
