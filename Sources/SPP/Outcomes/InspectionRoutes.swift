import HTTPServer
import JSON

/// `/v1/schools/{urn}/inspections` and `/v1/inspections/{id}`: any key reads
/// the inspections of the schools it sees; only admins record or delete them.
enum InspectionRoutes {
    static func register(in routes: inout RouteTable, inspections: InspectionService) {
        routes.add(.get, "/v1/schools/{urn}/inspections", access: .key, query: ["limit", "cursor"]) { context in
            let urn = try context.id("urn")
            return try ListResponse.respond(context) {
                try inspections.list(urn: urn, $0, visibility: context.visibility)
            }
        }
        routes.add(.post, "/v1/schools/{urn}/inspections", access: .admin) { context in
            let urn = try context.id("urn")
            var body = JSONObjectReader(try context.jsonObject())
            let draft = readDraft(&body, today: context.clock.today())
            let errors = body.finish(readOnly: ["id", "urn", "version", "createdAt", "updatedAt"])
            let inspection = try inspections.create(urn: urn, draft, invalid: errors, by: context.actor)
            return Response.resource(inspection, status: .created, location: "/v1/inspections/\(inspection.id)")
        }
        routes.add(.get, "/v1/inspections/{id}", access: .key) { context in
            Response.resource(try inspections.inspection(id: try context.id("id"), visibility: context.visibility))
        }
        routes.add(.delete, "/v1/inspections/{id}", access: .admin) { context in
            try inspections.delete(id: try context.id("id"), ifMatch: context.checkIfMatch(version:), by: context.actor)
            return Response(status: .noContent)
        }
    }

    /// Reads an inspection and checks it against its framework: a field that
    /// does not belong to the framework, or a date outside its period or in
    /// the future, is a `422` (CONTRACT §3).
    private static func readDraft(_ body: inout JSONObjectReader, today: CivilDate) -> Inspection.Draft? {
        let framework = body.enum("framework", required: true, as: InspectionFramework.self)
        let inspectedOn = body.date("inspectedOn", required: true)
        if let inspectedOn, today < inspectedOn { body.addError("inspectedOn", "must not be in the future") }
        if let inspectedOn, let framework, !framework.covers(inspectedOn) {
            body.addError("inspectedOn", "must be \(framework.periodDescription) for \(framework.rawValue)")
        }

        // With no valid framework every field is read, so that its own errors show too.
        func belongs(_ field: String, _ frameworks: [InspectionFramework]) -> Bool {
            guard let framework, !frameworks.contains(framework) else { return true }
            body.refuse(field, "does not belong to a \(framework.rawValue) inspection")
            return false
        }
        var overallGrade: Int?
        if belongs("overallGrade", [.gradedPre2024]) {
            overallGrade = body.int("overallGrade", required: framework == .gradedPre2024, range: 1...4)
        }
        var keyJudgements: Inspection.KeyJudgements?
        if belongs("keyJudgements", [.gradedPre2024, .graded2024]),
            let object = body.object("keyJudgements", required: framework == .graded2024)
        {
            keyJudgements = readKeyJudgements(object, into: &body)
        }
        var reportCard: Inspection.ReportCard?
        if belongs("reportCard", [.reportCard2025]),
            let object = body.object("reportCard", required: framework == .reportCard2025)
        {
            reportCard = readReportCard(object, into: &body)
        }
        guard body.errors.isEmpty, let framework, let inspectedOn else { return nil }
        return Inspection.Draft(
            inspectedOn: inspectedOn, framework: framework, overallGrade: overallGrade,
            keyJudgements: keyJudgements, reportCard: reportCard)
    }

    private static func readKeyJudgements(_ object: JSONObject, into body: inout JSONObjectReader)
        -> Inspection.KeyJudgements?
    {
        var reader = JSONObjectReader(object, path: "keyJudgements.")
        let grades = Inspection.KeyJudgements.fields.map { reader.int($0, required: true, range: 1...4) }
        for error in reader.finish() { body.addError(error.field, error.message) }
        let read = grades.compactMap { $0 }
        guard read.count == grades.count else { return nil }
        return Inspection.KeyJudgements(
            qualityOfEducation: read[0], behaviourAndAttitudes: read[1], personalDevelopment: read[2],
            leadershipAndManagement: read[3])
    }

    private static func readReportCard(_ object: JSONObject, into body: inout JSONObjectReader)
        -> Inspection.ReportCard?
    {
        var reader = JSONObjectReader(object, path: "reportCard.")
        let areas = Inspection.ReportCard.areaFields.map {
            reader.enum($0, required: true, as: Inspection.ReportCard.Grade.self)
        }
        let safeguarding = reader.enum("safeguarding", required: true, as: Inspection.ReportCard.Safeguarding.self)
        for error in reader.finish() { body.addError(error.field, error.message) }
        let read = areas.compactMap { $0 }
        guard read.count == areas.count, let safeguarding else { return nil }
        return Inspection.ReportCard(areas: read, safeguarding: safeguarding)
    }
}
