/// The page templates: Mustache files in `Resources/templates`, embedded in the binary by
/// SwiftPM (`.embedInCode`), so that the server stays one file. A page names its template by
/// case, so a missing one cannot compile; partials (`{{> timeline}}`) are checked by a test.
enum Template: String, CaseIterable, Sendable {
    /// The frame of every page, the sign-in page and the error page.
    case layout, signIn, error
    /// The home page, the pipeline board, the reports, the receivables and the reminders due.
    case home, board, reports, receivables, reminders
    /// The list pages, their saved views (the board's too), the new-lead form, and the page of a
    /// record without a process.
    case list, savedViews, newLead, simple
    /// The lead and opportunity pages, and the parts every record page shares.
    case lead, opportunity, processBar, fieldList, editDialog, mergeDialog, timeline
    /// The quote/order/invoice page, its line editor, and the printable document.
    case document, lines, print
    /// The administrators' settings pages (and one's own account).
    case settings
    /// The customer's quote page, the public forms (password reset) and the notifications list.
    case publicQuote, publicForm, notifications
    /// Scanning business cards: the photos, then each card beside the fields read from it.
    case cardScan, cardReview

    var text: String { String(decoding: bytes, as: UTF8.self) }

    private var bytes: [UInt8] {
        switch self {
        case .layout: PackageResources.layout_mustache
        case .signIn: PackageResources.signIn_mustache
        case .error: PackageResources.error_mustache
        case .home: PackageResources.home_mustache
        case .board: PackageResources.board_mustache
        case .reports: PackageResources.reports_mustache
        case .receivables: PackageResources.receivables_mustache
        case .reminders: PackageResources.reminders_mustache
        case .list: PackageResources.list_mustache
        case .savedViews: PackageResources.savedViews_mustache
        case .newLead: PackageResources.newLead_mustache
        case .simple: PackageResources.simple_mustache
        case .lead: PackageResources.lead_mustache
        case .opportunity: PackageResources.opportunity_mustache
        case .processBar: PackageResources.processBar_mustache
        case .fieldList: PackageResources.fieldList_mustache
        case .editDialog: PackageResources.editDialog_mustache
        case .mergeDialog: PackageResources.mergeDialog_mustache
        case .timeline: PackageResources.timeline_mustache
        case .document: PackageResources.document_mustache
        case .lines: PackageResources.lines_mustache
        case .print: PackageResources.print_mustache
        case .settings: PackageResources.settings_mustache
        case .publicQuote: PackageResources.publicQuote_mustache
        case .publicForm: PackageResources.publicForm_mustache
        case .notifications: PackageResources.notifications_mustache
        case .cardScan: PackageResources.cardScan_mustache
        case .cardReview: PackageResources.cardReview_mustache
        }
    }
}
