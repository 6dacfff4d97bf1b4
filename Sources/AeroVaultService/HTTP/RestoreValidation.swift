/// Checks a `POST /v1/restores` body before it becomes a command line: names must be configured, and
/// the snapshot and namespaces must look like what they are, so no value can read as a flag.
enum RestoreValidation {
    static func problem(_ request: Job.RestoreRequest, config: ServiceConfig) -> String? {
        guard config.repositories[request.repository] != nil else { return "no repository named '\(request.repository)'" }
        guard config.clusters[request.cluster] != nil else { return "no cluster named '\(request.cluster)'" }
        let hex = Set("0123456789abcdef")
        let snapshot = request.snapshot
        guard snapshot == "latest" || ((4...64).contains(snapshot.count) && snapshot.allSatisfy(hex.contains)) else {
            return "snapshot must be 'latest' or 4 to 64 lowercase hex digits"
        }
        for namespace in [request.namespace] + (request.targetNamespace.map { [$0] } ?? []) {
            guard isName(namespace) else { return "namespace '\(namespace)' must be 1 to 31 letters, digits, '_' or '-', not starting with '-'" }
        }
        return nil
    }

    static func isName(_ text: String) -> Bool {
        (1...31).contains(text.count) && !text.hasPrefix("-")
            && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
    }
}
