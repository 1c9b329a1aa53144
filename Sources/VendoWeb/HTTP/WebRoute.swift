import HTTPTypes

/// One page or form target: method, path pattern (`/leads/{id}/qualify`) and handler.
struct WebRoute: Sendable {
    let method: HTTPRequest.Method
    let segments: [Substring]
    /// Public routes (sign-in, assets) need no session.
    let isPublic: Bool
    /// The largest body its form may have; routes that take a file take more, as multipart.
    let formLimit: Int
    let handler: @Sendable (WebRequest) async throws -> WebResult

    init(_ method: HTTPRequest.Method, _ path: String, isPublic: Bool = false, formLimit: Int = WebApp.formLimit,
         _ handler: @escaping @Sendable (WebRequest) async throws -> WebResult) {
        self.method = method
        segments = path.split(separator: "/")
        self.isPublic = isPublic
        self.formLimit = formLimit
        self.handler = handler
    }

    /// Stylesheets and scripts: they never take the flash message meant for the page.
    var isAsset: Bool { segments.first == "static" }

    func match(_ parts: [Substring]) -> [String: String]? {
        guard parts.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            if segment.hasPrefix("{") && segment.hasSuffix("}") {
                parameters[String(segment.dropFirst().dropLast())] = String(part).removingPercentEncoding ?? String(part)
            } else if segment != part {
                return nil
            }
        }
        return parameters
    }
}
