/// How the DfE "Get Information About Schools" extract spells what we keep as
/// enumerations. Matching ignores case, since spellings drift between
/// extracts ("Requires improvement", "Requires Improvement"); cells come
/// here already trimmed.
enum GIASVocabulary {
    static func phase(_ text: String) -> Phase? { phases[key(text)] }

    static func region(_ text: String) -> Region? { regions[key(text)] }

    /// `OfstedRating (name)` as a grade 1–4. Anything else — an empty cell,
    /// "Not applicable", "Insufficient evidence", or a wording Ofsted
    /// introduces later — is no grade rather than an error: the rating is
    /// optional, and one unfamiliar value must not block a whole import.
    static func ofstedGrade(_ rating: String) -> Int? { grades[key(rating)] }

    /// The spellings a `422` lists when a phase or region is not recognised.
    static let phaseNames = [
        "Not applicable", "Nursery", "Primary", "Middle deemed primary", "Secondary", "Middle deemed secondary",
        "16 plus", "All-through",
    ]
    static let regionNames = [
        "North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands", "East of England",
        "London", "South East", "South West", "Wales (pseudo)", "Not Applicable",
    ]

    private static let phases: [String: Phase] = [
        "not applicable": .notApplicable, "nursery": .nursery, "primary": .primary,
        "middle deemed primary": .middleDeemedPrimary, "secondary": .secondary,
        "middle deemed secondary": .middleDeemedSecondary, "16 plus": .sixteenPlus, "all-through": .allThrough,
        "all through": .allThrough,
    ]

    private static let regions: [String: Region] = [
        "north east": .northEast, "north west": .northWest, "yorkshire and the humber": .yorkshireAndTheHumber,
        "east midlands": .eastMidlands, "west midlands": .westMidlands, "east of england": .eastOfEngland,
        "london": .london, "south east": .southEast, "south west": .southWest, "wales (pseudo)": .wales,
        "wales": .wales, "not applicable": .notApplicable,
    ]

    /// Serious weaknesses and special measures are the two categories of an
    /// inadequate judgement.
    private static let grades: [String: Int] = [
        "outstanding": 1, "good": 2, "requires improvement": 3, "inadequate": 4, "serious weaknesses": 4,
        "special measures": 4,
    ]

    private static func key(_ text: String) -> String { text.lowercased() }
}
