import Foundation

/// A currency the organisation trades in, addressed by its ISO 4217 code.
public struct Currency: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var symbol: String
    /// Decimals of the currency's amounts: 2 for EUR and USD, 0 for JPY.
    public var precision: Int
    /// Units of this currency per one unit of the base currency (1 for the base currency).
    public var exchangeRate: Decimal
    public var version: Int

    /// Bounds of an exchange rate; real currencies sit far inside them.
    public static let minimumRate = Decimal(string: "0.000001") ?? 0
    public static let maximumRate: Decimal = 1_000_000

    public init(code: String, name: String, symbol: String, precision: Int, exchangeRate: Decimal, version: Int = 1) {
        self.code = code
        self.name = name
        self.symbol = symbol
        self.precision = precision
        self.exchangeRate = exchangeRate
        self.version = version
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.currencyCode(code, "code")
        check.require(name, "name", maxLength: 100)
        check.text(symbol, "symbol", maxLength: 8)
        if !(0...4).contains(precision) {
            check.add("precision", "out_of_range", "precision must be between 0 and 4")
        }
        if exchangeRate <= 0 {
            check.add("exchangeRate", "not_positive", "exchangeRate must be more than zero")
        } else if exchangeRate < Currency.minimumRate || exchangeRate > Currency.maximumRate {
            check.add("exchangeRate", "out_of_range", "exchangeRate must be between 0.000001 and 1000000")
        } else if !exchangeRate.fits(scale: 10) {
            check.add("exchangeRate", "too_precise", "exchangeRate has more than 10 decimal places")
        }
        try check.check()
    }
}
