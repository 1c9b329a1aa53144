import Foundation
import VendoCore

/// The commands that read business cards: Tesseract for the text and zbar for QR codes. They
/// are programs Vendo runs, not libraries it links, so that building Vendo never needs them;
/// without Tesseract the pages say how to install it and everything else works.
public struct CardTools: Sendable, Equatable {
    public var tesseract: String?
    public var zbarimg: String?
    /// How long one command may take on one photo before it is stopped.
    public var timeout: TimeInterval

    public static let installCommand = "apt-get install tesseract-ocr tesseract-ocr-fra zbar-tools"

    public init(tesseract: String?, zbarimg: String?, timeout: TimeInterval = 30) {
        self.tesseract = tesseract
        self.zbarimg = zbarimg
        self.timeout = timeout
    }

    /// Neither tool, as on a machine where they are not installed.
    public static let none = CardTools(tesseract: nil, zbarimg: nil)

    /// The tools found on the PATH (looked up once).
    public static let installed = CardTools(tesseract: find("tesseract"), zbarimg: find("zbarimg"))

    /// Whether cards can be read at all (QR codes alone would miss most cards).
    public var canRead: Bool { tesseract != nil }

    /// Whether both tools are there; when not, the pages name the packages to install.
    public var complete: Bool { tesseract != nil && zbarimg != nil }

    static func find(_ command: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `path` with `arguments` and answers its exit status and standard output, or nil when
    /// it could not start or ran out of time. Blocking: callers run it on `CPUWork`, so that at
    /// most one command per core runs at once.
    static func run(_ path: String, _ arguments: [String], timeout: TimeInterval) -> (status: Int32, output: Data)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        // Tesseract would use every core for one photo; one each keeps the limit of one per core.
        environment["OMP_THREAD_LIMIT"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        guard process.terminationReason == .exit else { return nil }
        return (process.terminationStatus, data)
    }
}
