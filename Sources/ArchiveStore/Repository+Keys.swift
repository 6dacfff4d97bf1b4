import Foundation

/// A key file as listed by ``Repository/listKeys()``.
public struct KeySummary: Sendable {
    public var id: KeyID
    public var info: KeyFileInfo
    /// Whether this key opened the current session.
    public var isCurrent: Bool
    /// The start of the newest readable snapshot this key wrote (SPEC.md §9 "Audit"); nil when none
    /// records it.
    public var lastUsed: Date?
}

extension Repository {
    /// Adds a key file with `role` so `password` also opens the repository. Returns the new key's id.
    /// - Parameter kdf: KDF cost for the new key (default: the current key's).
    /// - Throws: `.roleRefused` unless this session's key is an admin key.
    public func addKey(password: [UInt8], role: KeyRole = .admin, kdf: KDFParameters? = nil) async throws -> KeyID {
        try self.role.require(.admin, for: "adding a key")
        return try await saveKey(password: password, role: role, kdf: kdf)
    }

    private func saveKey(password: [UInt8], role: KeyRole, kdf: KDFParameters?) async throws -> KeyID {
        guard let masterKey else { throw ArchiveStoreError(.roleRefused, "a backup key cannot make key files") }
        guard !password.isEmpty else { throw ArchiveStoreError(.invalidArgument, "the password must not be empty") }
        var parameters = kdf
        if parameters == nil { parameters = try await currentKeyInfo().kdf }
        return try await Self.saveKeyFile(
            master: masterKey, role: role, password: password, kdf: parameters ?? .default, backend: backend)
    }

    /// Every key file, oldest first, with its last use as recorded by snapshots. Damaged key files are
    /// skipped (they open nothing).
    public func listKeys() async throws -> [KeySummary] {
        var lastUsed: [KeyID: Date] = [:]
        for (_, snapshot) in try await listReadableSnapshots().snapshots {
            guard let key = snapshot.keyID else { continue }
            lastUsed[key] = max(lastUsed[key] ?? snapshot.time, snapshot.time)
        }
        var out: [KeySummary] = []
        for file in try await backend.list(.key) {
            guard let id = ID32(hex: file.name),
                let bytes = try? await backend.load(.key, name: file.name),
                (try? SealedFile.verifyName(bytes, kind: .key, name: file.name)) != nil,
                let info = try? KeyFile.inspect(bytes)
            else { continue }
            out.append(KeySummary(id: id, info: info, isCurrent: id == keyID, lastUsed: lastUsed[id]))
        }
        return out.sorted { ($0.info.created, $0.id) < ($1.info.created, $1.id) }
    }

    /// Removes a key file.
    /// - Throws: `.refused` for the last key or the key in use; `.notFound` for an unknown id;
    ///   `.roleRefused` unless this session's key is an admin key.
    public func removeKey(_ id: KeyID) async throws {
        try role.require(.admin, for: "removing a key")
        try requireNotAppendOnly("removing a key")
        let keys = try await backend.list(.key)
        guard keys.contains(where: { $0.name == id.hex }) else {
            throw ArchiveStoreError(.notFound, "no key \(id.short) in this repository")
        }
        guard keys.count > 1 else {
            throw ArchiveStoreError(.refused, "refusing to remove the last key: the repository would be unreadable")
        }
        guard id != keyID else {
            throw ArchiveStoreError(
                .refused, "refusing to remove key \(id.short), which opened this session; use another password")
        }
        try await backend.remove(.key, name: id.hex)
    }

    /// Replaces the current key with one for `newPassword` (same KDF cost and role). Returns the new key's id.
    /// - Throws: `.roleRefused` unless this session's key is an admin key.
    public func changePassword(_ newPassword: [UInt8]) async throws -> KeyID {
        try role.require(.admin, for: "changing a password")
        try requireNotAppendOnly("changing a password (it removes the old key file)")
        let old = keyID
        let new = try await saveKey(password: newPassword, role: role, kdf: nil)
        try await backend.remove(.key, name: old.hex)
        keyID = new
        return new
    }

