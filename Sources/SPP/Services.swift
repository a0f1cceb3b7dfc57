import SQLiteStore

/// The domain services over one database, shared by the HTTP server and the
/// command line so both enforce the same rules.
public struct Services: Sendable {
    public let database: Database
    public let clock: any WallClock
    /// The newest migration this build knows; `/readyz` compares against it.
    public let schemaVersion: Int
    public let keys: APIKeyService
    public let partnerships: PartnershipService
    public let memberships: MembershipService
    public let people: PersonService
    public let schools: SchoolService
    public let schoolImport: SchoolImportService
    public let trusts: TrustService
    public let trainingSessions: TrainingSessionService
    public let bookings: BookingService
    public let inspections: InspectionService
    public let outcomes: OutcomeService
    public let reviews: ReviewService
    public let reviewActions: ReviewActionService
    public let audit: AuditService
    public let changes: ChangeFeed

    public init(database: Database, clock: any WallClock, schemaVersion: Int) {
        self.database = database
        self.clock = clock
        self.schemaVersion = schemaVersion
        keys = APIKeyService(database: database, clock: clock)
        partnerships = PartnershipService(database: database, clock: clock)
        memberships = MembershipService(database: database, clock: clock)
        people = PersonService(database: database, clock: clock)
        schools = SchoolService(database: database, clock: clock)
        schoolImport = SchoolImportService(database: database, clock: clock)
        trusts = TrustService(database: database, clock: clock)
        trainingSessions = TrainingSessionService(database: database, clock: clock)
        bookings = BookingService(database: database, clock: clock)
        inspections = InspectionService(database: database, clock: clock)
        outcomes = OutcomeService(database: database, clock: clock)
        reviews = ReviewService(database: database, clock: clock)
        reviewActions = ReviewActionService(database: database, clock: clock)
        audit = AuditService(database: database)
        changes = ChangeFeed(database: database)
    }

    /// Opens the database and brings its schema up to date; refuses a database
    /// newer than this build.
    public static func open(path: String, resources: ResourceDirectory, clock: any WallClock) throws -> Services {
        let migrator = Migrator(migrations: try Migration.load(directory: resources.migrationsPath))
        let database = try Database(path: path)
        do {
            try migrator.migrate(database)
        } catch {
            database.close()
            throw error
        }
        return Services(database: database, clock: clock, schemaVersion: migrator.latestVersion)
    }
}
