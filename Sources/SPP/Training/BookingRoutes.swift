import HTTPServer
import JSON

/// Bookings need a key: admins see and book anyone; trust and partnership
/// keys see the bookings of the people of the schools in their scope, and
/// book and cancel for their own people (a trust's schools, a partnership's
/// members). Recording attendance is for admins.
enum BookingRoutes {
    static func register(in routes: inout RouteTable, bookings: BookingService) {
        routes.add(.get, "/v1/training-sessions/{id}/bookings", access: .key, query: ["limit", "cursor"]) { context in
            let id = try context.id("id")
            return try ListResponse.respond(context) {
                try bookings.list(sessionID: id, $0, visibility: context.visibility)
            }
        }
        routes.add(.post, "/v1/training-sessions/{id}/bookings", access: .key) { context in
            let id = try context.id("id")
            var body = JSONObjectReader(try context.jsonObject())
            let personID = body.int("personId", required: true, range: 1...Int(Int32.max))
            let booking = try bookings.book(
                sessionID: id, personID: personID, invalid: body.finish(), visibility: context.visibility,
                by: context.actor)
            return Response.resource(booking, status: .created, location: "/v1/bookings/\(booking.id)")
        }
        routes.add(.get, "/v1/bookings/{id}", access: .key) { context in
            Response.resource(try bookings.booking(id: try context.id("id"), visibility: context.visibility))
        }
        routes.add(.patch, "/v1/bookings/{id}", access: .admin) { context in
            let id = try context.id("id")
            var body = JSONObjectReader(try context.jsonObject())
            let attendance = body.enum("status", required: body.isPresent("status"), as: Attendance.self)
            return Response.resource(
                try bookings.recordAttendance(
                    id: id, attendance, invalid: body.finish(), ifMatch: context.checkIfMatch(version:),
                    by: context.actor))
        }
        routes.add(.post, "/v1/bookings/{id}/cancel", access: .key) { context in
            let id = try context.id("id")
            try context.requireNoFields()
            return Response.resource(try bookings.cancel(id: id, visibility: context.visibility, by: context.actor))
        }
    }
}
