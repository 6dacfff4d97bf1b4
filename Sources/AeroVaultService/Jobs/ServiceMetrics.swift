import CoreMetrics
import Prometheus

/// The service's Prometheus metrics (SPEC.md §19 "Metrics"), made through swift-metrics with
/// swift-prometheus's factory on a registry of their own (no global bootstrap).
public final class ServiceMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    public init(policies: [String], repositories: [String]) {
        factory = PrometheusMetricsFactory(registry: registry)
        // Every family exists from the start, so a scrape before the first job shows zeros.
        for policy in policies {
            _ = CoreMetrics.Counter(label: "aerovault_policy_failures_total", dimensions: [("policy", policy)], factory: factory)
            _ = CoreMetrics.Counter(label: "aerovault_policy_bytes_added_total", dimensions: [("policy", policy)], factory: factory)
        }
        for state in Job.State.allCases { gauge("aerovault_jobs", ("state", state.rawValue)).record(0) }
        for repository in repositories { gauge("aerovault_repository_size_bytes", ("repository", repository)).record(0) }
    }

    private func gauge(_ label: String, _ dimension: (String, String)) -> CoreMetrics.Gauge {
        CoreMetrics.Gauge(label: label, dimensions: [dimension], factory: factory)
    }

    /// After a successful backup: its duration, records and bytes added.
    func recordBackup(policy: String, result: JobResult) {
        gauge("aerovault_policy_last_duration_seconds", ("policy", policy)).record(result.durationSeconds ?? 0)
        gauge("aerovault_policy_last_records", ("policy", policy)).record(Int64(result.records ?? 0))
        CoreMetrics.Counter(label: "aerovault_policy_bytes_added_total", dimensions: [("policy", policy)], factory: factory)
            .increment(by: Int64(result.bytesAdded ?? 0))
    }

    /// The gauges that follow the state: job counts, last success times, failures, repository sizes.
    func update(from state: ServiceState) {
        for jobState in Job.State.allCases {
            gauge("aerovault_jobs", ("state", jobState.rawValue)).record(Int64(state.jobs.filter { $0.state == jobState }.count))
        }
        for (policy, record) in state.policies {
            if let success = record.lastSuccess {
                gauge("aerovault_policy_last_success_timestamp_seconds", ("policy", policy)).record(success)
            }
            let failures = CoreMetrics.Counter(label: "aerovault_policy_failures_total", dimensions: [("policy", policy)], factory: factory)
            failures.reset()
            failures.increment(by: Int64(record.failures))
        }
        for (repository, samples) in state.repositories {
            guard let last = samples.last else { continue }
            gauge("aerovault_repository_size_bytes", ("repository", repository)).record(Int64(last.bytes))
            gauge("aerovault_repository_snapshots", ("repository", repository)).record(Int64(last.snapshots))
        }
    }

    /// The Prometheus text exposition of every metric.
    public func render() -> String { registry.emitToString() }
}
