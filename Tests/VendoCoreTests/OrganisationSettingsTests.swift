import Foundation
import Testing
@testable import VendoCore

@Suite("Organisation settings: the logo")
struct OrganisationSettingsTests {
    @Test("settings stored before the logo existed still read, with no logo")
    func oldSettings() throws {
        let stored = try JSONEncoder().encode(OrganisationSettings(organisationName: "Atelier"))
        var object = try #require(try JSONSerialization.jsonObject(with: stored) as? [String: Any])
        object["logo"] = nil
        let old = try JSONSerialization.data(withJSONObject: object)
        let read = try JSONDecoder().decode(OrganisationSettings.self, from: old)
        #expect(read.organisationName == "Atelier" && read.logo == nil)
    }

    @Test("a logo is a base64 data URL of a PNG, JPEG, GIF or WebP image, of bounded size", arguments: [
        ("data:image/png;base64,iVBORw0KGgo=", true), ("data:image/webp;base64,UklGRg==", true),
        ("data:image/svg+xml;base64,PHN2Zz4=", false), ("data:text/html;base64,PGI+", false), ("https://example.com/logo.png", false),
        ("data:image/png;base64,", false), ("data:image/png;base64,not base64!", false), ("data:image/png,raw", false),
    ])
    func logo(url: String, valid: Bool) {
        var settings = OrganisationSettings()
        settings.logo = url
        let accepted = (try? settings.validate()) != nil
        #expect(accepted == valid)
    }

    @Test("a logo past the limit is refused")
    func tooLarge() {
        var settings = OrganisationSettings()
        settings.logo = "data:image/png;base64," + Data(count: OrganisationSettings.logoLimit).base64EncodedString()
        #expect(throws: DomainError.self) { try settings.validate() }
    }
}
