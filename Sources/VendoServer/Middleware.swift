import Foundation
import HTTPTypes
import Hummingbird
import Logging
import VendoAPI
import VendoCore

/// The concerns every request shares, pages and API alike, as Hummingbird middleware run in
/// order around the pages-then-API responder (`Pipeline`).

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
            let milliseconds = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
            context.logger.info("\(request.method) \(request.uri.path) \(status)", metadata: [
                "status": "\(status)", "ms": "\(String(format: "%.2f", milliseconds))", "client": "\(context.clientAddress)",
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

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if let name = HTTPField.Name("X-Request-Id") { response.headers[name] = context.id }
        for (name, value) in Self.securityHeaders { response.headers[name] = value }
        return response
    }
}

/// Runs `middlewares` in order around `final`, each handing the request (and the context it may
/// have changed) to the next.
struct Pipeline: HTTPResponder {
    typealias Context = VendoRequestContext
    let middlewares: [any RouterMiddleware<VendoRequestContext>]
    let final: any HTTPResponder<VendoRequestContext>

    func respond(to request: Request, context: Context) async throws -> Response {
        try await run(from: 0, request, context)
    }

    private func run(from index: Int, _ request: Request, _ context: Context) async throws -> Response {
        guard index < middlewares.count else { return try await final.respond(to: request, context: context) }
        return try await middlewares[index].handle(request, context: context) { request, context in
            try await run(from: index + 1, request, context)
        }
    }
}
