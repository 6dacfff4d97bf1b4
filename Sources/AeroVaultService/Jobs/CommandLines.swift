/// The `aerovault` command lines a job runs (SPEC.md §19 "Jobs"). Secrets never appear: the
/// repository password goes by `--password-file`, the cluster password by `--password-env`, which names
/// a variable of the service's own environment the child inherits.
struct CommandLines {
    let config: ServiceConfig

    func repository(_ name: String) -> [String] {
        guard let repository = config.repositories[name] else { return [] }
        return ["--repo", repository.url, "--password-file", repository.passwordFile]
    }

    func cluster(_ cluster: ServiceConfig.Cluster) -> [String] {
        var arguments = cluster.hosts.flatMap { ["--host", $0] }
        if let user = cluster.user { arguments += ["--user", user] }
        if let variable = cluster.passwordEnv { arguments += ["--password-env", variable] }
        if let tls = cluster.tls {
            arguments += ["--tls-enable", "--tls-cafile", tls.cafile]
            if let name = tls.name { arguments += ["--tls-name", name] }
            if let file = tls.certfile { arguments += ["--tls-certfile", file] }
            if let file = tls.keyfile { arguments += ["--tls-keyfile", file] }
        }
        return arguments
    }

    /// The tag every snapshot of a policy carries, so `forget` keeps rules per policy.
    static func tag(policy: String) -> String { "aerovault-serve:\(policy)" }

    func backup(_ policy: ServiceConfig.Policy, full: Bool) -> [String] {
        guard let cluster = config.clusters[policy.cluster] else { return [] }
        var arguments = ["backup"] + repository(policy.repository) + self.cluster(cluster)
        arguments += ["--namespace", policy.namespace, "--tag", Self.tag(policy: policy.name), "--json"]
        arguments += policy.sets.flatMap { ["--set", $0] }
        if full { arguments.append("--full") }
        return arguments
    }

    func forget(_ policy: ServiceConfig.Policy, keep: ServiceConfig.Keep) -> [String] {
        ["forget"] + repository(policy.repository) + ["--tag", Self.tag(policy: policy.name)] + keep.forgetArguments
            + ["--prune", "--json"]
    }

    func restore(_ request: Job.RestoreRequest) -> [String]? {
        guard let cluster = config.clusters[request.cluster], config.repositories[request.repository] != nil else {
            return nil
        }
        var arguments = ["restore", request.snapshot] + repository(request.repository) + self.cluster(cluster)
        arguments += ["--namespace", request.namespace, "--json"]
        if let namespace = request.targetNamespace { arguments += ["--target-namespace", namespace] }
        if request.options?.replace == true { arguments.append("--replace") }
        if request.options?.unique == true { arguments.append("--unique") }
        if request.options?.noGeneration == true { arguments.append("--no-generation") }
        return arguments
    }

    func stats(_ repository: String) -> [String] { ["stats", "--mode", "raw-data", "--json"] + self.repository(repository) }

    func snapshots(_ repository: String) -> [String] { ["snapshots", "--json"] + self.repository(repository) }
}
