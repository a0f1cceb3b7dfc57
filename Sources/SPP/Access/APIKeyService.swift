import Crypto
import HTTPServer
import SQLiteStore

/// Issues, checks and revokes API keys. Keys are random, shown once, and stored
/// only as a SHA-256 hash; checked keys are cached by hash so authentication
/// costs no database read on the hot path.
public final class APIKeyService: Sendable {
    private struct CachedKey {
        var caller: Caller
        var lastUsedWritten: Int64
    }

    /// A key's SHA-256 as the cache's key: four words hash faster than the
    /// 64-digit hex the database stores, which is only made on a cache miss.
    private struct Digest: Hashable, Sendable {
        let a: UInt64, b: UInt64, c: UInt64, d: UInt64

        init(of secret: String) {
            var secret = secret
            (a, b, c, d) = secret.withUTF8 { SHA256.hash(data: $0) }.withUnsafeBytes { bytes in
                func word(_ i: Int) -> UInt64 {
                    UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
                }
                return (word(0), word(1), word(2), word(3))
            }
        }

        var hex: String {
            withUnsafeBytes(of: (a.littleEndian, b.littleEndian, c.littleEndian, d.littleEndian)) { Hex.encode($0) }
        }

        /// One word is enough to place a SHA-256 in a table (equality still
        /// compares all four); hashing four cost 1k instructions a request.
        func hash(into hasher: inout Hasher) { hasher.combine(a) }
    }

    private let database: Database
    private let clock: any WallClock
    private let cache = SystemLock<[Digest: CachedKey]>([:])
    private let generate: @Sendable () -> [UInt8]

    /// `lastUsedAt` is written at most this often per key, so reads stay reads.
    private static let lastUsedResolution: Int64 = 60

    public init(
        database: Database, clock: any WallClock,
        randomBytes: @escaping @Sendable () -> [UInt8] = APIKeyService.systemRandomBytes
    ) {
        self.database = database
        self.clock = clock
        generate = randomBytes
    }

    public static let systemRandomBytes: @Sendable () -> [UInt8] = {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    public func create(name: String, role: Role, scope: Int?, by actor: Actor) throws -> IssuedKey {
        let secret = "spp_" + Base64URL.encode(generate())
        let now = clock.now()
        let id = try database.write { db -> Int in
            if let scope { try Self.requireScopeExists(db, role: role, scope: scope) }
            try db.run(
                "INSERT INTO api_keys (name, role, scope_id, key_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                [name, role.rawValue, scope, Self.hash(secret), now.description])
            let id = Int(db.lastInsertRowID)
            try ChangeLog.record(db, .apiKey, id: id, .created, by: actor, at: now)
            return id
        }
        let key = APIKey(id: id, name: name, role: role, scope: scope, createdAt: now, lastUsedAt: nil)
        return IssuedKey(key: key, secret: secret)
    }

    /// The caller a bearer token stands for, recording the key's use; nil for
    /// an unknown or revoked key.
    public func authenticate(_ secret: String) throws -> Caller? {
        let digest = Digest(of: secret)
        let now = clock.now().secondsSinceEpoch
        if let cached = cache.withLock({ $0[digest] }) {
            if now - cached.lastUsedWritten >= Self.lastUsedResolution {
                touch(digest, caller: cached.caller, now: now)
            }
            return cached.caller
        }
        guard let caller = try stored(digest) else { return nil }
        touch(digest, caller: caller, now: now)
        return caller
    }

    /// The caller a bearer token stands for, without recording its use (no
    /// write): for deciding whether to read a request at all.
    public func caller(ofSecret secret: String) throws -> Caller? {
        let digest = Digest(of: secret)
        if let cached = cache.withLock({ $0[digest] }) { return cached.caller }
        return try stored(digest)
    }

    private func stored(_ digest: Digest) throws -> Caller? {
        try database.readStatement { db in
            try db.fetchOne(
                "SELECT id, role, scope_id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", [digest.hex]
            ) { row in Caller(keyID: row.int(0), role: Role(rawValue: row.text(1)), scopeID: row.optionalInt(2)) }
        }
    }

    public func list(_ page: PageRequest) throws -> Page<APIKey> {
        let after = try page.afterIntegers(1)?[0] ?? 0
        let rows = try database.read { db in
            try db.fetch(
                """
                SELECT id, name, role, scope_id, created_at, last_used_at FROM api_keys
                WHERE revoked_at IS NULL AND id > ? ORDER BY id LIMIT ?
                """, [after, page.limit + 1]
            ) { row in
                APIKey(
                    id: row.int(0), name: row.text(1), role: row.enumeration(2, or: Role.admin),
                    scope: row.optionalInt(3), createdAt: row.timestamp(4),
                    lastUsedAt: row.optionalText(5).flatMap { Timestamp($0) })
            }
        }
        return Page(fetched: rows, limit: page.limit) { [String($0.id)] }
    }

    /// Revokes at once: the key is dropped from the cache in the same call.
    public func revoke(id: Int, by actor: Actor) throws {
        let now = clock.now()
        try database.write { db in
            let changed = try db.run(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [now.description, id])
            guard changed == 1 else { throw Problem.notFound("No such API key.") }
            cache.withLock { $0 = $0.filter { $0.value.caller.keyID != id } }
            try ChangeLog.record(db, .apiKey, id: id, .deleted, by: actor, at: now)
        }
    }

    /// Records `lastUsedAt` and (re)caches the key, both under the writer lock
    /// and only while the key is still unrevoked: `revoke` clears the cache under
    /// the same lock, so a request racing a revocation can never put the key back.
    /// Best effort: a failed write leaves the key uncached but the request valid.
    private func touch(_ digest: Digest, caller: Caller, now: Int64) {
        _ = try? database.write { db in
            let active = try db.run(
                "UPDATE api_keys SET last_used_at = ? WHERE key_hash = ? AND revoked_at IS NULL",
                [Timestamp(secondsSinceEpoch: now).description, digest.hex])
            if active == 1 {
                cache.withLock { $0[digest] = CachedKey(caller: caller, lastUsedWritten: now) }
            }
        }
    }

    private static func requireScopeExists(_ db: Connection, role: Role, scope: Int) throws {
        let table = role == .trust ? "trusts" : "partnerships"
        guard try db.scalarInt("SELECT count(*) FROM \(table) WHERE id = ?", [scope]) == 1 else {
            throw Problem.invalid(field: "scope", "no \(role.rawValue) with id \(scope)")
        }
    }

    /// What the database stores for a key: the hex SHA-256 of its secret.
    static func hash(_ secret: String) -> String { Digest(of: secret).hex }
}
