import CSV

/// A GIAS extract, read and checked row by row. Every problem of every row
/// is collected with the physical line its record starts on (the header is
/// line 1), so one `422` lists them all and the file can be fixed in one go.
/// A CSV syntax error ends the reading: nothing after it can be trusted.
struct GIASExtract {
    /// One school as the extract describes it, in our terms.
    struct Row: Sendable {
        var line: Int
        var urn: Int
        var name: String
        var type: String
        var phase: Phase
        var localAuthority: String
        var region: Region
        var trust: TrustReference?
        var ofstedGrade: Int?
        var pupils: Int?
        var postcode: String?
    }

    /// A trust as the extract names it; trusts are matched by their GIAS code.
    struct TrustReference: Hashable, Sendable {
        var code: String
        var name: String
    }

    /// The columns read, by their header names. Every one must be there (a
    /// missing column would otherwise clear that field of every school);
    /// other columns are ignored and the order is free.
    enum Column: String, CaseIterable {
        case urn = "URN"
        case name = "EstablishmentName"
        case type = "TypeOfEstablishment (name)"
        case phase = "PhaseOfEducation (name)"
        case localAuthority = "LA (name)"
        case region = "GOR (name)"
        case trustCode = "Trusts (code)"
        case trustName = "Trusts (name)"
        case ofstedRating = "OfstedRating (name)"
        case pupils = "NumberOfPupils"
        case postcode = "Postcode"
    }

    private(set) var rows: [Row] = []
    private(set) var issues: [Problem.Issue] = []
    /// Where each URN and each trust code was first seen, to report repeats.
    private var urnLines: [Int: Int] = [:]
    private var trustNames: [String: (name: String, line: Int)] = [:]

    init(csv bytes: [UInt8]) {
        var reader = CSVReader(bytes: bytes)
        do throws(CSVError) {
            guard let header = try reader.next() else {
                issues.append(Problem.Issue(field: "", message: "the file is empty; it needs a header row", line: 1))
                return
            }
            guard let positions = positions(of: header) else { return }
            while let record = try reader.next() {
                guard record.fields.count == header.fields.count else {
                    let message = "has \(record.fields.count) fields where the header has \(header.fields.count)"
                    issues.append(Problem.Issue(field: "", message: message, line: record.line))
                    continue
                }
                if let row = read(GIASRowReader(record: record, positions: positions)) { rows.append(row) }
            }
        } catch {
            issues.append(Problem.Issue(field: "", message: error.message, line: error.line))
        }
    }

    /// Each column's position in the header; nil (with the issues recorded)
    /// when a column is missing or named twice.
    private mutating func positions(of header: CSVRecord) -> [Column: Int]? {
        var positions: [Column: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            guard let column = Column(rawValue: GIASRowReader.trimmed(name)) else { continue }
            if positions[column] != nil {
                issues.append(Problem.Issue(field: column.rawValue, message: "appears twice in the header", line: 1))
            }
            positions[column] = index
        }
        for column in Column.allCases where positions[column] == nil {
            issues.append(Problem.Issue(field: column.rawValue, message: "is missing from the header", line: 1))
        }
        return issues.isEmpty ? positions : nil
    }

    /// The row in our terms, or nil with every one of its problems recorded.
    private mutating func read(_ cells: GIASRowReader) -> Row? {
        var cells = cells
        let urn = cells.urn()
        let name = cells.text(.name, required: true, maxLength: 200)
        let type = cells.text(.type, required: true, maxLength: 200)
        let phase = cells.vocabulary(.phase, GIASVocabulary.phase, names: GIASVocabulary.phaseNames)
        let localAuthority = cells.text(.localAuthority, required: true, maxLength: 200)
        let region = cells.vocabulary(.region, GIASVocabulary.region, names: GIASVocabulary.regionNames)
        let trust = cells.trust()
        let pupils = cells.pupils()
        let postcode = cells.text(.postcode, required: false, maxLength: School.postcodeMaxLength)
        let line = cells.record.line
        if let urn {
            if let first = urnLines[urn] {
                cells.fail(.urn, "repeats URN \(urn), already on line \(first)")
            } else {
                urnLines[urn] = line
            }
        }
        if let trust {
            if let first = trustNames[trust.code], first.name != trust.name {
                cells.fail(
                    .trustName, "differs from line \(first.line), which names trust \(trust.code) \"\(first.name)\"")
            } else if trustNames[trust.code] == nil {
                trustNames[trust.code] = (trust.name, line)
            }
        }
        issues += cells.issues
        guard cells.issues.isEmpty, let urn, let name, let type, let phase, let localAuthority, let region else {
            return nil
        }
        return Row(
            line: line, urn: urn, name: name, type: type, phase: phase, localAuthority: localAuthority, region: region,
            trust: trust, ofstedGrade: GIASVocabulary.ofstedGrade(cells.cell(.ofstedRating)), pupils: pupils,
            postcode: postcode)
    }
}
