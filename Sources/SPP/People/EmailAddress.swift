/// The basic syntax check an email address gets before it is stored: enough
/// to catch typing slips (a missing `@`, a space, no domain), without trying
/// to implement RFC 5322, whose full grammar accepts things no school uses.
public enum EmailAddress {
    public static let maxLength = 254

    /// One `@` with a non-empty local part before it and a dotted domain after
    /// it, no whitespace or control characters, no empty domain labels.
    public static func isPlausible(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
            !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty
        else { return false }
        guard
            !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F })
        else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
    }
}
