import Foundation
import Testing
@testable import VendoWeb

/// The templates are resource files now: nothing checks at compile time that a partial, a file
/// or a translation key they name exists, so these tests do.
@Suite("Web: templates and the words they use")
struct TemplateTests {
    /// The package's `Sources/VendoWeb`, found from this file.
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/VendoWeb")

    static func matches(_ pattern: String, in text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test("each template has its file, each file a template, and every template parses")
    func files() throws {
        let folder = Self.sources.appendingPathComponent("Resources/templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        #expect(Set(names) == Set(Template.allCases.map { "\($0.rawValue).mustache" }))
        for template in Template.allCases {
            let file = try String(contentsOf: folder.appendingPathComponent("\(template.rawValue).mustache"), encoding: .utf8)
            #expect(template.text == file, "\(template) is not its file")
        }
        _ = try Views()
    }

    @Test("every partial a template includes is a template")
    func partials() throws {
        let known = Set(Template.allCases.map(\.rawValue))
        for template in Template.allCases {
            let partials = try Self.matches(#"\{\{>\s*([A-Za-z0-9_]+)\s*\}\}"#, in: template.text)
            #expect(Set(partials).subtracting(known).isEmpty, "\(template) includes \(Set(partials).subtracting(known).sorted())")
        }
        #expect(try Self.matches(#"\{\{>\s*([A-Za-z0-9_]+)\s*\}\}"#, in: Template.lead.text).contains("timeline"))
    }

    @Test("every translation key a template or a page names exists in English and in French")
    func translationKeys() throws {
        var used: [String: Set<String>] = [:]
        for template in Template.allCases {
            for key in try Self.matches(#"\{\{[{#^/&]?\s*t\.([A-Za-z0-9_]+)"#, in: template.text) { used[key, default: []].insert("\(template)") }
        }
        let swiftFiles = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(swiftFiles.count > 20)
        for file in swiftFiles {
            let text = try String(contentsOf: file, encoding: .utf8)
            for key in try Self.matches(#"\.text\("([A-Za-z0-9_]+)"[,)]"#, in: text) + Self.matches(#"strings\["([A-Za-z0-9_]+)"\]"#, in: text) {
                used[key, default: []].insert(file.lastPathComponent)
            }
        }
        #expect(used.count > 200)
        let missing = used.filter { Strings.english[$0.key] == nil || Strings.french[$0.key] == nil }
        #expect(missing.isEmpty, "no translation for \(missing.mapValues { $0.sorted() })")
    }
}
