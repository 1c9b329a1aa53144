import ArgumentParser
import Foundation
import VendoCore
import VendoServices

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import leads, accounts, contacts, products or price list items from a CSV or vCard file.",
        discussion: """
            Columns are recognised by their names, including those of Dynamics 365 and Salesforce exports; \
            --map names the others. By default one bad row imports nothing: run with --dry-run first, or \
            --skip-bad-rows. Rows that duplicate existing records (or earlier rows) are skipped unless \
            --allow-duplicates. Exits 1 when bad rows keep the file (or would keep it, in a dry run) from being imported.
            """)

    @OptionGroup var location: UserCommand.Location
    @Argument(help: "leads, accounts, contacts, products or price-list-items.") var kind: String
    @Argument(help: "The CSV (comma, semicolon or tab separated) or vCard (.vcf) file.") var file: String
    @Option(name: .customLong("as"), help: "The e-mail of the user who imports: the records are theirs, within their rights.")
    var user: String
    @Option(help: "csv or vcard (default: from the file's name and content).") var format: String?
    @Flag(name: .customLong("dry-run"), help: "Check every row and report; change nothing.") var dryRun = false
    @Flag(name: .customLong("skip-bad-rows"), help: "Import the good rows and report the bad ones.") var skipBadRows = false
    @Flag(name: .customLong("allow-duplicates"), help: "Create rows that look like existing records.") var allowDuplicates = false
    @Option(name: .customLong("map"), help: "HEADER=field: fill a field from a column; HEADER= leaves the column out. Repeatable.")
    var mappings: [String] = []
    @Option(name: .customLong("set"), help: "field=value for rows that leave it empty (source=tradeShow, topic=…). Repeatable.")
    var defaults: [String] = []

    func run() async throws {
        guard let kind = ImportKind(rawValue: kind) else {
            throw ValidationError("unknown kind \(kind): use \(ImportKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let format = try format.map { name in
            guard let format = ImportFormat(rawValue: name) else { throw ValidationError("--format must be csv or vcard") }
            return format
        }
        guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("cannot read \(file)") }
        let options = ImportOptions(dryRun: dryRun, skipBadRows: skipBadRows, allowDuplicates: allowDuplicates,
                                    mapping: try Self.pairs(mappings, "--map"), defaults: try Self.pairs(defaults, "--set"))
        var report: ImportReport?
        try await withServices(try await location.services()) { services in
            let caller = try await services.caller(for: try await services.user(email: user).id)
            let bar = ProgressBar()
            report = try await services.importFile(kind, path: file, format: format, options: options, by: caller) { bar.show($0) }
            bar.end()
        }
        guard let report else { return }
        say(Self.summary(report, skipBadRows: skipBadRows))
        // A dry run fails as the import it tries would.
        if report.badRows > 0 && !skipBadRows { throw ExitCode(1) }
    }

    static func pairs(_ items: [String], _ flag: String) throws -> [String: String] {
        var pairs: [String: String] = [:]
        for item in items {
            guard let equals = item.firstIndex(of: "=") else { throw ValidationError("\(flag) takes NAME=value, not \(item)") }
            pairs[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return pairs
    }

    static func summary(_ report: ImportReport, skipBadRows: Bool) -> String {
        let noun = report.kind.rawValue.replacingOccurrences(of: "-", with: " ")
        var lines: [String] = []
        switch (report.dryRun, report.committed) {
        case (true, _) where report.badRows > 0 && !skipBadRows:
            lines.append("Dry run: nothing would be imported because of \(report.badRows) bad rows (or use --skip-bad-rows); nothing was saved.")
        case (true, _): lines.append("Dry run: \(report.created) \(noun) would be imported; nothing was saved.")
        case (false, true): lines.append("Imported \(report.created) \(noun).")
        case (false, false) where report.interrupted:
            lines.append("Stopped after importing \(report.created) \(noun): a row turned bad after the file was checked"
                         + " (the database changed meanwhile); the rows after it were not imported.")
        case (false, false): lines.append("Nothing was imported: \(report.badRows) bad rows (fix them, or use --skip-bad-rows).")
        }
        lines.append("  rows read: \(report.rows), bad rows: \(report.badRows), duplicates: \(report.duplicateCount)"
                     + (report.allowDuplicatesNote.map { " (\($0))" } ?? ""))
        if !report.ignoredColumns.isEmpty {
            lines.append("  columns left out: \(report.ignoredColumns.joined(separator: ", ")) (name them with --map HEADER=field)")
        }
        if report.topicsMade > 0 {
            lines.append("  rows without a topic: \(report.topicsMade), each given one from its company (or name) and source")
        }
        for problem in report.problems {
            lines.append("  line \(problem.line)\(problem.field.map { ", \($0)" } ?? ""): \(problem.message) [\(problem.code)]")
        }
        if report.problemCount > report.problems.count {
            lines.append("  … and \(report.problemCount - report.problems.count) more problems")
        }
        for duplicate in report.duplicates {
            let matches = duplicate.matches.map { "\($0.recordType) \($0.name) (same \($0.matchedOn))" }.joined(separator: ", ")
            lines.append("  line \(duplicate.line): \(duplicate.created ? "created, but looks like" : "skipped, duplicate of") \(matches)")
        }
        if report.duplicateCount > report.duplicates.count {
            lines.append("  … and \(report.duplicateCount - report.duplicates.count) more duplicates")
        }
        return lines.joined(separator: "\n")
    }
}

extension ImportReport {
    fileprivate var allowDuplicatesNote: String? {
        guard duplicateCount > 0 else { return nil }
        return duplicates.first?.created == true ? "created anyway" : "skipped"
    }
}

/// A one-line progress bar on standard error, drawn only on a terminal.
final class ProgressBar: Sendable {
    private let enabled = isatty(STDERR_FILENO) == 1

    func show(_ progress: ImportProgress) {
        guard enabled, progress.totalBytes > 0 else { return }
        let fraction = min(1, Double(progress.bytesRead) / Double(progress.totalBytes))
        let filled = Int(fraction * 30)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
        FileHandle.standardError.write(Data("\r\(bar) \(Int(fraction * 100)) %  \(progress.rows) rows".utf8))
    }

    func end() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
