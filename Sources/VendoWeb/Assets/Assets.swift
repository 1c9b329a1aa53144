/// The stylesheets and the script, in `Resources/static`, embedded in the binary by SwiftPM
/// (`.embedInCode`), so that the server stays one file. The script adds small helps where they
/// clearly pay: a confirmation before destructive actions, and drag and drop on the pipeline
/// board (which posts the card's own form, so it follows the same path as the keyboard and
/// no-script way).
enum Assets {
    static let css = String(decoding: PackageResources.app_css, as: UTF8.self)
    static let printCSS = String(decoding: PackageResources.print_css, as: UTF8.self)
    static let script = String(decoding: PackageResources.app_js, as: UTF8.self)
}
