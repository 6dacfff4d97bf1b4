import Foundation

/// The status page at `/` (SPEC.md §19 "Status page"): server-rendered HTML without scripts —
/// policies with their next and last runs, recent jobs, and per repository a chart of its size and
/// snapshot count over time (``SizeChart``).
struct StatusPage {
    let config: ServiceConfig
    let state: ServiceState
    let nextRuns: [String: Int64]
    let now: Int64
    static let recentJobs = 20

    func html() -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>aerovault serve</title>
        <style>
        body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:2em}
        th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f0f0f0}
        .succeeded{color:#070}.failed{color:#b00}.running{color:#05a}
        </style></head><body>
        <h1>aerovault serve</h1>
        <p>Page generated \(Self.time(now)).</p>
        <h2>Policies</h2>
        \(policies())
        <h2>Recent jobs</h2>
        \(jobs())
        <h2>Repositories</h2>
        \(repositories())
        </body></html>
        """
    }

    private func policies() -> String {
        let rows = config.policies.values.sorted { $0.name < $1.name }.map { policy in
            let record = state.policies[policy.name]
            return Self.row([
                policy.name, policy.cluster + " / " + policy.namespace, policy.repository, policy.schedule.description,
                Self.time(nextRuns[policy.name]), Self.time(record?.lastRun), Self.time(record?.lastSuccess),
                String(record?.failures ?? 0),
            ])
        }
        return Self.table(
            ["Policy", "Cluster / namespace", "Repository", "Schedule (UTC)", "Next run", "Last run", "Last success", "Failures"],
            rows)
    }

    private func jobs() -> String {
        let rows = state.jobs.suffix(Self.recentJobs).reversed().map { job in
            Self.row(
                [
                    job.id, job.kind.rawValue, job.policy ?? "-", job.repository, job.state.rawValue,
                    Self.time(job.startedAt), job.snapshot.map { String($0.prefix(8)) } ?? "-", job.error ?? "",
                ], stateClass: job.state.rawValue)
        }
        return Self.table(["Job", "Kind", "Policy", "Repository", "State", "Started", "Snapshot", "Error"], rows)
    }

    private func repositories() -> String {
        config.repositories.keys.sorted().map { name in
            let samples = state.repositories[name] ?? []
            let latest = samples.last.map { "\($0.snapshots) snapshots, \($0.bytes) bytes stored" } ?? "no job has run yet"
            return "<h3>\(Self.escape(name))</h3><p>\(latest)</p>\n" + SizeChart(repository: name, samples: samples).svg()
        }.joined(separator: "\n")
    }

    static func table(_ headers: [String], _ rows: [String]) -> String {
        "<table><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n" + rows.joined(separator: "\n")
            + "</table>"
    }

    static func row(_ cells: [String], stateClass: String? = nil) -> String {
        let attribute = stateClass.map { " class=\"\(escape($0))\"" } ?? ""
        return "<tr\(attribute)>" + cells.map { "<td>\(escape($0))</td>" }.joined() + "</tr>"
    }

    static func time(_ seconds: Int64?) -> String {
        guard let seconds else { return "-" }
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
