import Foundation
import Testing

/// Runs the vendo binary with `input` on its standard input.
func runVendo(_ arguments: [String], input: Data, environment: [String: String]? = nil) throws -> (status: Int32, output: String, errors: String) {
    let process = Process()
    process.executableURL = try vendoBinary()
    process.arguments = arguments
    if let environment { process.environment = environment }
    let stdin = Pipe(), out = Pipe(), err = Pipe()
    process.standardInput = stdin
    process.standardOutput = out
    process.standardError = err
    try process.run()
    stdin.fileHandleForWriting.write(input)
    try stdin.fileHandleForWriting.close()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
}

@Suite("vendo ingest-email", .serialized)
struct IngestEmailCommandTests {
    /// A message as Postfix hands it to a pipe: mbox envelope line, CRLF, Latin-1 quoted-printable.
    static let enquiry = Data("""
        From francois@example.fr Mon Nov 30 07:00:00 2026\r
        Return-Path: <francois@example.fr>\r
        From: =?ISO-8859-1?Q?Fran=E7ois_Lef=E8vre?= <francois@example.fr>\r
        To: sales@vendo.example\r
        Subject: =?ISO-8859-1?Q?Devis_=E9crans?=\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=ISO-8859-1\r
        Content-Transfer-Encoding: quoted-printable\r
        \r
        Bonjour, 3 =E9crans s'il vous pla=EEt.\r
        """.utf8)

    @Test("an enquiry becomes a lead, a reply is logged on it; a broken message is kept and exits 65; a bad owner exits 75")
    func ingest() throws {
        let data = temporaryPath("mail-data")
        defer { try? FileManager.default.removeItem(atPath: data) }
        #expect(try runVendo(["migrate", "--database", data + "/vendo.sqlite"]).status == 0)
        #expect(try runVendo(["user", "add", "--data-dir", data, "--email", "sales@example.com", "--name", "Sales"]).status == 0)
        let base = ["ingest-email", "--data-dir", data, "--owner", "sales@example.com"]

        let first = try runVendo(base, input: Self.enquiry)
        #expect(first.status == 0, "stderr: \(first.errors)")
        #expect(first.output.hasPrefix("lead ") && first.output.contains("created from francois@example.fr"))
        let reply = try runVendo(base, input: Self.enquiry)
        #expect(reply.status == 0 && reply.output.contains("logged on lead"))

        let broken = try runVendo(base, input: Data("this is not\nan e-mail at all\n".utf8))
        #expect(broken.status == 65 && broken.errors.contains("no header section"))
        let kept = try FileManager.default.contentsOfDirectory(atPath: data + "/dead-letter")
        #expect(kept.count == 1 && kept.first?.hasSuffix(".eml") == true)
        let keptText = try String(contentsOfFile: data + "/dead-letter/" + (kept.first ?? ""), encoding: .utf8)
        #expect(keptText == "this is not\nan e-mail at all\n")
        let noSender = try runVendo(base, input: Data("Subject: hello\n\nbody\n".utf8))
        #expect(noSender.status == 65 && noSender.errors.contains("no From address"))

        let badOwner = try runVendo(["ingest-email", "--data-dir", data, "--owner", "nobody@example.com"], input: Self.enquiry)
        #expect(badOwner.status == 75 && badOwner.errors.contains("no active user nobody@example.com"))
        let noDatabase = try runVendo(["ingest-email", "--data-dir", data + "-missing", "--owner", "sales@example.com"], input: Self.enquiry)
        #expect(noDatabase.status == 75)
    }
}
