/// One JSON value as parsed or as built by hand.
///
/// Integers and other numbers are separate cases so that ids and counts
/// survive a round trip exactly (a `Double` loses integers above 2^53) and so
/// that validation can tell `2` from `2.0`.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}
