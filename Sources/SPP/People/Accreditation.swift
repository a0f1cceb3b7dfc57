import JSON

/// A person's current standing in one kind of SPP training, as the training
/// records leave it: when the initial course was completed and until when it
/// counts (moved on by each refresher). Shown on people, never written through them.
public struct Accreditation: JSONEncodable, Sendable, Equatable {
    /// The initial course's kind: `improvement_champion` or `peer_reviewer`.
    public var course: String
    public var completedOn: CivilDate
    public var validUntil: CivilDate

    public init(course: String, completedOn: CivilDate, validUntil: CivilDate) {
        self.course = course
        self.completedOn = completedOn
        self.validUntil = validUntil
    }

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("course", course)
        w.field("completedOn", completedOn.description)
        w.field("validUntil", validUntil.description)
        w.endObject()
    }

    /// Reads the `course completed_on valid_until` triples a person query
    /// concatenates (one query per page instead of one per person), by course.
    static func list(concatenated text: String?) -> [Accreditation] {
        guard let text else { return [] }
        return text.split(separator: ",").compactMap { entry -> Accreditation? in
            let parts = entry.split(separator: " ")
            guard parts.count == 3, let completed = CivilDate(parts[1]), let until = CivilDate(parts[2]) else {
                return nil
            }
            return Accreditation(course: String(parts[0]), completedOn: completed, validUntil: until)
        }.sorted { $0.course < $1.course }
    }
}
