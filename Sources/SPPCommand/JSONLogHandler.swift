import Foundation
import JSON
import Logging

/// One JSON object per line on stderr (`SPP_LOG_FORMAT=json`).
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var w = JSONWriter()
        w.beginObject()
        w.field("at", ISO8601DateFormatter().string(from: Date()))
        w.field("level", event.level.rawValue)
        w.field("label", label)
        w.field("message", event.message.description)
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            w.key(key)
            w.string(value.description)
        }
        w.endObject()
        var bytes = w.bytes
        bytes.append(0x0A)
        FileHandle.standardError.write(Data(bytes))
    }
}
