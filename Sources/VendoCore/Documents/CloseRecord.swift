import Foundation

/// What was said when an opportunity, quote or order was closed. Kept as history even when
/// the record is reopened.
public struct CloseRecord: Record {
    public static let recordType = "closeRecord"
    public var id: ID<CloseRecord>
    public var info: RecordInfo
    public var regardingType: String
    public var regardingId: UUID
    /// The status the record was closed with (`won`, `outSold`, `lost`, `complete`…).
    public var status: String
    public var closeDate: Day
    public var description: String?
    public var actualRevenue: Decimal?
    public var competitorId: ID<Competitor>?
    /// The customer's own answer through the quote's link: who, when and from where.
    public var onlineAnswer: OnlineAnswer?

    public init(id: ID<CloseRecord>, info: RecordInfo, regardingType: String, regardingId: UUID, status: String,
                closeDate: Day, description: String? = nil, actualRevenue: Decimal? = nil,
                competitorId: ID<Competitor>? = nil) {
        self.id = id
        self.info = info
        self.regardingType = regardingType
        self.regardingId = regardingId
        self.status = status
        self.closeDate = closeDate
        self.description = description
        self.actualRevenue = actualRevenue
        self.competitorId = competitorId
    }
}

/// A customer's answer to a quote through its link.
public struct OnlineAnswer: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case accepted, declined }
    public var kind: Kind
    /// The name the customer typed.
    public var name: String
    public var purchaseOrder: String?
    public var reason: String?
    public var at: Date
    /// The client's address, as the server saw it.
    public var address: String?

    public init(kind: Kind, name: String, purchaseOrder: String? = nil, reason: String? = nil, at: Date, address: String?) {
        self.kind = kind
        self.name = name
        self.purchaseOrder = purchaseOrder
        self.reason = reason
        self.at = at
        self.address = address
    }
}
