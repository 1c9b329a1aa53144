import Foundation
import Testing
import VendoTestSupport

/// Where a form may send the browser next: only a path of this site. The payloads are those of
/// OWASP's list of open-redirect tricks, and a few that browsers clean up into another host.
@Suite("Web: redirects stay on this site")
struct RedirectTests {
    static let leaving = [
        "//evil.example", "///evil.example", "////evil.example/x", "/\\evil.example", "\\\\evil.example", "\\/evil.example",
        "/\\/evil.example", "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/ /evil.example", " //evil.example",
        "\t//evil.example", "https://evil.example", "http:evil.example", "http:/evil.example", "HTTPS://evil.example",
        "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "evil.example", "/\u{FF0F}evil.example",
        "/\u{3002}evil.example", "/\u{0}/evil.example", "/\u{7F}/evil.example", "", String(repeating: "/a", count: 2000),
    ]

    static let staying = ["/", "/leads", "/leads?state=open&sort=-createdAt", "/opportunities/x#lines", "/%2F%2Fevil.example",
                          "/%09/evil.example"]

    @Test("after sign-in: every trick goes home, a path of this site is kept")
    func afterSignIn() async throws {
        try await withWeb { browser, _ in
            for next in Self.leaving + Self.staying {
                try await browser.get("/")
                try await browser.post("/sign-out")
                let form = try await browser.get("/sign-in?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
                let expected = Self.staying.contains(next) ? next : "/"
                #expect(form.value(of: "next") == expected.replacingOccurrences(of: "&", with: "&amp;"), "the form's next for \(next.debugDescription)")
                let page = try await browser.post("/sign-in", [("email", "ada@example.com"), ("password", testPassword), ("next", next)],
                                                  follow: false)
                #expect(page.status == 303 && page.location == expected, "sign-in with next \(next.debugDescription): \(page.location ?? "none")")
            }
        }
    }

    @Test("a tab sent percent-encoded in the form body is decoded, then refused")
    func encodedTab() async throws {
        try await withWeb { browser, _ in
            for raw in ["%2F%09%2Fevil.example", "/%09/evil.example", "%2F%5Cevil.example", "%2F%2F%65vil.example"] {
                try await browser.get("/")
                try await browser.post("/sign-out")
                let token = try #require(try await browser.get("/sign-in").csrf)
                let page = try await browser.postRaw("/sign-in", "_csrf=\(token)&email=ada%40example.com&password=correct+horse+battery+staple&next=\(raw)")
                #expect(page.status == 303 && page.location == "/", "next=\(raw): \(page.location ?? "none")")
            }
        }
    }

    @Test("the language switch goes back only to a path of this site")
    func languageSwitch() async throws {
        try await withWeb { browser, _ in
            try await browser.signIn("ada@example.com", testPassword)
            for back in Self.leaving {
                try await browser.get("/leads")
                let page = try await browser.post("/language", [("language", "fr"), ("back", back)], follow: false)
                #expect(page.status == 303 && page.location == "/", "back \(back.debugDescription): \(page.location ?? "none")")
            }
            try await browser.get("/leads")
            #expect(try await browser.post("/language", [("language", "en"), ("back", "/leads?state=open")], follow: false).location
                == "/leads?state=open")
        }
    }
}
