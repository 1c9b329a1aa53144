import Foundation
import Testing
@testable import VendoCore

@Suite("Tax identity: VAT numbers, SIREN and SIRET, IBAN and BIC, tax categories")
struct TaxIdentifiersTests {
    @Test("VAT numbers: each country's shape, the French key, written with spaces or dots", arguments: [
        ("FR40303265045", true), ("fr 40 303 265 045", true), ("FR40.303.265.045", true),
        ("FR41303265045", false),  // the key does not match the SIREN
        ("FR40303265046", false),  // the SIREN inside fails its Luhn check
        ("FRXX303265045", true),   // a key of letters cannot be checked, its SIREN can
        ("FRIO303265045", false),  // keys never have I or O
        ("DE123456789", true), ("DE12345678", false), ("ATU12345678", true), ("AT12345678", false),
        ("BE0123456789", true), ("BE2123456789", false), ("NL123456789B01", true), ("NL123456789001", false),
        ("ESX1234567X", true), ("EL123456789", true), ("GR123456789", false), ("IE1234567FA", true),
        ("SE123456789001", true), ("SE123456789002", false), ("CHE123456789MWST", true), ("XI123456789", true),
        ("US123456789", true), ("123456789", false), ("FR", false), ("DE12345678!", false),
    ])
    func vat(number: String, valid: Bool) {
        #expect((TaxIdentifiers.vatProblem(number) == nil) == valid, "\(number): \(TaxIdentifiers.vatProblem(number) ?? "valid")")
    }

    @Test("SIREN and SIRET by Luhn, and La Poste's establishments by the sum of their digits", arguments: [
        ("303265045", true), ("303 265 045", true), ("303265046", false), ("73282932000074", true), ("73282932000075", false),
        ("35600000000001", true),   // La Poste: digits add up to 15, though Luhn fails
        ("35600000000002", false),  // La Poste: 16 is no multiple of 5
        ("356000000", true), ("12345678", false), ("3032650451", false), ("30326504A", false),
    ])
    func siret(number: String, valid: Bool) {
        #expect((TaxIdentifiers.sirenOrSiretProblem(number) == nil) == valid, "\(number)")
    }

    @Test("La Poste's SIRET really fails the Luhn check the others pass")
    func laPosteIsTheException() {
        #expect(!TaxIdentifiers.luhn("35600000000001"))
        #expect(TaxIdentifiers.luhn("73282932000074"))
    }

    @Test("IBAN by its country's length and mod 97; BIC by its shape", arguments: [
        ("FR7630006000011234567890189", true), ("FR76 3000 6000 0112 3456 7890 189", true), ("fr7630006000011234567890189", true),
        ("FR7630006000011234567890188", false), ("FR763000600001123456789018", false), ("DE89370400440532013000", true),
        ("GB82WEST12345698765432", true), ("GB82WEST12345698765433", false), ("XX12", false),
    ])
    func iban(text: String, valid: Bool) {
        #expect((TaxIdentifiers.ibanProblem(text) == nil) == valid, "\(text)")
    }

    @Test("BIC: 8 or 11 characters, bank and country in letters", arguments: [
        ("BNPAFRPPXXX", true), ("DEUTDEFF", true), ("deut de ff", true), ("DEUTDEF", false), ("DEU1DEFF", false), ("BNPAFRPPXXXX", false),
    ])
    func bic(text: String, valid: Bool) {
        #expect((TaxIdentifiers.bicProblem(text) == nil) == valid, "\(text)")
    }

    @Test("the organisation's identity is checked field by field and stored compact; its registration is a SIREN only in France")
    func organisation() throws {
        var settings = OrganisationSettings(organisationName: "Atelier", organisationAddress: Address(city: "Lyon", country: "France"))
        settings.vatNumber = "fr 40 303 265 045"
        settings.iban = "FR76 3000 6000 0112 3456 7890 189"
        settings.bic = "bnpafrppxxx"
        settings.registrationNumber = "303 265 045"
        settings.normalizeIdentifiers()
        try settings.validate()
        #expect(settings.vatNumber == "FR40303265045" && settings.iban == "FR7630006000011234567890189" && settings.bic == "BNPAFRPPXXX")
        #expect(settings.registrationNumber == "303265045")

        settings.registrationNumber = "HRB 12345"
        #expect(throws: DomainError.self) { try settings.validate() }
        settings.organisationAddress.country = "Deutschland"
        settings.vatNumber = "DE123456789"
        try settings.validate()

        settings.iban = "FR7630006000011234567890188"
        settings.contactEmail = "not an address"
        settings.paymentTerms = [PaymentTerm(label: "30 days", days: 30), PaymentTerm(label: "30 Days", days: 400)]
        let refused = settings
        let error = #expect(throws: DomainError.self) { try refused.validate() }
        guard case .validation(let errors)? = error else {
            Issue.record("bad identity accepted: \(String(describing: error))")
            return
        }
        #expect(Set(errors.map(\.field)) == ["iban", "contactEmail", "paymentTerms[1].days", "paymentTerms"])
    }

