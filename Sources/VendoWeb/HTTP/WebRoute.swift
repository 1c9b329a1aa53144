import HTTPTypes
import Hummingbird

/// One page or form target: method, path pattern (`/leads/{id}/qualify`) and handler.
struct WebRoute: Sendable {
    let method: HTTPRequest.Method
    let path: String
    let segments: [Substring]
    /// Public routes (sign-in, assets) need no session.
    let isPublic: Bool
    /// The largest body its form may have; routes that take a file take more, as multipart.
    let formLimit: Int
    let handler: @Sendable (WebRequest) async throws -> WebResult

    init(_ method: HTTPRequest.Method, _ path: String, isPublic: Bool = false, formLimit: Int = WebApp.formLimit,
         _ handler: @escaping @Sendable (WebRequest) async throws -> WebResult) {
        self.method = method
        self.path = path
        segments = path.split(separator: "/")
        self.isPublic = isPublic
        self.formLimit = formLimit
        self.handler = handler
    }

    /// Stylesheets and scripts: they never take the flash message meant for the page.
    var isAsset: Bool { segments.first == "static" }

    /// The path parameters as the router captured them, percent-decoded.
    func parameters(in captured: Parameters) -> [String: String] {
        var parameters: [String: String] = [:]
        for segment in segments where segment.hasPrefix("{") && segment.hasSuffix("}") {
            let name = String(segment.dropFirst().dropLast())
            guard let value = captured.get(name) else { continue }
            parameters[name] = value.removingPercentEncoding ?? value
        }
        return parameters
    }
}
