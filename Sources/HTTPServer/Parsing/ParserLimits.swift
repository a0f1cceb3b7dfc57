/// Size limits enforced while parsing, before any handler runs.
public struct ParserLimits: Sendable {
    /// Longest request target accepted; longer → `414`.
    public var maxTargetLength = 8 * 1024
    /// Largest header section: the field lines with their CRLFs, after the
    /// request line and before the final empty line; larger → `431`.
    public var maxHeaderSectionBytes = 16 * 1024
    /// Most header fields accepted; more → `431`.
    public var maxHeaderFields = 100
    /// Longest chunk-size line, extensions included.
    public var maxChunkLineLength = 4 * 1024

    public init() {}
}
