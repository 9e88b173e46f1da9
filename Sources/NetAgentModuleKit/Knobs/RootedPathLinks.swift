import Glibc

extension RootedPath {
    /// The file a symlink at this path finally names, inside the same root (itself when it is no
    /// link), up to 8 hops: how a tuner finds the file to edit behind `/etc/resolv.conf` while
    /// keeping the link. Each link is read through its directory opened inside the root, and a
    /// target climbing above `/` stays at `/`, as the kernel does for a chroot; the directories
    /// in the answer may still be links, which every open resolves inside the root.
    public func followingSymlinks() throws -> RootedPath {
        var current = self
        for _ in 0..<8 {
            guard let target = try current.linkTarget() else { return current }
            let base = target.hasPrefix("/") ? [] : current.path.split(separator: "/").dropLast().map(String.init)
            var components: [String] = base
            for part in target.split(separator: "/") where part != "." {
                if part == ".." { _ = components.popLast() } else { components.append(String(part)) }
            }
            current = RootedPath(root: root, "/" + components.joined(separator: "/"))
        }
        throw ModuleError.failed("\(self): more than 8 symlinks to follow")
    }

    /// What the symlink at this path says, nil when no link is there.
    private func linkTarget() throws -> String? {
        let directory: OpenDirectory
        do {
            directory = try OpenDirectory(parent)
        } catch let error where error.code == ENOENT || error.code == ENOTDIR {
            return nil
        } catch {
            throw KnobFile.moduleError(error)
        }
        var buffer = [CChar](repeating: 0, count: 4097)
        let length = readlinkat(directory.fd, name, &buffer, 4096)
        guard length >= 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
