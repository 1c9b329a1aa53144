import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// `GET /{leads|accounts|contacts}/{id}/duplicates` and `POST …/{id}/merge`: the records that
/// look like one (SALES-PROCESS.md §3), and folding a duplicate into it.
enum MergeRoutes {
    static let schemas: [(String, Schema)] = [
        ("Duplicates", .object([("items", .array(.ref("Duplicate")))], required: ["items"])),
        ("MergeInput", .object([("duplicateId", .uuid), ("take", .array(.string))], required: ["duplicateId"])),
    ]

    /// The duplicate to merge and the fields to take from it.
    static func input<R>(_ request: APIRequest) throws -> (ID<R>, Set<String>) {
        var duplicate: ID<R>?
        var take: [String] = []
        var reader = FieldReader(try request.json())
        reader.read("duplicateId", into: &duplicate, Convert.id)
        reader.read("take", into: &take, CaptureFormsResource.strings)
        reader.finish()
        if duplicate == nil && !reader.errors.contains(where: { $0.field == "duplicateId" }) {
            reader.fail("duplicateId", "required", "duplicateId is required")
        }
        try reader.check()
        guard let duplicate else { throw APIError.validation([FieldError("duplicateId", "required", "duplicateId is required")]) }
        return (duplicate, Set(take))
    }

    static func routes(_ s: Services, leads: @escaping @Sendable (Lead) -> JSON, accounts: @escaping @Sendable (Account) -> JSON,
                       contacts: @escaping @Sendable (Contact) -> JSON) -> [Route] {
        func duplicates(_ path: String, _ name: String, _ find: @escaping @Sendable (APIRequest, Caller) async throws -> [DuplicateMatch]) -> Route {
            Route(.get, "/api/v1/\(path)/{id}/duplicates", id: "\(name)Duplicates",
                  "The records that look like this \(name) (same e-mail, name or website domain)",
                  responses: responses([200: .ref("Duplicates")])) { request in
                let found = try await find(request, try request.user())
                return APIResponse(.ok, .object([("items", .array(found.map(LeadsResource.duplicate)))]))
            }
        }
        func merge(_ path: String, _ name: String, _ schema: String, summary: String,
                   _ run: @escaping @Sendable (APIRequest, Caller) async throws -> (JSON, Int)) -> Route {
            Route(.post, "/api/v1/\(path)/{id}/merge", id: "merge\(schema)", summary, body: .ref("MergeInput"),
                  responses: responses([200: .ref(schema)], conflict: true, precondition: true)) { request in
                let (body, version) = try await run(request, try request.user())
                return .record(body, version: version)
            }
        }
        return [
            duplicates("leads", "lead") { request, caller in try await s.duplicates(ofLead: try request.id(), by: caller) },
            duplicates("accounts", "account") { request, caller in try await s.duplicates(ofAccount: try request.id(), by: caller) },
            duplicates("contacts", "contact") { request, caller in try await s.duplicates(ofContact: try request.id(), by: caller) },
            merge("leads", "lead", "Lead", summary: "Merge an open duplicate lead into this one: empty fields filled, activities moved, the duplicate closed") { request, caller in
                let (duplicate, take): (ID<Lead>, Set<String>) = try input(request)
                let lead = try await s.mergeLeads(try request.id(), duplicate: duplicate, take: take, ifVersion: try request.ifMatch(), by: caller)
                return (leads(lead), lead.info.version)
            },
            merge("accounts", "account", "Account", summary: "Merge a duplicate account into this one: its contacts, documents and activities move here, then it is deleted") { request, caller in
                let (duplicate, take): (ID<Account>, Set<String>) = try input(request)
                let account = try await s.mergeAccounts(try request.id(), duplicate: duplicate, take: take, ifVersion: try request.ifMatch(), by: caller)
                return (accounts(account), account.info.version)
            },
            merge("contacts", "contact", "Contact", summary: "Merge a duplicate contact into this one: its documents and activities move here, then it is deleted") { request, caller in
                let (duplicate, take): (ID<Contact>, Set<String>) = try input(request)
                let contact = try await s.mergeContacts(try request.id(), duplicate: duplicate, take: take, ifVersion: try request.ifMatch(), by: caller)
                return (contacts(contact), contact.info.version)
            },
        ]
    }
}
