import ServiceLifecycle

/// The scheduler loop as a swift-service-lifecycle service: starts the queued jobs of the state file,
/// queues due policies as their times come, and on graceful shutdown interrupts the running jobs and
/// waits for them (SPEC.md §19 "Shutdown").
public struct ScheduleService: Service {
    let center: JobCenter

    public init(center: JobCenter) { self.center = center }

    public func run() async throws {
        await center.start()
        await center.runDue()
        try? await cancelWhenGracefulShutdown { [center] in
            while !Task.isCancelled {
                // Wake at most a minute apart: the clock may jump (suspend, NTP).
                try await Task.sleep(for: .seconds(min(60, await center.secondsToNextRun())))
                await center.runDue()
            }
        }
        await center.shutdown()
    }
}
