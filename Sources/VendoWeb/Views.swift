import Foundation
import Mustache
import VendoCore

/// The templates, parsed once, and the frame every page is rendered into.
struct Views: Sendable {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for template in Template.allCases { try library.register(template.text, named: template.rawValue) }
        self.library = library
    }

    /// One template with its view model.
    func render(_ template: Template, _ model: Any) -> String {
        library.render(model, withTemplate: template.rawValue) ?? ""
    }

    /// A whole page: `body` rendered from `template`, inside the frame with the menu.
    func page(_ template: Template, _ model: Any, title: String, _ web: WebRequest, current: String? = nil, bodyClass: String? = nil) -> String {
        let body = render(template, model)
        return render(.layout, Frame(web, title: title, body: body, current: current, bodyClass: bodyClass))
    }

    func errorPage(status: Int, message: String, _ web: WebRequest) -> String {
        let t = web.language
        let heading = t.strings["error_heading_\(status)"] ?? t.text("error_heading")
        return page(.error, ErrorModel(t: t.strings, heading: heading, message: message), title: heading, web)
    }
}

struct ErrorModel {
    let t: [String: String]
    let heading: String
    let message: String
}

/// The frame's view model: language, menu, who is signed in, the flash message.
struct Frame {
    struct NavItem {
        let href: String
        let label: String
        let current: Bool
    }
    struct Me {
        let name: String
        let csrf: String
        let path: String
        let otherLanguage: String
        let otherLanguageName: String
        let nav: [NavItem]
        /// The page is one's own account page (the name links to it).
        let onAccount: Bool
        /// The unread count, nil when none.
        let unread: String?
        let bellLabel: String
        let onNotifications: Bool
    }

    let lang: String
    let title: String
    let t: [String: String]
    let user: Me?
    let flash: String?
    let body: String
    let bodyClass: String?

    static let menu: [(String, String)] = [
        ("/", "nav_home"), ("/leads", "nav_leads"), ("/opportunities", "nav_opportunities"), ("/pipeline", "nav_pipeline"),
        ("/quotes", "nav_quotes"), ("/orders", "nav_orders"), ("/invoices", "nav_invoices"), ("/accounts", "nav_accounts"),
        ("/contacts", "nav_contacts"), ("/products", "nav_products"), ("/price-lists", "nav_priceLists"), ("/activities", "nav_activities"),
        ("/reports", "nav_reports"),
    ]
    /// Administrators also have the settings.
    static let adminMenu: [(String, String)] = [("/settings/organisation", "nav_settings")]

    init(_ web: WebRequest, title: String, body: String, current: String?, bodyClass: String?) {
        let t = web.language
        lang = t.rawValue
        self.title = title
        self.t = t.strings
        flash = web.flash
        self.body = body
        self.bodyClass = bodyClass
        user = web.session.map { session in
            let other: Language = t == .fr ? .en : .fr
            return Me(name: session.user.name, csrf: session.csrfToken, path: web.pagePath,
                      otherLanguage: other.rawValue, otherLanguageName: other == .fr ? "Français" : "English",
                      nav: (Self.menu + (session.user.role == .admin ? Self.adminMenu : [])).map {
                          NavItem(href: $0.0, label: t.text($0.1), current: $0.0 == current)
                      }, onAccount: current == "/account",
                      unread: session.unreadNotifications > 0 ? String(session.unreadNotifications) : nil,
                      bellLabel: t.text("bell_label", String(session.unreadNotifications)), onNotifications: current == "/notifications")
        }
    }
}
