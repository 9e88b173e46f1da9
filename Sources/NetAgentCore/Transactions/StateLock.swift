import Glibc

/// An exclusive hold on the state directory; released when deinitialized.
public final class StateLock {
    private let fd: Int32
    init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }
}
