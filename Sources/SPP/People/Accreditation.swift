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
    /// Read from the column's bytes: splitting a `String` into `Character`s
    /// made the accreditations a third of a page of people.
    static func list(stored bytes: UnsafeBufferPointer<UInt8>) -> [Accreditation] {
        bytes.split(separator: UInt8(ascii: ",")).compactMap { entry -> Accreditation? in
            let parts = entry.split(separator: UInt8(ascii: " "))
            guard parts.count == 3, let completed = CivilDate.parse(UnsafeBufferPointer(rebasing: parts[1])),
                let until = CivilDate.parse(UnsafeBufferPointer(rebasing: parts[2]))
            else { return nil }
            return Accreditation(
                course: String(decoding: parts[0], as: UTF8.self), completedOn: completed, validUntil: until)
        }.sorted { $0.course < $1.course }
    }
}
