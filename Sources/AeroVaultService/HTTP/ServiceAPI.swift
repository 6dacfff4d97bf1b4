import Foundation
import Hummingbird

/// The routes of `aerovault serve` (SPEC.md §19 "API"; described by `openapi.yaml`).
public struct ServiceAPI: Sendable {
    let center: JobCenter
    let config: ServiceConfig
    let token: String
    let metrics: ServiceMetrics
    /// `aerovault snapshots --json` of a repository: its stdout, or why it failed.
    let listSnapshots: @Sendable (String) async -> Result<String, ListingError>

    public struct ListingError: Error { public var message: String }

    public init(
        center: JobCenter, config: ServiceConfig, token: String, metrics: ServiceMetrics,
        listSnapshots: @escaping @Sendable (String) async -> Result<String, ListingError>
    ) {
        self.center = center
        self.config = config
        self.token = token
        self.metrics = metrics
        self.listSnapshots = listSnapshots
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: JSONErrorMiddleware())
        router.get("healthz") { _, _ in JSONResponse.make(.ok, ["status": "ok"]) }
        router.get("metrics") { _, _ in JSONResponse.text(metrics.render(), contentType: "text/plain; version=0.0.4") }
        router.get("openapi.yaml") { _, _ in JSONResponse.text(OpenAPIDocument.text, contentType: "application/yaml") }
        router.get("/") { _, _ in
            let page = StatusPage(
                config: config, state: await center.state, nextRuns: await center.nextRuns(),
                now: Int64(Date().timeIntervalSince1970))
            return JSONResponse.text(page.html(), contentType: "text/html; charset=utf-8")
        }
        let v1 = router.group("v1").add(middleware: BearerTokenMiddleware(token: token))
        v1.get("policies") { _, _ in
            let state = await center.state
            let runs = await center.nextRuns()
            return JSONResponse.make(
                .ok, config.policies.values.sorted { $0.name < $1.name }.map { PolicyView($0, state.policies[$0.name], runs[$0.name]) })
        }
        v1.post("policies/:name/backup") { _, context in
            let name = try context.parameters.require("name")
            guard let id = await center.submitBackup(policy: name) else {
                return JSONResponse.error(.notFound, "no policy named '\(name)'")
            }
            return JSONResponse.make(.accepted, ["job": id])
        }
        v1.post("restores") { request, _ in try await restore(request) }
        v1.get("jobs/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let job = await center.job(id) else { return JSONResponse.error(.notFound, "no job '\(id)'") }
            return JSONResponse.make(.ok, job)
        }
        v1.get("snapshots") { request, _ in await snapshots(request) }
        return router
    }

    private func restore(_ request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 64 << 10)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let restore: Job.RestoreRequest
        do { restore = try decoder.decode(Job.RestoreRequest.self, from: Data(buffer: body)) } catch {
            return JSONResponse.error(.badRequest, "the body is not a restore request: \(error)")
        }
        if let problem = RestoreValidation.problem(restore, config: config) {
            return JSONResponse.error(.badRequest, problem)
        }
        return JSONResponse.make(.accepted, ["job": await center.submitRestore(restore)])
    }

    private func snapshots(_ request: Request) async -> Response {
        guard let name = request.uri.queryParameters["repository"].map(String.init) else {
            return JSONResponse.error(.badRequest, "give ?repository=NAME")
        }
        guard config.repositories[name] != nil else { return JSONResponse.error(.notFound, "no repository named '\(name)'") }
        switch await listSnapshots(name) {
        case .success(let json):
            let listed = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [Any] ?? []
            let body = try? JSONSerialization.data(withJSONObject: ["repository": name, "snapshots": listed], options: [.sortedKeys])
            return JSONResponse.raw(.ok, body ?? Data(), contentType: "application/json")
        case .failure(let error):
            return JSONResponse.error(.conflict, "cannot list the repository: \(error.message)")
        }
    }
}

/// A policy as `GET /v1/policies` shows it.
struct PolicyView: Encodable {
    var name, cluster, namespace, repository, schedule: String
    var sets: [String]
    var fullEverySeconds: Int64?
    var keep: [String: Int]?
    var nextRun, lastRun, lastSuccess: Int64?
    var failures: Int

    init(_ policy: ServiceConfig.Policy, _ record: ServiceState.PolicyRecord?, _ nextRun: Int64?) {
        name = policy.name
        cluster = policy.cluster
        namespace = policy.namespace
        repository = policy.repository
        schedule = policy.schedule.description
        sets = policy.sets
        fullEverySeconds = policy.fullEvery
        keep = policy.keep.map { keep in
            stride(from: 0, to: keep.forgetArguments.count, by: 2).reduce(into: [:]) { rules, index in
                rules[String(keep.forgetArguments[index].dropFirst("--keep-".count))] = Int(keep.forgetArguments[index + 1])
            }
        }
        self.nextRun = nextRun
        lastRun = record?.lastRun
        lastSuccess = record?.lastSuccess
        failures = record?.failures ?? 0
    }
}
