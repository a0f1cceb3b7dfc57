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
        var contiguous = text
        return contiguous.withUTF8 { bytes in
            guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0, at <= 64, at + 1 < bytes.count else {
                return false
            }
            let domain = UnsafeBufferPointer(rebasing: bytes[(at + 1)...])
            guard !domain.contains(UInt8(ascii: "@")) else { return false }
            if bytes.contains(where: { $0 >= 0x80 }) {
                let blank = text.unicodeScalars.contains {
                    $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F
                }
                if blank { return false }
            } else if bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
                return false
            }
            // Every dot-separated label non-empty and not starting or ending with a hyphen.
            var labels = 0
            var start = 0
            for end in 0...domain.count where end == domain.count || domain[end] == UInt8(ascii: ".") {
                guard end > start, domain[start] != UInt8(ascii: "-"), domain[end - 1] != UInt8(ascii: "-") else {
                    return false
                }
                labels += 1
                start = end + 1
            }
            return labels >= 2
        }
    }
}
