public struct Address: Codable, Sendable, Equatable {
    public var line1: String?
    public var line2: String?
    public var city: String?
    public var postalCode: String?
    public var region: String?
    public var country: String?

    public init(
        line1: String? = nil, line2: String? = nil, city: String? = nil,
        postalCode: String? = nil, region: String? = nil, country: String? = nil
    ) {
        self.line1 = line1
        self.line2 = line2
        self.city = city
        self.postalCode = postalCode
        self.region = region
        self.country = country
    }

    public var isEmpty: Bool {
        [line1, line2, city, postalCode, region, country].allSatisfy { ($0 ?? "").isEmpty }
    }
}
