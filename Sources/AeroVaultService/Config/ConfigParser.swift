import Foundation
import Yams

/// Reads the YAML configuration of `aerovault serve` (SPEC.md §19 "Configuration") and refuses a
/// bad one with the file, line and reason (``ConfigError``).
public enum ConfigParser {
    public static func load(path: String) throws -> ServiceConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, line: 1, reason: "cannot read the file")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(_ text: String, file: String) throws -> ServiceConfig {
        let reader = YAMLReader(file: file)
        let root = try reader.mapping(
            try reader.compose(text), "the configuration", allowed: ["repositories", "clusters", "policies"],
            required: ["repositories", "clusters", "policies"])
        var config = ServiceConfig(repositories: [:], clusters: [:], policies: [:])
        for entry in try reader.entries(root["repositories"]!, "repositories") {
            let what = "repositories.\(entry.name)"
            let fields = try reader.mapping(
                entry.value, what, allowed: ["url", "password-file"], required: ["url", "password-file"], name: entry.key)
            config.repositories[entry.name] = .init(
                name: entry.name, url: try fields.requiredString("url"), passwordFile: try fields.requiredString("password-file"))
        }
        for entry in try reader.entries(root["clusters"]!, "clusters") {
            config.clusters[entry.name] = try cluster(entry.name, entry.key, entry.value, reader)
        }
        for entry in try reader.entries(root["policies"]!, "policies") {
            let policy = try policy(entry.name, entry.key, entry.value, reader)
            guard config.clusters[policy.cluster] != nil else {
                throw reader.error(entry.value["cluster"], "policies.\(entry.name): unknown cluster '\(policy.cluster)'")
            }
            guard config.repositories[policy.repository] != nil else {
                throw reader.error(
                    entry.value["repository"], "policies.\(entry.name): unknown repository '\(policy.repository)'")
            }
            config.policies[entry.name] = policy
        }
        return config
    }

    private static func cluster(_ name: String, _ key: Node, _ node: Node, _ reader: YAMLReader) throws -> ServiceConfig.Cluster {
        let what = "clusters.\(name)"
        let fields = try reader.mapping(node, what, allowed: ["hosts", "user", "password-env", "tls"], required: ["hosts"], name: key)
        let hosts = try fields.strings("hosts") ?? []
        guard !hosts.isEmpty else { throw reader.error(fields["hosts"], "\(what).hosts must name at least one host") }
        let passwordEnv = try fields.string("password-env")
        let user = try fields.string("user")
        if passwordEnv != nil, user == nil { throw reader.error(fields["password-env"], "\(what): password-env needs user") }
        var tls: ServiceConfig.TLS?
        if let tlsNode = fields["tls"] {
            let tlsFields = try reader.mapping(
                tlsNode, "\(what).tls", allowed: ["cafile", "name", "certfile", "keyfile"], required: ["cafile"])
            tls = .init(
                cafile: try tlsFields.requiredString("cafile"), name: try tlsFields.string("name"),
                certfile: try tlsFields.string("certfile"), keyfile: try tlsFields.string("keyfile"))
        }
        return .init(name: name, hosts: hosts, user: user, passwordEnv: passwordEnv, tls: tls)
    }

    private static func policy(_ name: String, _ key: Node, _ node: Node, _ reader: YAMLReader) throws -> ServiceConfig.Policy {
        let what = "policies.\(name)"
        let fields = try reader.mapping(
            node, what, allowed: ["cluster", "namespace", "repository", "sets", "schedule", "full-every", "keep"],
            required: ["cluster", "namespace", "repository", "schedule"], name: key)
        let scheduleText = try fields.requiredString("schedule")
        let schedule: CronSchedule
        do { schedule = try CronSchedule(parsing: scheduleText) } catch {
            throw reader.error(fields["schedule"], "\(what).schedule: \(error)")
        }
        var fullEvery: Int64?
        if let text = try fields.string("full-every") {
            guard let seconds = parseDuration(text) else {
                throw reader.error(fields["full-every"], "\(what).full-every: bad duration '\(text)' (e.g. 7d, 12h, 1d12h)")
            }
            fullEvery = seconds
        }
        var keep: ServiceConfig.Keep?
        if let keepNode = fields["keep"] {
            let rules = try reader.mapping(
                keepNode, "\(what).keep", allowed: ["last", "hourly", "daily", "weekly", "monthly", "yearly"])
            let parsed = ServiceConfig.Keep(
                last: try rules.count("last"), hourly: try rules.count("hourly"), daily: try rules.count("daily"),
                weekly: try rules.count("weekly"), monthly: try rules.count("monthly"), yearly: try rules.count("yearly"))
            guard !parsed.isEmpty else { throw reader.error(keepNode, "\(what).keep: give at least one rule") }
            keep = parsed
        }
        return .init(
            name: name, cluster: try fields.requiredString("cluster"), namespace: try fields.requiredString("namespace"),
            repository: try fields.requiredString("repository"), sets: try fields.strings("sets") ?? [],
            schedule: schedule, fullEvery: fullEvery, keep: keep)
    }

    /// Seconds of a duration like `7d`, `12h`, `90m`, `30s`, `2w` or `1d12h`; nil if it cannot be read or is 0.
    public static func parseDuration(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        var total: Int64 = 0
        var digits = ""
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if let unit = units[character], let value = Int64(digits), value <= 100_000 {
                total += value * unit
                digits = ""
            } else {
                return nil
            }
        }
        return digits.isEmpty && total > 0 ? total : nil
    }
}
