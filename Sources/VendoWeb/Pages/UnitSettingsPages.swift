import Foundation
import VendoCore
import VendoServices

/// Settings: units of measure and discount lists (quantity bands), on the catalog's page.
extension Pages {
    var unitSettingsRoutes: [WebRoute] {
        let page: @Sendable (WebRequest, FormProblem) async throws -> WebResult = { web, problem in try await catalogPage(web, problem: problem) }
        func change(_ path: String, form: String, _ body: @escaping @Sendable (WebRequest, WebSession) async throws -> Void) -> WebRoute {
            WebRoute(.post, path) { web in
                try await settingsAction(web, form: form, back: "/settings/catalog", flash: "flash_saved", page: page) { session in
                    try await body(web, session)
                }
            }
        }
        return [
            change("/settings/unit-groups", form: "unitGroup") { web, session in
                _ = try await services.createUnitGroup(name: web.field("name") ?? "", baseUnit: web.field("baseUnit") ?? "", by: session.caller)
            },
            change("/settings/units", form: "unit") { web, session in
                guard let group = web.field("groupId").flatMap(UUID.init(uuidString:)) else {
                    throw ServiceError.validation([FieldError("groupId", "required", web.language.text("field_required"))])
                }
                _ = try await services.createUnit(UnitFields(name: web.field("name") ?? "", groupId: ID(group),
                                                             quantity: try Self.amount(web, "quantity") ?? 1), by: session.caller)
            },
            change("/settings/discount-lists", form: "discountList") { web, session in
                let type = web.field("type").flatMap(DiscountType.init(rawValue:)) ?? .percentage
                let bands = try Self.bands(web, type: type)
                _ = try await services.createDiscountList(DiscountListFields(name: web.field("name") ?? "", type: type,
                                                                             currency: type == .amount ? web.field("currency")?.uppercased() : nil,
                                                                             bands: bands), by: session.caller)
            },
        ]
    }

    /// Bands typed one per line: `5-9: 5` (from 5 to 9 units, 5 % or 5 off per unit).
    static func bands(_ web: WebRequest, type: DiscountType) throws -> [DiscountBand] {
        var bands: [DiscountBand] = []
        for (index, line) in (web.form["bands"]?.first ?? "").split(whereSeparator: \.isNewline).enumerated() {
            let text = line.trimmingWhitespace()
            if text.isEmpty { continue }
            let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingWhitespace() }
            let range = parts.first?.split(separator: "-").map { web.formats.parse(String($0)) } ?? []
            guard parts.count == 2, range.count == 2, let begin = range[0], let end = range[1], let value = web.formats.parse(parts[1]) else {
                throw ServiceError.validation([FieldError("bands", "invalid_band", web.language.text("discount_badBand", String(index + 1)))])
            }
            bands.append(type == .percentage ? DiscountBand(beginQuantity: begin, endQuantity: end, percentage: value)
                                             : DiscountBand(beginQuantity: begin, endQuantity: end, amount: value))
        }
        return bands
    }

    /// The units and discount lists sections of the catalog page.
    func unitSections(_ web: WebRequest, _ session: WebSession, problem: FormProblem?) async throws -> [SettingsModel.Section] {
        let t = web.language
        let formats = web.formats
        let query = ListQuery(sort: .createdAt, descending: false, limit: 200)
        let groups = try await services.list(UnitGroup.self, query, by: session.caller).items
        let units = try await services.list(UnitOfMeasure.self, query, by: session.caller).items
        let discounts = try await services.list(DiscountList.self, query, by: session.caller).items
        let groupNames = Dictionary(groups.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        func typed(_ form: String, _ name: String) -> String { problem?.form == form ? web.field(name) ?? "" : "" }
        let unitRows = units.map { unit in
            SettingsModel.row([groupNames[unit.fields.groupId] ?? "—", unit.fields.name, formats.quantity(unit.fields.quantity)])
        }
        let groupForm = SettingsModel.Form(action: "/settings/unit-groups", submit: t.text("unitGroup_add"), fields: [
            Self.field("name", t.text("field_name"), problem, form: "unitGroup", value: typed("unitGroup", "name"), required: true),
            Self.field("baseUnit", t.text("unit_base"), problem, form: "unitGroup", value: typed("unitGroup", "baseUnit"), required: true),
        ], open: problem?.form == "unitGroup")
        let unitForm = SettingsModel.Form(action: "/settings/units", submit: t.text("unit_add"), fields: [
            Self.field("groupId", t.text("unit_group"), problem, form: "unit", value: typed("unit", "groupId"),
                       choices: groups.map { ($0.id.description, $0.name) }),
            Self.field("name", t.text("field_name"), problem, form: "unit", value: typed("unit", "name"), required: true),
            Self.field("quantity", t.text("unit_quantity"), problem, form: "unit", value: typed("unit", "quantity")),
        ], open: problem?.form == "unit")
        let discountRows = discounts.map { list in
            SettingsModel.row([list.fields.name, t.label("discountType", list.fields.type.rawValue), list.fields.bands.map { band in
                let value = band.percentage.map { formats.percent($0) } ?? band.amount.map { formats.number($0) } ?? ""
                return "\(formats.quantity(band.beginQuantity))–\(formats.quantity(band.endQuantity)): \(value)"
            }.joined(separator: " · ")])
        }
        let discountForm = SettingsModel.Form(action: "/settings/discount-lists", submit: t.text("discount_add"), fields: [
            Self.field("name", t.text("field_name"), problem, form: "discountList", value: typed("discountList", "name"), required: true),
            Self.field("type", t.text("field_type"), problem, form: "discountList", value: typed("discountList", "type").isEmpty ? "percentage" : typed("discountList", "type"),
                       choices: DiscountType.allCases.map { ($0.rawValue, t.label("discountType", $0.rawValue)) }),
            Self.field("currency", t.text("currency_code"), problem, form: "discountList", value: typed("discountList", "currency")),
            Self.field("bands", t.text("discount_bands"), problem, form: "discountList", value: typed("discountList", "bands"), multiline: true),
        ], open: problem?.form == "discountList")
        return [
            SettingsModel.section(t.text("units"), headers: [t.text("unit_group"), t.text("field_name"), t.text("unit_quantity")], rows: unitRows,
                                  empty: t.text("units_empty"), form: unitForm),
            SettingsModel.section(t.text("unitGroups"), intro: t.text("unitGroups_intro"), headers: [], rows: [], empty: "", form: groupForm),
            SettingsModel.section(t.text("discountLists"), intro: t.text("discountLists_intro"),
                                  headers: [t.text("field_name"), t.text("field_type"), t.text("discount_bands")], rows: discountRows,
                                  empty: t.text("discountLists_empty"), form: discountForm),
        ]
    }
}
