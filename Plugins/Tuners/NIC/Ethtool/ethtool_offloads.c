#include "ethtool_offloads.h"

#include <errno.h>
#include <fnmatch.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* The feature-name globs of each offload, as ethtool's own table has them. */
static const char *const pattern[] = { "rx-gro", "tx-generic-segmentation", "tx-tcp*-segmentation", "rx-lro" };

/* One SIOCETHTOOL call on `interface` with `data`; the ioctl's result or -errno. */
static int ethtool(const char *interface, void *data)
{
	struct ifreq request;
	if (strlen(interface) >= sizeof request.ifr_name)
		return -ENAMETOOLONG;
	memset(&request, 0, sizeof request);
	strcpy(request.ifr_name, interface);
	request.ifr_data = data;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	int result = ioctl(fd, SIOCETHTOOL, &request);
	if (result < 0)
		result = -errno;
	close(fd);
	return result;
}

/* The device's features: their names and their state blocks. */
struct features {
	uint32_t count;
	struct ethtool_gstrings *names;
	struct ethtool_gfeatures *state;
};

static void release(struct features *features)
{
	free(features->names);
	free(features->state);
	features->names = NULL;
	features->state = NULL;
}

/* Reads names and state of every feature of `interface`; 0 or -errno. */
static int load(const char *interface, struct features *features)
{
	memset(features, 0, sizeof *features);
	struct ethtool_sset_info *set = calloc(1, sizeof *set + sizeof set->data[0]);
	if (!set)
		return -ENOMEM;
	set->cmd = ETHTOOL_GSSET_INFO;
	set->sset_mask = 1ULL << ETH_SS_FEATURES;
	int result = ethtool(interface, set);
	int has_features = (set->sset_mask & (1ULL << ETH_SS_FEATURES)) != 0;
	features->count = set->data[0];
	free(set);
	if (result < 0)
		return result;
	if (!has_features)
		return -EOPNOTSUPP;
	uint32_t blocks = (features->count + 31) / 32;
	features->names = calloc(1, sizeof *features->names + (size_t)features->count * ETH_GSTRING_LEN);
	features->state = calloc(1, sizeof *features->state + blocks * sizeof features->state->features[0]);
	if (!features->names || !features->state) {
		release(features);
		return -ENOMEM;
	}
	features->names->cmd = ETHTOOL_GSTRINGS;
	features->names->string_set = ETH_SS_FEATURES;
	features->names->len = features->count;
	features->state->cmd = ETHTOOL_GFEATURES;
	features->state->size = blocks;
	result = ethtool(interface, features->names);
	if (result >= 0)
		result = ethtool(interface, features->state);
	if (result < 0) {
		release(features);
		return result;
	}
	return 0;
}

/* Feature i's name, NUL-terminated, in `name`. */
static void feature_name(const struct features *features, uint32_t i, char name[ETH_GSTRING_LEN + 1])
{
	memcpy(name, features->names->data + (size_t)i * ETH_GSTRING_LEN, ETH_GSTRING_LEN);
	name[ETH_GSTRING_LEN] = '\0';
}

/* True when feature i belongs to the offload and the driver lets it change. */
static int changeable(const struct features *features, uint32_t i, int32_t offload)
{
	char name[ETH_GSTRING_LEN + 1];
	uint32_t bit = 1u << (i % 32);
	const struct ethtool_get_features_block *block = &features->state->features[i / 32];
	feature_name(features, i, name);
	return fnmatch(pattern[offload], name, 0) == 0 && (block->available & bit) && !(block->never_changed & bit);
}

/* Appends ",name" (or "name" first) to a list; -ENOSPC when it does not fit. */
static int append(char *list, size_t size, const char *name)
{
	size_t used = strlen(list);
	size_t needed = used + (used ? 1 : 0) + strlen(name) + 1;
	if (needed > size)
		return -ENOSPC;
	if (used)
		strcat(list, ",");
	strcat(list, name);
	return 0;
}

/* True when `name` is one of the comma-separated names in `list`. */
static int listed(const char *list, const char *name)
{
	size_t length = strlen(name);
	for (const char *at = list; *at; ) {
		const char *end = strchr(at, ',');
		size_t item = end ? (size_t)(end - at) : strlen(at);
		if (item == length && strncmp(at, name, length) == 0)
			return 1;
		if (!end)
			break;
		at = end + 1;
	}
	return 0;
}

static int valid(int32_t offload)
{
	return offload >= NETAGENT_OFFLOAD_GRO && offload <= NETAGENT_OFFLOAD_LRO;
}

int netagent_offload_features(const char *interface, int32_t offload,
                              char *changeable_list, size_t changeable_size,
                              char *active_list, size_t active_size)
{
	struct features features;
	if (!valid(offload) || changeable_size == 0 || active_size == 0)
		return -EINVAL;
	changeable_list[0] = active_list[0] = '\0';
	int result = load(interface, &features);
	for (uint32_t i = 0; result == 0 && i < features.count; i++) {
		char name[ETH_GSTRING_LEN + 1];
		if (!changeable(&features, i, offload))
			continue;
		feature_name(&features, i, name);
		result = append(changeable_list, changeable_size, name);
		if (result == 0 && (features.state->features[i / 32].active & (1u << (i % 32))))
			result = append(active_list, active_size, name);
	}
	release(&features);
	return result;
}

int netagent_offload_set(const char *interface, int32_t offload, const char *enable)
{
	struct features features;
	if (!valid(offload))
		return -EINVAL;
	int result = load(interface, &features);
	if (result < 0)
		return result;
	uint32_t blocks = (features.count + 31) / 32;
	struct ethtool_sfeatures *change = calloc(1, sizeof *change + blocks * sizeof change->features[0]);
	if (!change) {
		release(&features);
		return -ENOMEM;
	}
	change->cmd = ETHTOOL_SFEATURES;
	change->size = blocks;
	for (uint32_t i = 0; i < features.count; i++) {
		char name[ETH_GSTRING_LEN + 1];
		if (!changeable(&features, i, offload))
			continue;
		feature_name(&features, i, name);
		change->features[i / 32].valid |= 1u << (i % 32);
		if (listed(enable, name))
			change->features[i / 32].requested |= 1u << (i % 32);
	}
	result = ethtool(interface, change);
	free(change);
	release(&features);
	return result < 0 ? result : 0;
}
