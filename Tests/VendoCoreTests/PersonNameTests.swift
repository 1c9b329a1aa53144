import Testing
@testable import VendoCore

@Suite("Splitting a whole name")
struct PersonNameTests {
    @Test("first and last names from one column, as Dynamics 365, Salesforce and French files write them", arguments: [
        ("Camille Martin", "Camille", "Martin"),
        ("  Camille   Martin ", "Camille", "Martin"),
        ("Marie Claire Dupont", "Marie Claire", "Dupont"),
        ("Jean de La Fontaine", "Jean", "de La Fontaine"),
        ("Vincent van Gogh", "Vincent", "van Gogh"),
        ("DUPONT Marie", "Marie", "DUPONT"),
        ("LE GALL Anne-Sophie", "Anne-Sophie", "LE GALL"),
        ("Jean DUPONT", "Jean", "DUPONT"),
        ("JEAN DUPONT", "JEAN", "DUPONT"),
        ("Dupont, Marie", "Marie", "Dupont"),
        ("Mr. John Smith", "John", "Smith"),
        ("Mme Léa Petit", "Léa", "Petit"),
        ("M. Louis Martin", "Louis", "Martin"),
        ("M Louis", "M", "Louis"),
        ("De Gaulle", "De", "Gaulle"),
    ])
    func split(_ whole: String, _ first: String, _ last: String) {
        let (gotFirst, gotLast) = PersonName.split(whole)
        #expect(gotFirst == first && gotLast == last, "\(whole) → \(gotFirst ?? "nil") / \(gotLast ?? "nil")")
    }

    @Test("one word is a last name; nothing is nothing")
    func oneWord() {
        #expect(PersonName.split("Cher") == (nil, "Cher"))
        #expect(PersonName.split("Dr. Who") == (nil, "Who"))
        #expect(PersonName.split("  ") == (nil, nil))
    }

    @Test("a lead's industry, revenue and head count follow the lead's rules")
    func companyFacts() throws {
        var fields = LeadFields(topic: "T", lastName: "L")
        fields.annualRevenue = -1
        fields.numberOfEmployees = -3
        let refused = #expect(throws: DomainError.self) { try fields.validate() }
        #expect(refused?.fieldErrors.map(\.field) == ["annualRevenue", "numberOfEmployees"])
        fields.annualRevenue = 1_000_000
        fields.numberOfEmployees = 10_000_000
        fields.industry = Industry("foodAndBeverage")
        try fields.validate()
    }
}
