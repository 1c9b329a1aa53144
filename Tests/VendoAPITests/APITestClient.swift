import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import VendoAPI
import VendoCore
import VendoServer
import VendoServices
import VendoTestSupport

/// A response, its body parsed as JSON when it is JSON.
struct Reply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let json: JSON?
    let text: String

    subscript(key: String) -> JSON? { json?[key] }
    func string(_ key: String) -> String? { json?[key]?.stringValue }
    var code: String? { string("code") }
}

/// Runs requests against the application in process (HummingbirdTesting's router framework).
struct APIClient: Sendable {
    let client: any TestClientProtocol
    let token: String

    func send(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, headers extra: HTTPFields = [:],
              authorized: Bool = true) async throws -> Reply {
        var headers = extra
        if authorized { headers[.authorization] = "Bearer \(token)" }
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let text = String(buffer: response.body)
            return Reply(status: response.status, headers: response.headers, json: try? JSON.parse(Data(text.utf8)), text: text)
        }
    }

    /// Posts raw bytes (a photo) as the body.
    func upload(_ path: String, _ bytes: [UInt8], type: String) async throws -> Reply {
        let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: type]
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: bytes)) { response in
            let text = String(buffer: response.body)
            return Reply(status: response.status, headers: response.headers, json: try? JSON.parse(Data(text.utf8)), text: text)
        }
    }

    func get(_ path: String) async throws -> Reply { try await send(.get, path) }
    func post(_ path: String, _ body: String = "{}", headers: HTTPFields = [:]) async throws -> Reply {
        try await send(.post, path, body, headers: headers)
    }
    func patch(_ path: String, _ body: String, headers: HTTPFields = [:]) async throws -> Reply { try await send(.patch, path, body, headers: headers) }
    func delete(_ path: String, headers: HTTPFields = [:]) async throws -> Reply { try await send(.delete, path, headers: headers) }
}

/// A test world served over the router, with an admin token.
func withAPI(sellerIdentity: Bool = true, server: ServerSettings = ServerSettings(),
             _ body: @escaping @Sendable (APIClient, TestWorld) async throws -> Void) async throws {
    let world = try await TestWorld.make(sellerIdentity: sellerIdentity, server: server)
    let token = try await world.services.createToken(for: world.admin.userId, name: "tests", by: world.admin)
    let app = try await buildApplication(ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: "unused", logLevel: .error),
                                         services: world.services)
    try await app.application.test(.router) { client in
        try await body(APIClient(client: client, token: token.secret), world)
    }
}

extension JSON {
    var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    var intValue: Int? {
        if case .number(let number) = self { return Int(exactly: NSDecimalNumber(decimal: number).doubleValue) }
        return nil
    }

    subscript(index: Int) -> JSON? {
        guard let items = arrayValue, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
