import Glibc

/// The account that netagent's work runs as once it needs no root: its system user where the
/// package made one (`netagent`), else `nobody`.
public struct UnprivilegedUser: Sendable, Equatable {
    public let name: String
    public let uid: uid_t
    public let gid: gid_t

    /// The names tried, in order.
    public static let candidates = ["netagent", "nobody"]

    /// The first of `candidates` that exists, or the user named `name` when given.
    public static func find(named name: String? = nil) throws -> UnprivilegedUser {
        for candidate in name.map({ [$0] }) ?? candidates {
            guard let entry = getpwnam(candidate) else { continue }
            guard entry.pointee.pw_uid != 0 else {
                throw NetAgentError("user \(candidate) has uid 0: give an unprivileged user", exitCode: .invalidConfig)
            }
            return UnprivilegedUser(name: candidate, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
        }
        let tried = (name.map { [$0] } ?? candidates).joined(separator: " or ")
        throw NetAgentError(
            "no user \(tried) on this host: create one (useradd --system \(tried.split(separator: " ")[0]))", exitCode: .invalidConfig)
    }
}
