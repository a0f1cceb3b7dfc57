#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Migration {
    /// Loads `NNNN_name.sql` files from a directory, sorted by version; throws
    /// on a bad file name or duplicate version.
    ///
    /// Strict on purpose: a misnamed file would otherwise be skipped silently
    /// and its schema change never applied. Files not ending in `.sql` and
    /// hidden files (editor and AppleDouble droppings) are ignored.
    public static func load(directory: String) throws -> [Migration] {
        var migrations: [Migration] = []
        for fileName in try sqlFileNames(in: directory) {
            guard let (version, name) = parse(fileName: fileName) else {
                throw MigrationError.invalidFileName(fileName)
            }
            let sql = try readText(at: directory + "/" + fileName)
            migrations.append(Migration(version: version, name: name, sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (earlier, later) in zip(migrations, migrations.dropFirst()) where earlier.version == later.version {
            throw MigrationError.duplicateVersion(later.version)
        }
        return migrations
    }

    /// Splits `0001_create_users.sql` into `(1, "create_users")`.
    static func parse(fileName: String) -> (version: Int, name: String)? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(4)
        guard let separator = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<separator]
        let name = stem[stem.index(after: separator)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let version = Int(digits), version > 0,
            !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else { return nil }
        return (version, String(name))
    }

    private static func sqlFileNames(in directory: String) throws -> [String] {
        guard let stream = opendir(directory) else {
            throw MigrationError.unreadable(path: directory, reason: String(cString: strerror(errno)))
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasSuffix(".sql") && !name.hasPrefix(".") {
                names.append(name)
            }
        }
        return names
    }

    private static func readText(at path: String) throws -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw MigrationError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw MigrationError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            bytes.append(contentsOf: chunk[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
