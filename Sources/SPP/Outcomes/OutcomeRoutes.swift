import HTTPServer
import JSON

/// `/v1/outcomes/…`: the national comparison rates admins enter, and the
/// Ofsted outcome of the schools a key sees.
enum OutcomeRoutes {
    static func register(in routes: inout RouteTable, outcomes: OutcomeService) {
        routes.add(.get, "/v1/outcomes/national-rates/{year}", access: .key) { context in
            Response.resource(try outcomes.nationalRate(year: try context.id("year")))
        }
        routes.add(.put, "/v1/outcomes/national-rates/{year}", access: .admin) { context in
            let year = try context.id("year")
            let object = try context.jsonObject()
            var body = JSONObjectReader(object)
            let improvedRate = body.double("improvedRate", required: false, range: 0...1)
            let declinedRate = body.double("declinedRate", required: false, range: 0...1)
            if (object["improvedRate"] ?? .null) == .null && (object["declinedRate"] ?? .null) == .null {
                body.addError("improvedRate", "or declinedRate is required: a year's figures give at least one rate")
            }
            let source = body.string("source", required: true, maxLength: 2000, minLength: 1)
            let definition = body.string("definition", required: true, maxLength: 2000, minLength: 1)
            if let improvedRate, let declinedRate, improvedRate + declinedRate > 1 {
                body.addError("declinedRate", "and improvedRate are shares of the same schools: together at most 1")
            }
            let years = NationalRate.years
            if !years.contains(year) {
                body.addError("year", "must be from \(years.lowerBound) to \(years.upperBound)")
            }
            let errors = body.finish(readOnly: ["year", "version", "createdAt", "updatedAt"])
            guard errors.isEmpty, let source, let definition else {
                throw Problem.invalid(errors)
            }
            return Response.resource(
                try outcomes.putNationalRate(
                    year: year, improvedRate: improvedRate, declinedRate: declinedRate, source: source,
                    definition: definition, ifMatch: context.checkIfMatch(version:), by: context.actor))
        }
        routes.add(.get, "/v1/outcomes/ofsted", access: .key, query: ["cohort", "partnershipId", "region"]) { context in
            var query = QueryFilters(context)
            let filters = OutcomeService.Filters(
                cohort: try query.read { try $0.queryInt("cohort", in: Partnership.cohorts) },
                partnershipID: try query.read { try $0.queryInt("partnershipId", in: 1...Int(Int32.max)) },
                region: try query.read { try $0.queryEnum("region", as: Region.self) })
            try query.finish()
            return Response.json(try outcomes.ofsted(filters, visibility: context.visibility).jsonBytes())
        }
    }
}
