/// The texts of Settings → Lists and of the reasons given when a lead or an opportunity closes.
extension Strings {
    static let englishLists: [String: String] = [
        "settings_lists": "Lists", "choiceList_value": "Value", "choiceList_empty": "No value yet.",
        "choiceList_active": "Values, one a line: value | English | French",
        "choiceList_retired": "Retired values, kept on older records: value | English | French",
        "choiceList_leadSource": "Lead sources", "choiceList_industry": "Industries", "choiceList_rating": "Ratings",
        "choiceList_activityPriority": "Activity priorities", "choiceList_disqualifyReason": "Why a lead is disqualified",
        "choiceList_lostReason": "Why an opportunity is lost",
        "choiceList_intro_leadSource": "Where leads come from. The built-in values keep their codes, which the API and imports use.",
        "choiceList_intro_industry": "The trade of a lead's company: Dynamics 365's and Salesforce's lists together.",
        "choiceList_intro_rating": "How warm a lead or an opportunity is.",
        "choiceList_intro_activityPriority": "How urgent a task, a call or an appointment is. Normal, the default, stays.",
        "choiceList_intro_disqualifyReason": "Chosen beside the status when a lead is disqualified.",
        "choiceList_intro_lostReason": "Chosen beside the status when an opportunity is lost.",
        "reason_none": "No reason given",
        "field_value_removed": "A value cannot be removed: move it to the retired values instead.",
        "field_invalid_value": "A value is letters, digits, '-' or '_' (at most 100).",
        "field_default_retired": "Normal is the priority of new activities and cannot be retired.",
    ]

    static let frenchLists: [String: String] = [
        "settings_lists": "Listes", "choiceList_value": "Valeur", "choiceList_empty": "Aucune valeur pour l'instant.",
        "choiceList_active": "Valeurs, une par ligne : valeur | anglais | français",
        "choiceList_retired": "Valeurs retirées, gardées sur les fiches plus anciennes : valeur | anglais | français",
        "choiceList_leadSource": "Origines des pistes", "choiceList_industry": "Secteurs d'activité", "choiceList_rating": "Évaluations",
        "choiceList_activityPriority": "Priorités des activités", "choiceList_disqualifyReason": "Motifs de disqualification d'une piste",
        "choiceList_lostReason": "Motifs de perte d'une opportunité",
        "choiceList_intro_leadSource": "D'où viennent les pistes. Les valeurs fournies gardent leur code, que l'API et les imports utilisent.",
        "choiceList_intro_industry": "Le secteur de l'entreprise d'une piste : les listes de Dynamics 365 et de Salesforce réunies.",
        "choiceList_intro_rating": "L'intérêt d'une piste ou d'une opportunité.",
        "choiceList_intro_activityPriority": "L'urgence d'une tâche, d'un appel ou d'un rendez-vous. Normale, la valeur par défaut, reste.",
        "choiceList_intro_disqualifyReason": "Choisi avec le statut quand une piste est disqualifiée.",
        "choiceList_intro_lostReason": "Choisi avec le statut quand une opportunité est perdue.",
        "reason_none": "Aucun motif donné",
        "field_value_removed": "Une valeur ne peut pas être supprimée : déplacez-la plutôt dans les valeurs retirées.",
        "field_invalid_value": "Une valeur est faite de lettres, de chiffres, de « - » ou de « _ » (100 au plus).",
        "field_default_retired": "Normale est la priorité des nouvelles activités et ne peut pas être retirée.",
    ]
}
