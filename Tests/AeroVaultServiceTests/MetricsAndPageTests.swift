import Testing

@testable import AeroVaultService

/// The metrics (SPEC.md §19 "Metrics") and the status page (SPEC.md §19 "Status page and logs") from a state.
@Suite struct MetricsAndPageTests {
    static var state: ServiceState {
        var state = ServiceState()
        state.jobs = [
            Job(id: "1-1", kind: .backup, policy: "a1", repository: "a", state: .failed, createdAt: 1, error: "<script>x</script>"),
            Job(id: "1-2", kind: .backup, policy: "a1", repository: "a", state: .queued, createdAt: 2),
        ]
        state.policies["a1"] = .init(lastSuccess: 1_700_000_000, failures: 2)
        state.record(.init(time: 10, bytes: 1000, snapshots: 1), repository: "a")
        state.record(.init(time: 20, bytes: 1500, snapshots: 2), repository: "a")
        return state
    }

    @Test func metricsFollowTheState() {
        let metrics = ServiceMetrics(policies: ["a1"], repositories: ["a", "b"])
        metrics.update(from: Self.state)
        metrics.update(from: Self.state)  // counters restate the saved count, never add it twice
        metrics.recordBackup(policy: "a1", result: JobResult(snapshot: "s", records: 7, bytesAdded: 300, durationSeconds: 1.5, full: false))
        let text = metrics.render()
        for line in [
            #"aerovault_policy_failures_total{policy="a1"} 2"#, #"aerovault_jobs{state="failed"} 1.0"#,
            #"aerovault_jobs{state="queued"} 1.0"#, #"aerovault_jobs{state="running"} 0.0"#,
            #"aerovault_policy_last_success_timestamp_seconds{policy="a1"} 1700000000.0"#,
            #"aerovault_repository_size_bytes{repository="a"} 1500.0"#, #"aerovault_repository_size_bytes{repository="b"} 0.0"#,
            #"aerovault_repository_snapshots{repository="a"} 2.0"#, #"aerovault_policy_last_records{policy="a1"} 7.0"#,
            #"aerovault_policy_bytes_added_total{policy="a1"} 300"#, #"aerovault_policy_last_duration_seconds{policy="a1"} 1.5"#,
        ] {
            #expect(text.contains(line + "\n"), "\(line) in\n\(text)")
        }
    }

    @Test func statusPageEscapesAndCharts() {
        let page = StatusPage(
            config: JobCenterTests.config, state: Self.state, nextRuns: ["a1": 1_800_000_000], now: 1_790_000_000
        ).html()
        #expect(page.contains("&lt;script&gt;x&lt;/script&gt;"))
        #expect(!page.contains("<script"))
        #expect(page.contains("<td>2027-01-15T08:00:00Z</td>"), "next run of a1")
        #expect(page.contains("2 snapshots, 1500 bytes stored"))
        // Size 1000 then 1500 bytes, snapshots 1 then 2, each scaled to its maximum (plot from y 160 up to 24).
        #expect(page.contains(##"stroke="#1f77b4" stroke-width="2" points="40,69 560,24""##))
        #expect(page.contains(##"stroke="#ff7f0e" stroke-width="2" points="40,92 560,24""##))
        #expect(page.contains("no job has run yet"), "repository b has no samples")
    }
}
