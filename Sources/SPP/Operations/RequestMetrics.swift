import HTTPServer
import Prometheus

/// Prometheus metrics (CONTRACT §4): requests by route and status, latency per
/// route, open connections. Routes are labelled by pattern (`/v1/schools/{urn}`),
/// never by raw path, so the label set stays small.
public final class RequestMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let connections: Gauge
    private let connectionCount = SystemLock<(@Sendable () -> Int)?>(nil)
    /// The registry validates names and labels on every `make…` call, so each
    /// series is made once and then looked up here: a request's counter and its
    /// route's histogram under one key, so a request hashes its route once.
    private let series = SystemLock<[SeriesKey: (counter: Counter, histogram: DurationHistogram)]>([:])

    /// Requests answered before their head was parsed, by status: they have no route.
    private let unparsed = SystemLock<[Int: Counter]>([:])

    private struct SeriesKey: Hashable {
        var method: HTTPMethod
        var route: String
        var status: Int
    }

    /// Computed: the descriptor type is not `Sendable`, so it cannot be a
    /// stored static; it is only needed when a series is first made.
    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "spp", metricName: "http_requests", unitName: "total",
            helpText: "HTTP requests by route and status.")
    }
    private static var latency: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "spp", metricName: "http_request_duration", unitName: "seconds",
            helpText: "Time to produce a response.")
    }
    private static let buckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(1000),
    ]

    public init() {
        connections = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "spp", metricName: "open_connections", unitName: "", helpText: "Open client connections."))
    }

    /// The server is built after the routes, so its connection count is wired in late.
    public func observeConnections(_ count: @escaping @Sendable () -> Int) {
        connectionCount.withLock { $0 = count }
    }

    func recordUnparsed(status: Int) {
        let counter = unparsed.withLock { counters in
            if let found = counters[status] { return found }
            let made = registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    namespace: "spp", metricName: "http_unparsed_requests", unitName: "total",
                    helpText: "Requests answered before their head was parsed (malformed, too large, too slow)."),
                labels: [("status", String(status))])
            counters[status] = made
            return made
        }
        counter.increment()
    }

    func record(method: HTTPMethod, route: String, status: Int, duration: Duration) {
        let (counter, histogram) = series.withLock { series in
            let key = SeriesKey(method: method, route: route, status: status)
            if let found = series[key] { return found }
            // The registry hands back the series it already has for the same
            // labels, so another status of the same route shares its histogram.
            let made = (
                counter: registry.makeCounter(
                    descriptor: Self.requests,
                    labels: [("method", method.rawValue), ("route", route), ("status", String(status))]),
                histogram: registry.makeDurationHistogram(
                    descriptor: Self.latency, labels: [("route", route)], buckets: Self.buckets)
            )
            series[key] = made
            return made
        }
        counter.increment()
        histogram.record(duration)
    }

    func exposition() -> [UInt8] {
        if let count = connectionCount.withLock({ $0 }) { connections.set(Double(count())) }
        return registry.emitToBuffer()
    }
}
