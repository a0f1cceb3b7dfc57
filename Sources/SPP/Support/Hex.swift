/// Lowercase hexadecimal, written straight into one buffer: key hashes are
/// encoded on every authenticated request, and per-byte `String(radix:)`
/// allocations showed up in the profile.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            var i = 0
            for byte in bytes {
                buffer[i] = digits[Int(byte >> 4)]
                buffer[i + 1] = digits[Int(byte & 0xF)]
                i += 2
            }
            return i
        }
    }

    /// The 16 digits of a 64-bit value, most significant first.
    public static func encode(_ value: UInt64) -> String {
        withUnsafeBytes(of: value.bigEndian) { encode($0) }
    }
}
