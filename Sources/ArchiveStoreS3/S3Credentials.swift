import ArchiveStore
import Foundation

/// AWS credentials for signing requests (SPEC.md §6 "S3 backend").
public struct S3Credentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Credentials as the AWS tools find them: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+
    /// `AWS_SESSION_TOKEN`), else the profile `AWS_PROFILE` (default `default`) of the shared
    /// credentials file (`AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`).
    /// - Throws: `.invalidArgument` when neither gives a key pair, or the named profile is missing.
    public static func resolve(environment: [String: String], readFile: (String) -> String? = S3Credentials.readFile)
        throws -> S3Credentials
    {
        if let id = environment["AWS_ACCESS_KEY_ID"], !id.isEmpty,
            let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        {
            return S3Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: nonEmpty(environment["AWS_SESSION_TOKEN"]))
        }
        let profile = nonEmpty(environment["AWS_PROFILE"]) ?? "default"
        let path = nonEmpty(environment["AWS_SHARED_CREDENTIALS_FILE"])
            ?? (nonEmpty(environment["HOME"]).map { $0 + "/.aws/credentials" })
        let missing = "no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a profile in "
        guard let path, let text = readFile(path) else {
            throw ArchiveStoreError(.invalidArgument, missing + (path ?? "~/.aws/credentials"))
        }
        let sections = parseINI(text)
        guard let values = sections[profile] else {
            throw ArchiveStoreError(.invalidArgument, missing + "\(path) (it has no profile [\(profile)])")
        }
        guard let id = nonEmpty(values["aws_access_key_id"]), let secret = nonEmpty(values["aws_secret_access_key"]) else {
            throw ArchiveStoreError(
                .invalidArgument, "profile [\(profile)] in \(path) lacks aws_access_key_id or aws_secret_access_key")
        }
        return S3Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: nonEmpty(values["aws_session_token"]))
    }

    /// Sections of an AWS-style INI file: `[name]` (or `[profile name]`) headers, `key = value` lines,
    /// `#` and `;` comment lines. Keys are lowercased; later duplicates win.
    static func parseINI(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                var name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("profile ") { name = name.dropFirst(8).trimmingCharacters(in: .whitespaces) }
                current = name
                if sections[name] == nil { sections[name] = [:] }
            } else if let current, let equals = line.firstIndex(of: "=") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                sections[current]?[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return sections
    }

    public static func readFile(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func nonEmpty(_ text: String?) -> String? { text?.isEmpty == false ? text : nil }
}
