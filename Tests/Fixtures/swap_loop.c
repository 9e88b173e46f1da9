/*
 * swap_loop A B STOP: exchanges the directory entries A and B with
 * renameat2(RENAME_EXCHANGE) as fast as it can until the file STOP exists (or
 * ten minutes pass), then prints how many exchanges it made. The trust tests run it as an unprivileged user who
 * owns the directory holding A and B, to race netagent's check against its load.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: swap_loop A B STOP\n");
		return 64;
	}
	time_t end = time(NULL) + 600;
	unsigned long swaps = 0;
	for (unsigned long tries = 0;; tries++) {
		if ((tries % 256 == 0) && (access(argv[3], F_OK) == 0 || time(NULL) > end))
			break;
		if (renameat2(AT_FDCWD, argv[1], AT_FDCWD, argv[2], RENAME_EXCHANGE) == 0)
			swaps++;
	}
	printf("%lu\n", swaps);
	return swaps > 0 ? 0 : 1;
}
