import CSV

/// The cells of one record of a GIAS extract, read by column into our
/// types, with every problem found on the way (named by the column's header).
struct GIASRowReader {
    let record: CSVRecord
    let positions: [GIASExtract.Column: Int]
    private(set) var issues: [Problem.Issue] = []

    /// The cell trimmed of spaces and tabs; an empty cell stands for null.
    func cell(_ column: GIASExtract.Column) -> String {
        Self.trimmed(record.fields[positions[column]!])
    }

    mutating func fail(_ column: GIASExtract.Column, _ message: String) {
        issues.append(Problem.Issue(field: column.rawValue, message: message, line: record.line))
    }

    mutating func text(_ column: GIASExtract.Column, required: Bool, maxLength: Int) -> String? {
        let text = cell(column)
        if text.isEmpty {
            if required { fail(column, "is required") }
            return nil
        }
        if text.utf8.contains(0) {
            fail(column, "must not contain NUL characters")
            return nil
        }
        // Unicode scalars, as the schema's `length()` CHECKs count them; each
        // takes at least one byte, so a short byte count settles it uncounted.
        if text.utf8.count > maxLength && text.unicodeScalars.count > maxLength {
            fail(column, "must be at most \(maxLength) characters")
            return nil
        }
        return text
    }

    mutating func urn() -> Int? {
        let text = cell(.urn)
        guard let urn = Self.wholeNumber(text), School.urns.contains(urn) else {
            fail(
                .urn,
                text.isEmpty ? "is required" : "must be a six-digit URN from 100000 to 999999, not \(Self.quoted(text))"
            )
            return nil
        }
        return urn
    }

    /// A phase or region in GIAS spelling; `names` are listed when it is not one.
    mutating func vocabulary<T>(_ column: GIASExtract.Column, _ map: (String) -> T?, names: [String]) -> T? {
        let text = cell(column)
        guard let value = map(text) else {
            fail(
                column,
                text.isEmpty ? "is required" : "\(Self.quoted(text)) is not one of: \(names.joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// A trust needs both its code and its name; a school in no trust has neither.
    mutating func trust() -> GIASExtract.TrustReference? {
        let code = text(.trustCode, required: false, maxLength: Trust.giasCodeMaxLength)
        let name = text(.trustName, required: false, maxLength: 200)
        if let code, let name { return GIASExtract.TrustReference(code: code, name: name) }
        if code != nil, cell(.trustName).isEmpty { fail(.trustName, "is required when Trusts (code) is given") }
        if name != nil, cell(.trustCode).isEmpty { fail(.trustCode, "is required when Trusts (name) is given") }
        return nil
    }

    /// GIAS leaves the count blank for some establishments: that is no count.
    mutating func pupils() -> Int? {
        let text = cell(.pupils)
        guard !text.isEmpty else { return nil }
        guard let pupils = Self.wholeNumber(text), School.pupilCounts.contains(pupils) else {
            fail(.pupils, "must be a whole number from 0 to \(School.pupilCounts.upperBound), not \(Self.quoted(text))")
            return nil
        }
        return pupils
    }

    static func trimmed(_ text: String) -> String {
        let isBlank = { (c: Character) in c == " " || c == "\t" }
        guard let first = text.first, let last = text.last, isBlank(first) || isBlank(last) else { return text }
        return String(text.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }

    /// Plain ASCII digits only: no sign, no spaces, no decimal point; short
    /// enough that it cannot overflow.
    private static func wholeNumber(_ text: String) -> Int? {
        let digits = text.utf8
        guard (1...9).contains(digits.count), digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int(text)
    }

    /// The cell as it was, cut short: errors echo what they complain about, within reason.
    private static func quoted(_ text: String) -> String {
        "\"\(text.count > 40 ? text.prefix(40) + "…" : Substring(text))\""
    }
}
