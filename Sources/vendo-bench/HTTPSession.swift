import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// One keep-alive HTTP/1.1 connection to a running `vendo serve`, with the API token. It is
/// Hummingbird's own test client: a plain NIO client, light enough to share the machine with
/// the server it loads.
struct HTTPSession: Sendable {
    let client: TestClient
    let token: String

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(host: String, port: Int, token: String) {
        client = TestClient(host: host, port: port, configuration: .init(timeout: .seconds(60)))
        client.connect()
        self.token = token
    }

    func close() async { try? await client.shutdown() }

    /// Sends one request; answers the status, the decoded JSON body (when there is one) and
    /// the time it took.
    func send(_ method: HTTPRequest.Method, _ path: String, json: [String: Any]? = nil) async throws
        -> (status: Int, body: [String: Any], seconds: Double) {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        }
        let clock = Stopwatch()
        let response = try await client.execute(TestClient.Request(path, method: method, headers: headers, body: body))
        let seconds = clock.seconds
        var decoded: [String: Any] = [:]
        if var data = response.body, data.readableBytes > 0, let bytes = data.readBytes(length: data.readableBytes) {
            decoded = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
        }
        return (response.status.code, decoded, seconds)
    }

    /// Sends one request that must succeed, and answers the `id` (or the field named) of its body.
    func id(_ method: HTTPRequest.Method, _ path: String, json: [String: Any]? = nil, at keys: [String] = ["id"]) async throws -> String {
        let (status, body, _) = try await send(method, path, json: json)
        guard (200..<300).contains(status) else { throw Failure(description: "\(method) \(path) answered \(status): \(body)") }
        return try Self.string(body, keys, "\(method) \(path)")
    }

    static func string(_ body: [String: Any], _ keys: [String], _ what: String) throws -> String {
        var value: Any? = body
        for key in keys { value = (value as? [String: Any])?[key] }
        guard let text = value as? String else { throw Failure(description: "\(what): no \(keys.joined(separator: ".")) in \(body)") }
        return text
    }
}
