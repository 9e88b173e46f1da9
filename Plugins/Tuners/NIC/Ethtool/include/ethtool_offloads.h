/*
 * ethtool_offloads.h — the nic tuner's thin C layer over the SIOCETHTOOL ioctl
 * (ioctl is variadic, which Swift cannot call).
 *
 * An offload is a group of kernel features, matched by the same glob `ethtool -k`
 * uses: "tcp-segmentation-offload" is every "tx-tcp*-segmentation" feature, so a
 * kernel that adds one (tx-tcp-accecn-segmentation in 6.18) is covered. The
 * features are read and written with ETHTOOL_GFEATURES/ETHTOOL_SFEATURES; the
 * legacy per-offload commands miss such new features.
 *
 * Each function works in the caller's network namespace, returns 0 (or the
 * documented value) or a negative errno, and neither prints nor keeps memory.
 */
#ifndef NETAGENT_ETHTOOL_OFFLOADS_H
#define NETAGENT_ETHTOOL_OFFLOADS_H

#include <stddef.h>
#include <stdint.h>

/** The offloads the nic tuner manages. */
enum netagent_offload {
	NETAGENT_OFFLOAD_GRO = 0, /* generic-receive-offload: "rx-gro" */
	NETAGENT_OFFLOAD_GSO = 1, /* generic-segmentation-offload: "tx-generic-segmentation" */
	NETAGENT_OFFLOAD_TSO = 2, /* tcp-segmentation-offload: "tx-tcp*-segmentation" */
	NETAGENT_OFFLOAD_LRO = 3, /* large-receive-offload: "rx-lro" */
};

/**
 * Lists the offload's features that the driver lets change, and those of them
 * that are active, each as comma-separated kernel names ("tx-tcp-segmentation,
 * tx-tcp6-segmentation"), into buffers of the given sizes. An empty `changeable`
 * means the driver fixes the offload ("[fixed]" in `ethtool -k`).
 * Returns 0, -ENOSPC when a buffer is too small, or another negative errno.
 */
int netagent_offload_features(const char *interface, int32_t offload,
                              char *changeable, size_t changeable_size,
                              char *active, size_t active_size);

/**
 * Turns on exactly the features named in `enable` (comma-separated, "" for none)
 * among the offload's changeable features, and turns the others off.
 */
int netagent_offload_set(const char *interface, int32_t offload, const char *enable);

#endif