    @Test("payment terms: days after issue, or after the end of the issue's month, across months and leap years")
    func dueDates() throws {
        let issued = try #require(Day("2028-01-31"))
        #expect(PaymentTerm(label: "30", days: 30).dueDate(issued: issued).description == "2028-03-01")
        #expect(PaymentTerm(label: "EOM", days: 0, endOfMonth: true).dueDate(issued: issued).description == "2028-01-31")
        let february = try #require(Day("2028-02-10"))
        #expect(PaymentTerm(label: "30 EOM", days: 30, endOfMonth: true).dueDate(issued: february).description == "2028-03-30")
        #expect(PaymentTerm(label: "45", days: 45).dueDate(issued: try #require(Day("2026-12-20"))).description == "2027-02-03")
        // Every day of four years, forward and back, agrees with the day count.
        var day = try #require(Day("2024-01-01"))
        for _ in 0..<1461 {
            let next = day.adding(days: 1)
            #expect(next.days(since: day) == 1 && next.adding(days: -1) == day)
            day = next
        }
        #expect(day.description == "2028-01-01")
    }

    @Test("tax categories: the rate fits the category, exemptions name their reason, old rates read as S or Z")
    func categories() throws {
        try TaxRateFields(name: "TVA 20 %", rate: 20, category: .S).validate()
        #expect(throws: DomainError.self) { try TaxRateFields(name: "S at zero", rate: 0, category: .S).validate() }
        #expect(throws: DomainError.self) { try TaxRateFields(name: "E at 20", rate: 20, category: .E).validate() }
        #expect(throws: DomainError.self) { try TaxRateFields(name: "Exempt, no reason", rate: 0, category: .E).validate() }
        var exempt = TaxRateFields(name: "Formation", rate: 0, category: .E)
        exempt.exemptionReason = "Exonération de TVA, article 261-4-4° du CGI"
        try exempt.validate()
        exempt.exemptionCode = "article 261"
        #expect(throws: DomainError.self) { try exempt.validate() }
        exempt.exemptionCode = "VATEX-EU-132-1I"
        try exempt.validate()
        // Reverse charge and the others imply their code, so they need no text.
        let reverse = TaxRateFields(name: "Autoliquidation", rate: 0, category: .AE)
        try reverse.validate()
        #expect(reverse.effectiveExemptionCode == "VATEX-EU-AE")
        #expect(TaxRateFields(name: "Old 5.5", rate: 5.5).effectiveCategory == .S)
        #expect(TaxRateFields(name: "Old zero", rate: 0).effectiveCategory == .Z)
    }

    @Test("countries: ISO codes from codes and names as people type them, in several languages", arguments: [
        ("FR", "FR"), ("fr", "FR"), ("France", "FR"), ("france ", "FR"), ("Allemagne", "DE"), ("Deutschland", "DE"), ("Germany", "DE"),
        ("Royaume-Uni", "GB"), ("United Kingdom", "GB"), ("UK", "GB"), ("Belgique", "BE"), ("België", "BE"), ("Espagne", "ES"),
        ("España", "ES"), ("Suisse", "CH"), ("Italia", "IT"), ("États-Unis", "US"), ("etats unis", "US"),
    ])
    func countries(text: String, code: String) {
        #expect(Country.code(text) == code, "\(text)")
    }

    @Test("countries: what names none is nil, never a guess")
    func notCountries() {
        for text in ["", "  ", "Frnace", "XX", "Lyon", "Europe"] { #expect(Country.code(text) == nil, "\(text)") }
        #expect(Country.name("DE", language: "fr") == "Allemagne" && Country.name("DE", language: "en") == "Germany")
    }

    @Test("a line's tax category: the one asked for, else the organisation's rates at that percentage, else S or Z")
    func treatments() {
        var exempt = TaxRateFields(name: "Formation", rate: 0, category: .E)
        exempt.exemptionReason = "Article 261-4-4°"
        let reverse = TaxRateFields(name: "Autoliquidation", rate: 0, category: .AE)
        var retired = TaxRateFields(name: "Old", rate: 7, category: .S)
        retired.active = false
        let rates = [TaxRateFields(name: "TVA 20", rate: 20), exempt, reverse, retired]
        #expect(TaxTreatment.resolve(rate: 20, requested: nil, rates: rates) == .success(TaxTreatment(category: .S)))
        #expect(TaxTreatment.resolve(rate: 0, requested: nil, rates: rates) == .failure(.ambiguous([.E, .AE])))
        #expect(TaxTreatment.resolve(rate: 0, requested: .E, rates: rates)
                == .success(TaxTreatment(category: .E, exemptionReason: "Article 261-4-4°")))
        #expect(TaxTreatment.resolve(rate: 0, requested: .AE, rates: rates)
                == .success(TaxTreatment(category: .AE, exemptionCode: "VATEX-EU-AE")))
        #expect(TaxTreatment.resolve(rate: 0, requested: .K, rates: rates)
                == .success(TaxTreatment(category: .K, exemptionCode: "VATEX-EU-IC")))
        #expect(TaxTreatment.resolve(rate: 0, requested: .S, rates: rates) == .failure(.mismatch))
        #expect(TaxTreatment.resolve(rate: 20, requested: .E, rates: rates) == .failure(.mismatch))
        // An inactive rate decides nothing; no rate at all means S above zero, Z at zero.
        #expect(TaxTreatment.resolve(rate: 7, requested: nil, rates: rates) == .success(TaxTreatment(category: .S)))
        #expect(TaxTreatment.resolve(rate: 0, requested: nil, rates: []) == .success(TaxTreatment(category: .Z)))
    }
}
