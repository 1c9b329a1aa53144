import Foundation
import HTTPTypes
import Hummingbird
import Logging
import VendoAPI
import VendoCore

/// The concerns every request shares, pages and API alike, as Hummingbird middleware run in
/// order by the router before every page and route (`makeRouter`).

/// The client's address: the peer's, or the one a trusted proxy names (`TrustedProxies`).
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = VendoRequestContext
    let proxies: TrustedProxies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !proxies.isEmpty, let name = HTTPField.Name(proxies.header.rawValue) else { return try await next(request, context) }
        var context = context
        context.clientAddress = proxies.clientAddress(peer: context.clientAddress, headerValues: request.headers[values: name])
        return try await next(request, context)
    }
}

/// One log line per request: method, path, status, milliseconds and client.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = VendoRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        func log(_ status: Int) {
            let elapsed = (ContinuousClock.now - start).components
            context.logger.info("\(request.method) \(request.uri.path) \(status)", metadata: [
                "status": "\(status)", "ms": "\(Self.milliseconds(seconds: elapsed.seconds, attoseconds: elapsed.attoseconds))",
                "client": "\(context.clientAddress)",
            ])
        }
        do {
            let response = try await next(request, context)
            log(response.status.code)
            return response
        } catch {
            log(500)
            throw error
        }
    }

    /// A duration in milliseconds with two decimals (`3.96`), rounded half up, written without
    /// `String(format:)`, which cost more than the rest of the line.
    static func milliseconds(seconds: Int64, attoseconds: Int64) -> String {
        let hundredths = seconds * 100_000 + (attoseconds + 5_000_000_000_000) / 10_000_000_000_000
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// Counts every answer, pages and API alike, by method, route pattern and status, with its
/// duration (`/metrics`). A path no route has counts as "unmatched".
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = VendoRequestContext
    let metrics: Metrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        func record(_ status: Int) {
            let elapsed = (ContinuousClock.now - start).components
            // The router names the pattern it matched; its not-found answer names none of ours.
            let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched"
            metrics.record(method: request.method.rawValue, route: route, status: status,
                           seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
        }
        do {
            let response = try await next(request, context)
            record(response.status.code)
            return response
        } catch {
            record(500)
            throw error
        }
    }
}

/// The request id, and headers that keep pages from being framed, sniffed or leaking record
/// ids to other sites: no inline script, no framing, no type sniffing, no referrer.
struct ResponseHeadersMiddleware: RouterMiddleware {
    typealias Context = VendoRequestContext

    static let securityHeaders: [(HTTPField.Name, String)] = [
        ("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ].compactMap { name, value in HTTPField.Name(name).map { ($0, value) } }

    static let requestId = HTTPField.Name("X-Request-Id")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if let name = Self.requestId { response.headers[name] = context.id }
        for (name, value) in Self.securityHeaders { response.headers[name] = value }
        return response
    }
}

/// A request the router matched no route for: when its path is one of a page or route, the
/// method is not one it takes (405, with `Allow`); otherwise the path is unknown, and the answer
/// is the API's 404 in problem+json rather than Hummingbird's own.
struct UnmatchedMiddleware: RouterMiddleware {
    typealias Context = VendoRequestContext
    let api: APIResponder
    /// Answers a GET of a known path with 405 and its methods (`registerAllowedMethods`).
    let allowed: RouterResponder<VendoRequestContext>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            var head = request.head
            head.method = .get
            let probe = Request(head: head, body: RequestBody(buffer: ByteBuffer()))
            guard let known = try? await allowed.respond(to: probe, context: context), known.status == .methodNotAllowed,
                  let methods = known.headers[.allow] else {
                return await api.notFound(request, context: context)
            }
            guard request.uri.path.hasPrefix("/api/") else { return known }
            return await api.methodNotAllowed(request, context: context, allowed: methods.components(separatedBy: ", "))
        }
    }
}
