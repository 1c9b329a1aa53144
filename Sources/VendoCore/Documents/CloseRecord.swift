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
