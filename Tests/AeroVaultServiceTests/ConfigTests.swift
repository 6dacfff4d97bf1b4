import Testing

@testable import AeroVaultService

/// The YAML configuration of `aerovault serve` (SPEC.md §19 "Configuration"): a good file gives
/// typed values; each kind of mistake is refused with the file, the line and the reason.
@Suite struct ConfigTests {
    static let good = """
        repositories:
          local: {url: /srv/vault, password-file: /etc/aerovault/pw}
          remote:
            url: s3:http://127.0.0.1:9000/bucket
            password-file: /etc/aerovault/pw2
        clusters:
          prod: {hosts: ["10.0.0.1:3000", "10.0.0.2"], user: backup, password-env: AS_PW, tls: {cafile: /etc/ca.pem, name: prod}}
          dev: {hosts: [127.0.0.1]}
        policies:
          nightly:
            cluster: prod
            namespace: test
            repository: local
            schedule: "0 2 * * *"
            full-every: 7d
            keep: {last: 3, daily: 7, weekly: 4}
          hourly:
            cluster: dev
            namespace: bar
            sets: [users]
            repository: remote
            schedule: "*/15 * * * 1-5"
        """

    @Test func readsAGoodFile() throws {
        let config = try ConfigParser.parse(Self.good, file: "serve.yaml")
        #expect(config.repositories["local"] == .init(name: "local", url: "/srv/vault", passwordFile: "/etc/aerovault/pw"))
        #expect(config.repositories["remote"]?.url == "s3:http://127.0.0.1:9000/bucket")
        let prod = try #require(config.clusters["prod"])
        #expect(prod.hosts == ["10.0.0.1:3000", "10.0.0.2"])
        #expect(prod.user == "backup")
        #expect(prod.passwordEnv == "AS_PW")
        #expect(prod.tls == .init(cafile: "/etc/ca.pem", name: "prod", certfile: nil, keyfile: nil))
        let nightly = try #require(config.policies["nightly"])
        #expect(nightly.schedule.description == "0 2 * * *")
        #expect(nightly.fullEvery == 604_800)
        #expect(nightly.keep?.forgetArguments == ["--keep-last", "3", "--keep-daily", "7", "--keep-weekly", "4"])
        #expect(config.policies["hourly"]?.sets == ["users"])
        #expect(config.policies["hourly"]?.keep == nil)
        #expect(config.policies["hourly"]?.fullEvery == nil)
    }

    /// Replaces `old` in the good file and returns the error the parser throws.
    private func refusal(replacing old: String, with new: String) throws -> ConfigError {
        let text = Self.good.replacingOccurrences(of: old, with: new)
        #expect(text != Self.good, "the replacement must change the file")
        return try #require(throws: ConfigError.self) { try ConfigParser.parse(text, file: "bad.yaml") }
    }

    @Test func refusesAnUnknownKey() throws {
        let error = try refusal(replacing: "    full-every: 7d", with: "    full-evry: 7d")
        #expect(error.file == "bad.yaml")
        #expect(error.line == 15)
        #expect(error.reason.contains("unknown key 'full-evry'"))
        #expect(error.description.hasPrefix("bad.yaml:15: policies.nightly: unknown key"))
    }

    @Test func refusesAMissingField() throws {
        let error = try refusal(replacing: "    namespace: bar\n", with: "")
        #expect(error.line == 17)
        #expect(error.reason == "policies.hourly: missing field 'namespace'")
    }

    @Test func refusesABadCron() throws {
        let error = try refusal(replacing: "\"0 2 * * *\"", with: "\"0 25 * * *\"")
        #expect(error.line == 14)
        #expect(error.reason.contains("policies.nightly.schedule"))
        #expect(error.reason.contains("hour '25'"))
        let short = try refusal(replacing: "\"0 2 * * *\"", with: "\"0 2 * *\"")
        #expect(short.reason.contains("needs 5 fields"))
    }

    @Test func refusesAnUnknownClusterOrRepository() throws {
        let cluster = try refusal(replacing: "cluster: prod", with: "cluster: staging")
        #expect(cluster.line == 11)
        #expect(cluster.reason == "policies.nightly: unknown cluster 'staging'")
        let repository = try refusal(replacing: "repository: remote", with: "repository: nowhere")
        #expect(repository.line == 21)
        #expect(repository.reason == "policies.hourly: unknown repository 'nowhere'")
    }

    @Test func refusesABadDuration() throws {
        let error = try refusal(replacing: "full-every: 7d", with: "full-every: 7 days")
        #expect(error.line == 15)
        #expect(error.reason.contains("bad duration '7 days'"))
        #expect(ConfigParser.parseDuration("1d12h") == 129_600)
        #expect(ConfigParser.parseDuration("2w") == 1_209_600)
        #expect(ConfigParser.parseDuration("0d") == nil)
        #expect(ConfigParser.parseDuration("12") == nil)
    }

    @Test func refusesOtherMistakesWithTheirLine() throws {
        #expect(try refusal(replacing: "keep: {last: 3,", with: "keep: {last: -3,").reason.contains("keep.last must be a whole number"))
        #expect(try refusal(replacing: "dev: {hosts: [127.0.0.1]}", with: "dev: {hosts: []}").line == 8)
        let syntax = try #require(throws: ConfigError.self) {
            try ConfigParser.parse("repositories:\n  a: [\n", file: "syntax.yaml")
        }
        #expect(syntax.reason.hasPrefix("YAML syntax"))
        #expect(syntax.file == "syntax.yaml")
        let missing = try #require(throws: ConfigError.self) { try ConfigParser.parse("clusters: {}\n", file: "m.yaml") }
        #expect(missing.reason == "the configuration: missing field 'repositories'")
    }
}
