/// The basic syntax check an email address gets before it is stored: enough
/// to catch typing slips (a missing `@`, a space, no domain), without trying
/// to implement RFC 5322, whose full grammar accepts things no school uses.
public enum EmailAddress {
    public static let maxLength = 254

    /// One `@` with a non-empty local part before it and a dotted domain after
    /// it, no whitespace or control characters, no empty domain labels.
    /// Checked on the UTF-8 bytes: splitting into Characters and asking each
    /// scalar for its Unicode properties cost 25k instructions per address,
    /// about a tenth of creating a person. Only non-ASCII text, where
    /// whitespace has more spellings, still asks Unicode.
    public static func isPlausible(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[bytes.index(after: at)...]
        guard !local.isEmpty, local.count <= 64, !domain.isEmpty, !domain.contains(UInt8(ascii: "@")) else {
            return false
        }
        if bytes.contains(where: { $0 >= 0x80 }) {
            let blank = text.unicodeScalars.contains {
                $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F
            }
            if blank { return false }
        } else if bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
            return false
        }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.count >= 2
            && labels.allSatisfy { !$0.isEmpty && $0.first != UInt8(ascii: "-") && $0.last != UInt8(ascii: "-") }
    }
}
