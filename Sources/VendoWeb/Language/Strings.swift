/// The texts of the pages, one table per language (`Strings+English.swift`, `Strings+French.swift`).
/// Keys have no dots: Mustache reads `{{t.nav_home}}` as a path.
enum Strings {}
