import Foundation

/// The words that tell what a line of a business card is, in English and French (and the
/// German and British forms a French company's cards meet at a trade show).
enum CardWords {
    /// Words of job titles, folded (lower case, no accents).
    static let titles: Set<String> = [
        // English
        "director", "manager", "head", "chief", "officer", "ceo", "cto", "cfo", "coo", "cmo", "cio", "vp", "vice", "president",
        "engineer", "consultant", "sales", "account", "executive", "developer", "founder", "cofounder", "owner", "partner",
        "associate", "assistant", "lead", "specialist", "analyst", "architect", "designer", "coordinator", "representative",
        "advisor", "adviser", "buyer", "purchasing", "procurement", "administrator", "secretary", "treasurer", "chairman",
        "chairwoman", "principal", "supervisor", "technician", "agent", "attorney", "accountant", "controller", "operations",
        "development", "marketing", "senior", "junior", "md",
        // French
        "directeur", "directrice", "responsable", "chef", "gerant", "gerante", "presidente", "pdg", "dg", "ingenieur",
        "ingenieure", "consultante", "commercial", "commerciale", "charge", "chargee", "assistante", "fondateur", "fondatrice",
        "associe", "associee", "acheteur", "acheteuse", "technicien", "technicienne", "delegue", "deleguee", "attache",
        "attachee", "comptable", "juriste", "conseiller", "conseillere", "developpeur", "developpeuse", "administrateur",
        "administratrice", "secretaire", "adjoint", "adjointe", "gestionnaire", "coordinateur", "coordinatrice",
        "representant", "representante", "animateur", "animatrice", "expert", "experte", "achats", "ventes", "clientele",
        // German
        "geschaftsfuhrer", "geschaftsfuhrerin", "leiter", "leiterin", "vertrieb", "einkauf", "inhaber", "inhaberin",
    ]

    /// Legal forms, as whole words. Upper-case forms must be written so (`SA`, not `sa`).
    static let legalForms: Set<String> = [
        "SAS", "SASU", "SARL", "SA", "EURL", "SNC", "SCOP", "SCI", "SELARL", "GIE", "S.A.", "S.A.S.", "S.A.R.L.",
        "GmbH", "AG", "KG", "UG", "OHG", "GbR", "e.K.", "Ltd", "Ltd.", "Limited", "PLC", "plc", "LLP", "LLC", "L.L.C.",
        "Inc", "Inc.", "Corp", "Corp.", "Corporation", "BV", "B.V.", "NV", "N.V.", "SpA", "S.p.A.", "SRL", "S.r.l.", "SL",
        "S.L.", "Sàrl", "SPRL", "SRL.", "Co.", "Cie", "KGaA", "AB", "AS", "Oy",
    ]

    /// Words of street names (folded).
    static let streets: Set<String> = [
        "rue", "avenue", "av", "bd", "boulevard", "place", "pl", "allee", "chemin", "impasse", "quai", "route", "cours", "square",
        "passage", "voie", "zi", "za", "zac", "parc", "cedex", "bp", "street", "st", "road", "rd", "lane", "ln", "drive", "dr",
        "way", "court", "ct", "blvd", "ave", "parkway", "pkwy", "highway", "suite", "floor", "building", "house",
        "strasse", "str", "weg", "platz", "gasse", "ring", "damm", "ufer", "markt",
    ]

    /// Words that end a German street name (`Hauptstraße`, `Lindenweg`).
    static let germanStreetEndings = ["straße", "strasse", "str.", "weg", "platz", "allee", "gasse", "ring", "damm", "ufer"]

    /// Name particles, written in lower case inside a name.
    static let particles: Set<String> = ["de", "du", "des", "d'", "van", "von", "der", "den", "la", "le", "di", "da", "del",
                                         "della", "ter", "ten", "zu", "vom", "af", "y"]

    /// Labels in front of phone numbers.
    static let mobileLabels: Set<String> = ["m", "mob", "mobile", "mobil", "portable", "port", "cell", "cellular", "gsm", "handy"]
    static let phoneLabels: Set<String> = ["t", "tel", "telephone", "phone", "p", "office", "bureau", "standard", "direct", "fixe",
                                           "telefon", "ph", "main", "work"]
    static let faxLabels: Set<String> = ["f", "fax", "telecopie", "telefax"]

    /// Mail providers whose domain says nothing about the company.
    static let publicMailDomains: Set<String> = ["gmail", "googlemail", "outlook", "hotmail", "live", "yahoo", "icloud", "me",
                                                 "orange", "wanadoo", "free", "laposte", "sfr", "aol", "gmx", "web", "proton",
                                                 "protonmail"]

    /// `text` in lower case without accents (`Élodie` → `elodie`, `Straße` stays `straße`).
    static func fold(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
    }

    /// The folded words of `text`, split on anything that is not a letter.
    static func words(_ text: String) -> [String] {
        fold(text).split(whereSeparator: { !$0.isLetter }).map(String.init)
    }
}
