import Foundation
import VendoCore

/// Every table that holds records or their ids, as declared: the one list the reference checks,
/// the search index and `migrate-data` read.
public enum StoreSchema {
    /// Every record type the store keeps.
    public static let recordTypes: [any StoredRecord.Type] = [
        User.self, Team.self, Lead.self, Account.self, Contact.self, Competitor.self, CloseRecord.self, SalesProcess.self,
        Activity.self, CaptureForm.self, Webhook.self, UnitGroup.self, UnitOfMeasure.self, TaxRate.self, Product.self,
        PriceList.self, PriceListItem.self, DiscountList.self, Opportunity.self, Quote.self, Order.self, Invoice.self,
    ]

    /// Tables that are not records but hold record ids.
    public static let plainTables: [TableDeclaration] = [
        TableDeclaration(table: "team_members", recordType: nil, references: [
            Reference("team_id", to: ["team"], onDelete: .cascade),
            Reference("user_id", to: ["user"]),
        ]),
        // A business card's photo stays with the lead made from it, and goes with it.
        TableDeclaration(table: "card_scans", recordType: nil, references: [
            Reference("lead_id", to: ["lead"], onDelete: .cascade),
        ]),
    ]

    /// Tables derived from others by triggers (the forecast's sums, the custom fields' values):
    /// `migrate-data` leaves them out, since the triggers rebuild them as the records are copied.
    public static let derivedTables: Set<String> = ["forecast_totals", "custom_values"]

    /// Every declared table, records first.
    public static let tables: [TableDeclaration] = recordTypes.map { $0.declaration } + plainTables

    /// The tables whose `search` column has a full-text index on SQLite.
    public static let searchIndexedTables = Set(tables.filter(\.searchIndexed).map(\.table))

    /// The references that point at records of `recordType`, with the table that holds each.
    static func references(to recordType: String) -> [(table: TableDeclaration, reference: Reference)] {
        tables.flatMap { table in
            table.references.filter { $0.to.contains(recordType) }.map { (table, $0) }
        }
    }
}
