import JSON
import SQLiteStore

/// One Ofsted inspection of a school (CONTRACT §3 "Evaluation outcomes").
/// Only the fields of its framework are set; outcomes compare overall grades only.
public struct Inspection: VersionedResource, IDKeyedRecord, Equatable {
    public var id: Int
    public var urn: Int
    public var inspectedOn: CivilDate
    public var framework: InspectionFramework
    public var overallGrade: Int?
    public var keyJudgements: KeyJudgements?
    public var reportCard: ReportCard?
    public var version: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    /// The 2024/25 judgements (and, optionally, those beside a pre-2024 overall grade), each 1-4.
    public struct KeyJudgements: Equatable, Sendable {
        public var qualityOfEducation: Int
        public var behaviourAndAttitudes: Int
        public var personalDevelopment: Int
        public var leadershipAndManagement: Int

        static let fields = [
            "qualityOfEducation", "behaviourAndAttitudes", "personalDevelopment", "leadershipAndManagement",
        ]
        var grades: [Int] { [qualityOfEducation, behaviourAndAttitudes, personalDevelopment, leadershipAndManagement] }
    }

    /// A report card from November 2025: each area on Ofsted's five-point scale.
    public struct ReportCard: Equatable, Sendable {
        public enum Grade: String, CaseIterable, Sendable {
            case exceptional
            case strongStandard = "strong_standard"
            case expectedStandard = "expected_standard"
            case needsAttention = "needs_attention"
            case urgentImprovement = "urgent_improvement"
        }

        public enum Safeguarding: String, CaseIterable, Sendable {
            case met
            case notMet = "not_met"
        }

        /// In the order of `areaFields`.
        public var areas: [Grade]
        public var safeguarding: Safeguarding

        static let areaFields = [
            "inclusion", "curriculumAndTeaching", "achievement", "attendanceAndBehaviour",
            "personalDevelopmentAndWellbeing", "leadershipAndGovernance",
        ]
    }

    public func encode(to w: inout JSONWriter) {
        w.beginObject()
        w.field("id", id)
        w.field("urn", urn)
        w.field("inspectedOn", inspectedOn.description)
        w.field("framework", framework.rawValue)
        w.field("overallGrade", overallGrade)
        w.key("keyJudgements")
        if let keyJudgements {
            w.beginObject()
            for (name, grade) in zip(KeyJudgements.fields, keyJudgements.grades) {
                w.key(name)
                w.int(grade)
            }
            w.endObject()
        } else {
            w.null()
        }
        w.key("reportCard")
        if let reportCard {
            w.beginObject()
            for (name, grade) in zip(ReportCard.areaFields, reportCard.areas) {
                w.key(name)
                w.string(grade.rawValue)
            }
            w.field("safeguarding", reportCard.safeguarding.rawValue)
            w.endObject()
        } else {
            w.null()
        }
        w.field("version", version)
        w.field("createdAt", createdAt)
        w.field("updatedAt", updatedAt)
        w.endObject()
    }

    static let source = "inspections i"
    static let idColumn = "i.id"
    static let columns = """
        i.id, i.urn, i.inspected_on, i.framework, i.overall_grade,
        i.kj_quality_of_education, i.kj_behaviour_and_attitudes, i.kj_personal_development,
        i.kj_leadership_and_management,
        i.rc_inclusion, i.rc_curriculum_and_teaching, i.rc_achievement, i.rc_attendance_and_behaviour,
        i.rc_personal_development_and_wellbeing, i.rc_leadership_and_governance, i.rc_safeguarding,
        i.version, i.created_at, i.updated_at
        """

    init(row: Row) {
        id = row.int(0)
        urn = row.int(1)
        inspectedOn = row.date(2)
        framework = row.enumeration(3, or: InspectionFramework.ungraded)
        overallGrade = row.optionalInt(4)
        keyJudgements = row.optionalInt(5).map { quality in
            KeyJudgements(
                qualityOfEducation: quality, behaviourAndAttitudes: row.int(6), personalDevelopment: row.int(7),
                leadershipAndManagement: row.int(8))
        }
        let firstArea: Int32 = 9
        let safeguardingColumn = firstArea + Int32(ReportCard.areaFields.count)
        reportCard =
            row.isNull(safeguardingColumn)
            ? nil
            : ReportCard(
                areas: (firstArea..<safeguardingColumn).map {
                    row.enumeration($0, or: ReportCard.Grade.expectedStandard)
                },
                safeguarding: row.enumeration(safeguardingColumn, or: ReportCard.Safeguarding.notMet))
        version = row.int(16)
        createdAt = row.timestamp(17)
        updatedAt = row.timestamp(18)
    }

    init(id: Int, urn: Int, _ draft: Draft, createdAt: Timestamp) {
        self.id = id
        self.urn = urn
        inspectedOn = draft.inspectedOn
        framework = draft.framework
        overallGrade = draft.overallGrade
        keyJudgements = draft.keyJudgements
        reportCard = draft.reportCard
        version = 1
        self.createdAt = createdAt
        updatedAt = createdAt
    }

    /// What a client sends to record an inspection, once read and checked.
    public struct Draft: Sendable {
        public var inspectedOn: CivilDate
        public var framework: InspectionFramework
        public var overallGrade: Int?
        public var keyJudgements: KeyJudgements?
        public var reportCard: ReportCard?
    }
}

extension Inspection: CSVExportable {
    public static let csvColumns =
        ["id", "urn", "inspectedOn", "framework", "overallGrade"]
        + KeyJudgements.fields.map { "keyJudgements.\($0)" } + ReportCard.areaFields.map { "reportCard.\($0)" }
        + ["reportCard.safeguarding", "version", "createdAt", "updatedAt"]
}
