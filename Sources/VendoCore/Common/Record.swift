import Foundation

/// Who and when, kept on every record. `version` grows by one on every saved change and is
/// what `ETag` / `If-Match` compare.
public struct RecordInfo: Codable, Sendable, Equatable {
    public var createdAt: Date
    public var modifiedAt: Date
    public var createdBy: ID<User>
    public var ownerId: ID<User>
    public var version: Int

    public init(at: Date, by user: ID<User>) {
        createdAt = at
        modifiedAt = at
        createdBy = user
        ownerId = user
        version = 1
    }

    public mutating func touch(at: Date) {
        modifiedAt = at
        version += 1
    }
}

/// A record with its own identity and history.
public protocol Record: Codable, Sendable, Equatable {
    /// The name used in history entries, errors and the database (`lead`, `quote`…).
    static var recordType: String { get }
    /// How access to this kind of record is governed (AccessPolicy).
    static var accessKind: RecordKind { get }
    var id: ID<Self> { get }
    var info: RecordInfo { get set }
}

extension Record {
    public static var accessKind: RecordKind { .owned }
}
