/// Where a repository lives, parsed from `--repo` / `$AEROVAULT_REPOSITORY` (SPEC.md §14 "init").
///
/// Like restic, a location is either a local directory or `scheme:rest` for another backend
/// (`s3:https://host/bucket`, `sftp:user@host:/path`, `rest:http://host/`). ``makeBackend()`` opens
/// directories; a scheme form is parsed (so it is never taken for a directory named `s3:http:`) and
/// refused here. `s3:` is resolved by the CLI to the S3 backend (target ArchiveStoreS3, which keeps
/// HTTP out of this library; SPEC.md §6 "S3 backend").
public struct RepositoryLocation: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// A local directory (`/srv/vault`, `./vault`, `vault`, or `local:/srv/vault`).
        case directory(path: String)
        /// A `scheme:rest` location of a backend this build does not have.
        case unsupported(scheme: String, rest: String)
    }

    public var kind: Kind
    /// The text as given.
    public var text: String

    public var description: String { text }

    /// Schemes that name backends restic has and aerovault may get (named in the refusal).
    static let knownSchemes: Set<String> = ["s3", "sftp", "rest", "b2", "azure", "gs", "swift", "rclone"]

    /// Parses a location. A path with a `/` before its first `:` is a directory (`./s3:x`, `/a:b`);
    /// `scheme:…` with a scheme of 2+ letters, digits, `+`, `-` or `.` (RFC 3986, starting with a
    /// letter) is a backend URL.
    /// - Throws: `.invalidArgument` for an empty location or an empty `local:` path.
    public init(parsing text: String) throws {
        self.text = text
        guard !text.isEmpty else { throw ArchiveStoreError(.invalidArgument, "the repository location is empty") }
        guard let colon = text.firstIndex(of: ":") else {
            kind = .directory(path: text)
            return
        }
        let scheme = text[..<colon]
        let rest = String(text[text.index(after: colon)...])
        guard Self.isScheme(scheme) else {
            kind = .directory(path: text)
            return
        }
        if scheme.lowercased() == "local" {
            guard !rest.isEmpty else {
                throw ArchiveStoreError(.invalidArgument, "repository location '\(text)' names no directory after 'local:'")
            }
            kind = .directory(path: rest)
        } else {
            kind = .unsupported(scheme: scheme.lowercased(), rest: rest)
        }
    }

    private static func isScheme(_ text: Substring) -> Bool {
        guard text.count >= 2, let first = text.unicodeScalars.first, first.isASCIILetter else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) }
    }

    /// The backend for this location.
    /// - Throws: `.invalidArgument` for a backend this build does not support, naming the scheme and
    ///   how to write a directory whose name contains a colon.
    public func makeBackend() throws -> any Backend {
        switch kind {
        case .directory(let path):
            return LocalBackend(path: path)
        case .unsupported(let scheme, _):
            let planned = Self.knownSchemes.contains(scheme) ? " (planned)" : ""
            throw ArchiveStoreError(
                .invalidArgument,
                "repository location '\(text)' uses the '\(scheme):' backend\(planned), which this version of aerovault "
                    + "does not support; only local directories work for now (for a directory whose name contains ':', "
                    + "write ./\(text) or local:\(text))")
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