    /// Resolves a unique prefix of a key id.
    public func resolveKey(_ prefix: String) async throws -> KeyID {
        let names = try await backend.list(.key).map(\.name)
        return try Self.resolvePrefix(prefix, among: names, what: "key")
    }

    // MARK: - Key files

    static func saveKeyFile(
        master: MasterKey, role: KeyRole, password: [UInt8], kdf: KDFParameters, backend: any Backend
    ) async throws -> KeyID {
        let bytes = try KeyFile.create(
            masterKey: master, role: role, password: password, parameters: kdf, host: ProcessInfo.processInfo.hostName,
            username: ProcessInfo.processInfo.environment["USER"] ?? "", created: Date())
        let id = FileHash.id(of: bytes)
        try await backend.save(.key, name: id.hex, bytes: bytes)
        return id
    }

    /// Tries every key file with `password` (SPEC.md §3 "Reading", §6 "Opening").
    ///
    /// A key file is damaged when its name is not the hash of its bytes, or its structure or
    /// checksum is wrong: such a file can open nothing, and that is told apart from a wrong password
    /// without the password.
    /// - Throws: `.wrongPassword` if every key file is intact and none opens; `.corrupted` naming the
    ///   damaged key files if none opens and some are damaged (the password may belong to one of them).
    static func openKey(backend: any Backend, password: [UInt8]) async throws -> (KeyFile.OpenedKey, KeyID) {
        var damaged: [String] = []
        let files = try await backend.list(.key).sorted { $0.name < $1.name }
        for file in files {
            let what = FileKind.key.path(of: file.name)
            guard let id = ID32(hex: file.name) else { continue }
            do {
                let bytes = try await backend.load(.key, name: file.name)
                try SealedFile.verifyName(bytes, kind: .key, name: file.name)
                return (try KeyFile.open(bytes, password: password), id)
            } catch let error as ArchiveStoreError where error.code == .wrongPassword {
                continue
            } catch let error as ArchiveStoreError where error.code == .notFound {
                continue  // removed since it was listed (`key remove` in another process)
            } catch let error as ArchiveStoreError where error.code == .io {
                throw error
            } catch {
                let message = (error as? ArchiveStoreError)?.message ?? "\(error)"
                damaged.append(message.contains(what) ? message : "\(what): \(message)")
            }
        }
        if files.isEmpty {
            throw ArchiveStoreError(.wrongPassword, "the repository at \(backend.location) has no key files")
        }
        guard damaged.isEmpty else {
            let intact = files.count - damaged.count
            throw ArchiveStoreError(
                .corrupted,
                "damaged key file\(damaged.count == 1 ? "" : "s"): \(damaged.joined(separator: "; ")). "
                    + (intact == 0
                        ? "No intact key file is left: restore the keys/ directory from a copy of the repository"
                        : "None of the \(intact) intact key file\(intact == 1 ? "" : "s") opens with this password; "
                            + "if the password is right, its key file is the damaged one: restore it from a copy, "
                            + "or use the password of another key"))
        }
        throw ArchiveStoreError(.wrongPassword, "wrong password: no key file opens with it")
    }

    private func currentKeyInfo() async throws -> KeyFileInfo {
        try KeyFile.inspect(try await backend.load(.key, name: keyID.hex))
    }

    /// Resolves `prefix` (at least 4 hex characters) to exactly one of `names`.
    static func resolvePrefix(_ prefix: String, among names: [String], what: String) throws -> ID32 {
        let lower = prefix.lowercased()
        guard lower.count >= 4 || lower.count == 64 else {
            throw ArchiveStoreError(.invalidArgument, "\(what) id \"\(prefix)\" is too short; give at least 4 characters")
        }
        let matches = names.filter { $0.hasPrefix(lower) }
        guard matches.count == 1, let id = ID32(hex: matches[0]) else {
            throw ArchiveStoreError(
                matches.isEmpty ? .notFound : .invalidArgument,
                matches.isEmpty ? "no \(what) matches \"\(prefix)\"" : "\"\(prefix)\" matches \(matches.count) \(what)s")
        }
        return id
    }
}
