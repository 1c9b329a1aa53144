import Foundation
import Testing

@Suite("vendo import and export", .serialized)
struct ImportCommandTests {
    @Test("a dry run, a refused all-or-nothing import, then skip-bad-rows; vCards; bad arguments exit non-zero")
    func imports() throws {
        let data = temporaryPath("import-data"), file = temporaryPath("leads.csv"), cards = temporaryPath("cards.vcf")
        defer { for path in [data, file, cards] { try? FileManager.default.removeItem(atPath: path) } }
        #expect(try runVendo(["migrate", "--database", data + "/vendo.sqlite"]).status == 0)
        #expect(try runVendo(["user", "add", "--data-dir", data, "--email", "ada@example.com", "--name", "Ada", "--role", "admin"]).status == 0)
        try Data("""
            Topic,Last Name,Email,Est. Close Date,Shoe size
            Laptops,Able,able@x.example,2026-01-31,42
            Docks,Baker,baker@x.example,31/01/2026,40

            """.utf8).write(to: URL(fileURLWithPath: file))
        let base = ["import", "--data-dir", data, "--as", "ada@example.com"]

        let dry = try runVendo(base + ["leads", file, "--dry-run", "--skip-bad-rows"])
        #expect(dry.status == 0, "stderr: \(dry.errors)")
        #expect(dry.output.contains("Dry run: 1 leads would be imported; nothing was saved."))
        #expect(dry.output.contains("columns left out: Shoe size"))
        #expect(dry.output.contains("line 3, estimatedCloseDate: \"31/01/2026\" is not a date written YYYY-MM-DD [invalid_date]"))

        let dryRefused = try runVendo(base + ["leads", file, "--dry-run"])
        #expect(dryRefused.status == 1 && dryRefused.output.contains("Dry run: nothing would be imported because of 1 bad rows"))

        let refused = try runVendo(base + ["leads", file])
        #expect(refused.status == 1 && refused.output.contains("Nothing was imported: 1 bad rows"))

        let skipped = try runVendo(base + ["leads", file, "--skip-bad-rows", "--map", "Shoe size=", "--set", "source=tradeShow"])
        #expect(skipped.status == 0 && skipped.output.contains("Imported 1 leads."))
        #expect(!skipped.output.contains("columns left out"))

        let again = try runVendo(base + ["leads", file, "--skip-bad-rows"])
        #expect(again.status == 0 && again.output.contains("Imported 0 leads."))
        #expect(again.output.contains("line 2: skipped, duplicate of lead Able (same email)"))

        try Data("BEGIN:VCARD\nVERSION:3.0\nN:Smith;Jo\nEMAIL:jo@smith.example\nEND:VCARD\n".utf8).write(to: URL(fileURLWithPath: cards))
        let vcard = try runVendo(base + ["leads", cards, "--set", "topic=Salon"])
        #expect(vcard.status == 0 && vcard.output.contains("Imported 1 leads."))

        let exported = temporaryPath("export.csv")
        defer { try? FileManager.default.removeItem(atPath: exported) }
        let export = try runVendo(["export", "--data-dir", data, "--as", "ada@example.com", "leads", "--filter", "source=tradeShow",
                                   "-o", exported])
        #expect(export.status == 0 && export.output.contains("1 rows written"), "stderr: \(export.errors)")
        let text = try String(contentsOfFile: exported, encoding: .utf8)
        #expect(text.split(separator: "\r\n").count == 2 && text.contains("Able") && !text.contains("Smith"))
        let stdout = try runVendo(["export", "--data-dir", data, "--as", "ada@example.com", "leads"])
        #expect(stdout.status == 0 && stdout.output.contains("Able") && stdout.output.contains("Smith"))
        // Without words of the organisation's own, labelled headers are the API's names; a language must be one Vendo speaks.
        let labelled = try runVendo(["export", "--data-dir", data, "--as", "ada@example.com", "leads", "--labels", "fr"])
        #expect(labelled.status == 0 && labelled.output.split(separator: "\r\n").first == stdout.output.split(separator: "\r\n").first, "stderr: \(labelled.errors)")
        let badLabels = try runVendo(["export", "--data-dir", data, "--as", "ada@example.com", "leads", "--labels", "de"])
        #expect(badLabels.status != 0 && badLabels.errors.contains("--labels is en or fr"))
        let badList = try runVendo(["export", "--data-dir", data, "--as", "ada@example.com", "widgets"])
        #expect(badList.status != 0 && badList.errors.contains("not a list"))
        let badFilter = try runVendo(["export", "--data-dir", data, "--as", "ada@example.com", "leads", "--filter", "colour=blue"])
        #expect(badFilter.status != 0 && badFilter.errors.contains("colour is not a parameter") && badFilter.output.isEmpty)

        let badKind = try runVendo(base + ["widgets", file])
        #expect(badKind.status != 0 && badKind.errors.contains("unknown kind widgets"))
        let badMap = try runVendo(base + ["leads", file, "--map", "Topic"])
        #expect(badMap.status != 0 && badMap.errors.contains("--map takes NAME=value"))
        let unknownUser = try runVendo(["import", "--data-dir", data, "--as", "nobody@example.com", "leads", file])
        #expect(unknownUser.status != 0 && !unknownUser.errors.contains("Fatal error"))
        let missing = try runVendo(base + ["leads", file + ".missing"])
        #expect(missing.status != 0 && missing.errors.contains("cannot read"))
    }
}
